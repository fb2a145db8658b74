from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# django-leaflet's admin module imports GeoDjango, which needs the system GDAL
# library. We use django-leaflet for the page only, so its admin is skipped.
SKIPPED_ADMIN_MODULES = {"leaflet"}


class ProjectAdminConfig(SimpleAdminConfig):
    """The Django admin, discovering every app's admin module but django-leaflet's."""

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIPPED_ADMIN_MODULES:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")

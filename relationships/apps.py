from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "relationships"
    verbose_name = "Defence relationships"

    def ready(self):
        from . import cache

        cache.connect()

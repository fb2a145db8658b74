"""The `editors` group: what an editor of the facts may do, and nothing more.

Editors view, add, change and delete the relationships models and view their
history; history rows themselves are read-only to them (a revert is a new
change, recorded like any other). They cannot manage users or groups: no
permission of django.contrib.auth is ever given.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

GROUP_NAME = "editors"
ACTIONS = ("view", "add", "change", "delete")


def is_history(model):
    return getattr(model, "instance_type", None) is not None  # set by django-simple-history


def editor_permissions():
    """Every model permission of the relationships app; view only on its history."""
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in apps.get_app_config("relationships").get_models()
        for action in (("view",) if is_history(model) else ACTIONS)
    ]
    return Permission.objects.filter(
        content_type__app_label="relationships", codename__in=codenames
    )


def setup_editors():
    """Create or repair the group so it holds exactly the editor permissions."""
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = set(editor_permissions())
    if set(group.permissions.all()) != wanted:
        group.permissions.set(wanted)
    return group, created, len(wanted)

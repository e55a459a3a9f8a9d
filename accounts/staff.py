"""Staff groups and what each may touch in the admin.

Groups are defined here, in code, and their permissions are re-synced after
every migrate, so a new model is covered the moment it exists.
"""

from typing import Any

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

EDITORS = "Editors"
ORGANIZERS = "Organizers"

# Campaign models that hold supporters' personal data: Organizers, never Editors.
CAMPAIGN_PERSONAL_DATA_MODELS = {"eventregistration"}

# group -> (apps whose models it manages, extra "app.model" labels, excluded "app.model" labels)
GROUP_SCOPES: dict[str, tuple[set[str], set[str], set[str]]] = {
    EDITORS: (
        {"campaign"},
        # Editors draft mailings; who receives them and when is for Organizers.
        {"mailings.mailing"},
        {f"campaign.{model}" for model in CAMPAIGN_PERSONAL_DATA_MODELS},
    ),
    ORGANIZERS: (
        {"legislators", "supporters", "petitions", "letters", "calls", "mailings", "whip"},
        {f"campaign.{model}" for model in CAMPAIGN_PERSONAL_DATA_MODELS},
        set(),
    ),
}

# Single permissions ("app.codename") a group never holds, though its scope covers the model.
GROUP_EXCLUDED_PERMISSIONS: dict[str, set[str]] = {
    # Choosing audiences, previewing as a real recipient and starting sends touch
    # supporters' data; deleting a mailing deletes its send record.
    EDITORS: {"mailings.send_mailing", "mailings.delete_mailing"},
}


def group_permissions(group_name: str) -> list[Permission]:
    app_labels, extra, excluded = GROUP_SCOPES[group_name]
    extra_apps = {label.partition(".")[0] for label in extra}
    wanted = []
    for content_type in ContentType.objects.filter(app_label__in=app_labels | extra_apps):
        label = f"{content_type.app_label}.{content_type.model}"
        if label in excluded:
            continue
        if content_type.app_label in app_labels or label in extra:
            wanted.append(content_type)
    never = GROUP_EXCLUDED_PERMISSIONS.get(group_name, set())
    return [
        permission
        for permission in Permission.objects.filter(content_type__in=wanted).select_related(
            "content_type"
        )
        if f"{permission.content_type.app_label}.{permission.codename}" not in never
    ]


def sync_group_permissions(sender: Any = None, apps: Any = global_apps, **kwargs: Any) -> None:
    """Create the staff groups if needed and give each exactly its scope's permissions."""
    for name in GROUP_SCOPES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(group_permissions(name))


def is_organizer(user: Any) -> bool:
    """May this user see the whip board: an active staff member in Organizers, or a superuser."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.is_staff and user.groups.filter(name=ORGANIZERS).exists()

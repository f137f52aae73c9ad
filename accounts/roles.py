"""Roles are Django groups. This module names them and says which model permissions each holds.

Object-level rules (a facilitator's own courses, a case's team) live in each app's
``permissions.py``; model permissions here mainly drive the admin site.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "Coordinator", _("Coordinator")
    FACILITATOR = "Facilitator", _("Facilitator")
    NETWORK_CLINICIAN = "Network clinician", _("Network clinician")
    ADMINISTRATOR = "Administrator", _("Administrator")


# app label → actions for all of that app's models. Network notes are deliberately absent for
# administrators: they read notes only through the audited break-glass of the network app.
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.ADMINISTRATOR: {
        "accounts": ("add", "change", "delete", "view"),
        "auth": ("view",),
        "sessions_app": ("add", "change", "delete", "view"),
        "participants": ("add", "change", "delete", "view"),
        "workshops": ("add", "change", "delete", "view"),
        "evaluations": ("add", "change", "delete", "view"),
        "enquiries": ("add", "change", "delete", "view"),
        "reminders": ("change", "view"),
        "axes": ("view", "delete"),
    },
    Role.COORDINATOR: {
        "sessions_app": ("add", "change", "view"),
        "participants": ("add", "change", "view"),
        "workshops": ("add", "change", "view"),
        "evaluations": ("add", "change", "view"),
        "enquiries": ("add", "change", "view"),
        "reminders": ("view",),
    },
    Role.FACILITATOR: {},
    Role.NETWORK_CLINICIAN: {},
}


def sync_role_permissions(sender=None, using: str = "default", **kwargs) -> None:
    """Make every role group exist and hold exactly the permissions in ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    for role, apps in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for app_label, actions in apps.items():
            for perm in Permission.objects.using(using).filter(content_type__app_label=app_label):
                if perm.codename.split("_", 1)[0] in actions:
                    wanted.append(perm)
        group.permissions.set(wanted)

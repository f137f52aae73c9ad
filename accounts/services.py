"""Writes that matter for accounts."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction

from audit.log import audit_record, audit_snapshot

from .models import User
from .roles import Role


@transaction.atomic
def user_set_roles(user: User, roles: Iterable[Role | str]) -> None:
    """Give ``user`` exactly ``roles`` (creating a missing role group). Side effect: the
    user's cached roles are dropped so the change shows at once."""
    groups = [Group.objects.get_or_create(name=str(role))[0] for role in roles]
    before = set(user.groups.values_list("name", flat=True))
    user.groups.set(groups)
    user.__dict__.pop("roles", None)
    audit_roles_changed(user, before)


def audit_roles_changed(user: User, before: set[str]) -> None:
    """An audit entry naming the roles given and taken (none when nothing changed)."""
    after = set(user.groups.values_list("name", flat=True))
    if after != before:
        audit_record(user, "set_roles", extra={"added": sorted(after - before), "removed": sorted(before - after)})


def user_update_profile(user: User, *, full_name: str, language: str) -> User:
    before = audit_snapshot(user, ["full_name", "language"])
    user.full_name = full_name
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language"])
    audit_record(user, "update", before=before)
    return user


def user_set_language(user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])

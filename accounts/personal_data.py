"""A user account's part in erasure and retention (privacy/)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.log import audit_record

from .models import BackupCodeDevice, User


def erased_email(pk: int) -> str:
    # Unique (the login is), lower case, and no one's address: .invalid never resolves.
    return f"erased-{pk}@erased.invalid"


@transaction.atomic
def user_anonymise(user: User, *, action: str = "erase") -> User:
    """The account can no longer log in and names no one: name blanked, address replaced,
    password unusable, roles and two-factor devices removed. The row stays, so what the person
    did keeps its author as a number (audit log, attendance recorded, notes)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        return user
    user.full_name = ""
    user.email = erased_email(user.pk)
    user.is_active = False
    user.is_superuser = False
    user.set_unusable_password()
    user.anonymised_at = timezone.now()
    user.save(update_fields=["full_name", "email", "is_active", "is_superuser", "password", "anonymised_at"])
    roles = sorted(user.groups.values_list("name", flat=True))
    user.groups.set(Group.objects.none())
    TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    audit_record(user, action, fields=["full_name", "email", "is_active"], extra={"removed": roles} if roles else None)
    return user


def login_records_forget(address: str) -> int:
    """The login protection's records (django-axes) that name ``address`` are deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    address = address.strip().lower()
    return sum(
        model.objects.filter(username__iexact=address).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def login_records_delete_older_than(cutoff) -> int:
    """Retention: login records (account, address, browser) older than ``cutoff`` are deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )

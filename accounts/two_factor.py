"""Two-factor login (TOTP with django-otp, plus one-time backup codes).

Required for Network clinicians and Administrators (superusers too) before any page; available
to everyone else, and required of anyone who has set it up. A wrong code counts as a failed
login for django-axes, so guessing codes locks the account out like guessing passwords.
"""

from __future__ import annotations

import secrets
from io import BytesIO

from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import BackupCode, BackupCodeDevice, User
from .roles import Role

BACKUP_CODES = 10
BACKUP_CODE_LENGTH = 12  # characters from a 32-letter alphabet: 60 bits
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def requires_two_factor(user: User) -> bool:
    """Network clinicians and administrators (and superusers) log in with two factors."""
    return bool(
        user.is_authenticated and (user.has_role(Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR) or user.is_superuser)
    )


def has_two_factor(user: User) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


# Set at login: whether the account has an authenticator, so that the accounts that need not
# use one cost no query per request to find out.
SESSION_ENROLLED = "accounts:two_factor_enrolled"


def remember_enrolment(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: note in the session whether two factors will be asked."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_ENROLLED] = has_two_factor(user)


def must_verify(request) -> bool:
    """Logged in with a password only, and two factors are required of this account (by its
    role, or because its owner turned them on)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not (requires_two_factor(user) or request.session.get(SESSION_ENROLLED)):
        return False
    return not user.is_verified()


def totp_device(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=confirmed).order_by("-pk")
    return devices.first()


@transaction.atomic
def start_enrolment(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)


def must_wait(device) -> bool:
    """django-otp holds back the next try for a moment after a wrong code (1 s, doubling with each
    further wrong code): a code typed in that moment is not checked, so the person is told to wait
    rather than that the code is wrong."""
    allowed, _reason = device.verify_is_allowed()
    return not allowed


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code. On success the session is verified, any older
    authenticator is removed, and ten new backup codes are returned (shown once); else None."""
    if not device.verify_token(token.strip()):
        record_failure(request)
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session[SESSION_ENROLLED] = True
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """Ten fresh one-time codes; the earlier ones stop working. Only their hashes are kept."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": str(_("Backup codes")), "confirmed": True}
    )
    device.codes.all().delete()
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(BACKUP_CODE_LENGTH)) for _ in range(BACKUP_CODES)]
    rows = []
    for code in codes:
        salt = secrets.token_hex(8)
        rows.append(BackupCode(device=device, salt=salt, digest=BackupCode.hash(salt, code)))
    BackupCode.objects.bulk_create(rows)
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


def add_backup_code(user: User, code: str) -> None:
    """Add one known code (the demo accounts' printed code); keeps the others."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": str(_("Backup codes")), "confirmed": True}
    )
    salt = secrets.token_hex(8)
    BackupCode.objects.create(device=device, salt=salt, digest=BackupCode.hash(salt, code))


def verify(request, token: str) -> bool:
    """Check a code from the authenticator or a backup code; on success the session is verified.
    A wrong code is recorded as a failed login (django-axes)."""
    token = (token or "").strip()
    if token:
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(token):
                otp_login(request, device)
                return True
    record_failure(request)
    return False


def record_failure(request) -> None:
    user_login_failed.send(sender=__name__, credentials={"username": request.user.email}, request=request)


def is_locked_out(request) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": request.user.email})


def end_locked_out_session(request) -> None:
    logout(request)


def qr_svg(url: str) -> str:
    """The otpauth:// URL as an SVG QR code, made here (no image service sees the secret)."""
    import segno

    buffer = BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, svgns=True, title="QR", omitsize=True
    )
    return buffer.getvalue().decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))

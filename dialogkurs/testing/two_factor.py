"""Two-factor login in tests: a session verified by a real TOTP device, and the codes a
browser journey types."""

from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice


def device_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def verify_client_session(client, user) -> None:
    """Mark the test client's session as having passed the second step with the user's device
    (what django_otp.login does in a request)."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()


def current_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this time step's, or the next one if this step's was used
    already (django-otp refuses a code twice; its tolerance accepts the next step)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    # Steps count with the device's drift (django-otp moves it on when a later step's code is
    # accepted): the code of that step itself, not of a time that adds the drift once more.
    step = max(totp.t(), device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def code_for_key(key_base32: str) -> str:
    """The code an authenticator app shows now for a key typed from the enrolment page."""
    from base64 import b32decode

    compact = key_base32.replace(" ", "").upper()
    key = b32decode(compact + "=" * (-len(compact) % 8))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"

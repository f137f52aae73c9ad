"""Two-factor login: required of network clinicians and administrators before any page (the first
login leads to enrolment), available to everyone else; wrong codes count towards the lock-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import BackupCode
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, UserFactory
from dialogkurs.testing.two_factor import code_for_key, current_code, device_for

pytestmark = [pytest.mark.django_db, pytest.mark.password_only]

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor")


def _password_login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("roles", "superuser", "required"),
    [
        ([Role.NETWORK_CLINICIAN], False, True),
        ([Role.ADMINISTRATOR], False, True),
        ([], True, True),
        ([Role.COORDINATOR, Role.NETWORK_CLINICIAN], False, True),
        ([Role.COORDINATOR], False, False),
        ([Role.FACILITATOR], False, False),
        ([], False, False),
    ],
)
def test_two_factors_are_required_of_clinicians_and_administrators_before_any_page(roles, superuser, required):
    user = UserFactory(roles=roles, is_superuser=superuser)
    client = _password_login(user)
    for path in ("/", reverse("accounts:profile"), "/network/", "/admin/"):
        response = client.get(path)
        if required:
            assert response.status_code == 302 and response["Location"].startswith(f"{SETUP}?next="), path
        else:
            assert response.status_code in (200, 302, 403) and not response.get("Location", "").startswith(SETUP)


def test_the_first_login_enrols_an_authenticator_and_shows_ten_backup_codes():
    user = UserFactory(roles=[Role.NETWORK_CLINICIAN])
    client = _password_login(user)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "data-totp-secret" in page
    key = page.split("data-totp-secret>")[1].split("<")[0]
    response = client.post(SETUP, {"token": "000000", "next": "/network/"})
    assert "That code is not right." in response.content.decode()
    # django-otp makes the next try wait a second after a wrong code.
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        response = client.post(SETUP, {"token": code_for_key(key), "next": "/network/"})
    assert response["Location"] == f"{reverse('accounts:two_factor_backup_codes')}?next=/network/"
    codes_page = client.get(response["Location"]).content.decode()
    codes = [c.split("<")[0] for c in codes_page.split("<code>")[1:]]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/network/").status_code == 200
    assert client.get(reverse("accounts:two_factor_backup_codes")).status_code == 302  # shown once
    stored = list(BackupCode.objects.values_list("digest", flat=True))
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)


def test_a_code_typed_during_the_pause_after_a_wrong_one_is_told_to_wait_and_counts_as_a_try():
    user = UserFactory(roles=[Role.NETWORK_CLINICIAN])
    client = _password_login(user)
    key = client.get(SETUP).content.decode().split("data-totp-secret>")[1].split("<")[0]
    assert "That code is not right." in client.post(SETUP, {"token": "000000"}).content.decode()
    response = client.post(SETUP, {"token": code_for_key(key)})
    assert response.status_code == 200 and "Wait a few seconds" in response.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        assert client.post(SETUP, {"token": code_for_key(key)}).status_code == 302
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get().failures_since_start == 2


def test_a_returning_user_enters_the_code_of_the_app():
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    device = device_for(user)
    client = _password_login(user)
    assert client.get("/").headers["Location"].startswith(f"{VERIFY}?next=")
    response = client.post(VERIFY, {"token": current_code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once():
    user = UserFactory(roles=[Role.NETWORK_CLINICIAN])
    device_for(user)
    code = two_factor.new_backup_codes(user)[3]
    first = _password_login(user)
    assert first.post(VERIFY, {"token": code})["Location"] == "/"
    second = _password_login(user)
    response = second.post(VERIFY, {"token": code})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()


def test_wrong_codes_count_towards_the_login_lock_out(settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(roles=[Role.NETWORK_CLINICIAN])
    device = device_for(user)
    client = _password_login(user)
    for _ in range(2):
        assert client.post(VERIFY, {"token": "123456"}).status_code == 200
    response = client.post(VERIFY, {"token": "654321"})
    assert response.status_code == 429
    assert client.get("/").status_code == 200  # logged out: the public home page
    assert "_auth_user_id" not in client.session
    again = Client().post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert again.status_code == 429  # the account is locked for the password too
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_others_may_turn_two_factor_login_on_and_are_then_asked_for_it():
    user = UserFactory(roles=[Role.COORDINATOR])
    client = _password_login(user)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Set up two-factor login" in profile
    key = client.get(SETUP).content.decode().split("data-totp-secret>")[1].split("<")[0]
    client.post(SETUP, {"token": code_for_key(key)})
    later = _password_login(user)
    assert later.get("/").headers["Location"].startswith(f"{VERIFY}?next=")


def test_a_half_logged_in_user_can_still_log_out_and_change_language():
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    client = _password_login(user)
    assert client.post(reverse("set_language"), {"language": "sv", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, UserFactory, administrator, coordinator

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lower_case():
    user = User.objects.create_user("Anna.Svensson@Example.ORG", "x-long-password-1", full_name="Anna Svensson")
    assert user.email == "anna.svensson@example.org"
    assert User.objects.get_by_natural_key("ANNA.SVENSSON@example.org") == user


def test_role_groups_exist_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    admin_perms = set(Group.objects.get(name=Role.ADMINISTRATOR).permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "view_user"} <= admin_perms
    coordinator_perms = set(Group.objects.get(name=Role.COORDINATOR).permissions.values_list("codename", flat=True))
    assert "change_user" not in coordinator_perms


def test_only_administrators_and_superusers_are_staff():
    assert administrator().is_staff is True
    assert coordinator().is_staff is False
    assert UserFactory(is_superuser=True).is_staff is True
    assert UserFactory().is_staff is False


def test_login_with_any_case_of_the_email_sets_the_account_language(client):
    user = UserFactory(email="karin@example.org", language="sv")
    response = client.post(reverse("login"), {"username": "KARIN@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_a_clear_error_and_no_session(client):
    UserFactory(email="karin@example.org")
    response = client.post(reverse("login"), {"username": "karin@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_five_failures_even_with_the_right_password(client):
    UserFactory(email="karin@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "karin@example.org", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "karin@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client):
    UserFactory(email="karin@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "karin@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@example.org"]
    link = next(line for line in message.body.splitlines() if "/account/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "Choose a new password" in response.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_saves_name_and_language_and_switches_the_interface(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Nytt Namn", "language": "nb"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Nytt Namn", "nb")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nb"


def test_profile_rejects_an_empty_name_and_saves_nothing(client):
    user = UserFactory(full_name="Karin", language="en")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "", "language": "xx"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_full_name"' in body
    assert 'href="#id_language"' in body
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Karin", "en")


def test_language_switcher_remembers_the_choice_on_the_account(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "sv"


def test_language_switcher_ignores_an_unknown_language(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.parametrize(
    ("role", "admin_status"),
    [
        (None, 302),
        (Role.COORDINATOR, 302),
        (Role.FACILITATOR, 302),
        (Role.NETWORK_CLINICIAN, 302),
        (Role.ADMINISTRATOR, 200),
    ],
)
def test_admin_site_is_for_administrators_only(client, role, admin_status):
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get("/admin/").status_code == admin_status


@pytest.mark.parametrize("role", [None, *Role])
def test_every_role_reaches_home_and_profile(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_account_without_a_role_sees_only_its_profile(client):
    client.force_login(UserFactory())
    body = client.get(reverse("home")).content.decode()
    assert "Your account has no role yet" in body
    assert "/admin/" not in body


def test_anonymous_visitor_is_sent_to_login_for_the_profile(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_admin_lists_users_with_search(client):
    client.force_login(administrator())
    UserFactory(full_name="Findable Person")
    response = client.get("/admin/accounts/user/?q=Findable")
    assert response.status_code == 200
    assert "Findable Person" in response.content.decode()

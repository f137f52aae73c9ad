"""The session of a logged-in user (accounts/sessions.py): it slides while she is active, it can
be extended from its warning, and a form she sends after it ended is not lost — nor sent twice,
nor sent for someone else."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import PASSWORD, coordinator
from participants.models import Participant
from sessions_app.tests.factories import scheduled_course

pytestmark = pytest.mark.django_db

IDLE = settings.SESSION_IDLE_TIMEOUT


def _log_in(client, user, next_url: str = ""):
    return client.post(
        f"/login/?next={next_url}" if next_url else "/login/", {"username": user.email, "password": PASSWORD}
    )


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _session_writes(queries) -> int:
    return sum(1 for query in queries if query["sql"].startswith('UPDATE "django_session"'))


def test_an_active_user_stays_logged_in_all_day(client):
    """The session used to end eight hours after logging in, however busy the user was."""
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert _log_in(client, user).status_code == 302
        for _ in range(20):  # ten hours, a page every half hour
            traveller.shift(timedelta(minutes=30))
            assert client.get("/account/profile/").status_code == 200


def test_an_idle_session_ends_after_the_idle_time(client):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        traveller.shift(IDLE - timedelta(minutes=1))
        assert client.get("/account/profile/").status_code == 200
        traveller.shift(IDLE + timedelta(minutes=1))
        response = client.get("/account/profile/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/account/profile/")


def test_asking_how_long_is_left_is_not_activity_and_staying_logged_in_is(client):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        traveller.shift(timedelta(minutes=30))
        assert client.get("/account/session/").json() == {
            "seconds_left": int((IDLE - timedelta(minutes=30)).total_seconds())
        }
        traveller.shift(IDLE - timedelta(minutes=32))
        assert client.get("/account/session/").json() == {"seconds_left": 120}
        assert client.post("/account/session/").json() == {"seconds_left": int(IDLE.total_seconds())}
        traveller.shift(timedelta(minutes=10))
        assert client.get("/account/profile/").status_code == 200


def test_the_session_status_of_a_visitor_is_zero_and_never_the_login_page(client):
    assert client.get("/account/session/").json() == {"seconds_left": 0}
    response = client.post("/account/session/")
    assert (response.status_code, response.json()) == (200, {"seconds_left": 0})


def test_every_page_of_a_logged_in_user_carries_the_warning_and_a_visitors_does_not(client):
    user = coordinator()
    assert b"data-session-timeout" not in client.get("/").content
    with time_machine.travel(timezone.now(), tick=False):
        _log_in(client, user)
        body = client.get("/").content.decode()
    assert 'role="alertdialog"' in body
    assert f'data-seconds-left="{int(IDLE.total_seconds())}"' in body
    assert f'data-warn-before="{int(settings.SESSION_WARNING.total_seconds())}"' in body


def test_an_active_session_is_written_at_most_once_a_minute(client):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        writes = []
        for step in (timedelta(seconds=10), timedelta(seconds=20), timedelta(seconds=40), timedelta(seconds=10)):
            traveller.shift(step)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/account/profile/").status_code == 200
            writes.append(_session_writes(queries.captured_queries))
    assert writes == [0, 0, 1, 0]


@pytest.fixture
def course():
    return scheduled_course()


def _add_url(course) -> str:
    return f"/participants/courses/{course.pk}/add/"


def _participant(name: str, email: str) -> dict[str, str]:
    return {"name": name, "email": email, "perspective": "staff", "language": "sv"}


def test_a_form_sent_after_the_session_ended_is_sent_once_after_logging_in_again(client, course):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        traveller.shift(IDLE + timedelta(minutes=5))
        response = client.post(_add_url(course), _participant("Åsa Öberg", "asa@example.org"))
        assert (response.status_code, response["Location"]) == (302, f"/login/?next={_add_url(course)}")
        assert not Participant.objects.exists()  # nothing is saved for a visitor
        page = client.get(response["Location"])
        assert _messages(page) == [
            "You were logged out because you had not been active for a while. "
            "What you sent is kept: log in again and it is sent."
        ]

        response = _log_in(client, user, _add_url(course))
        response = client.get(response["Location"])  # back to the form's address
    assert response.status_code == 302  # the form was sent and answered as usual
    assert list(Participant.objects.values_list("name", "email")) == [("Åsa Öberg", "asa@example.org")]
    assert _messages(response)[0] == "Welcome back. The form you sent before you were logged out has now been sent."
    # Once: coming back to the address does not send it again.
    assert client.get(_add_url(course)).status_code == 200
    assert Participant.objects.count() == 1


def test_a_kept_form_with_a_mistake_comes_back_filled_in_with_its_error(client, course):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        traveller.shift(IDLE + timedelta(minutes=5))
        client.post(_add_url(course), _participant("Åsa Öberg", "not-an-address"))
        response = _log_in(client, user, _add_url(course))
        response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Åsa Öberg"' in body
    assert 'value="not-an-address"' in body
    assert "Enter a valid email address." in body
    assert not Participant.objects.exists()


def test_a_kept_form_is_never_sent_for_another_account(client, course):
    """A colleague who logs in next on the same browser does not send, nor see, what was kept."""
    alice, bob = coordinator(), coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, alice)
        traveller.shift(IDLE + timedelta(minutes=5))
        client.post(_add_url(course), _participant("Åsa Öberg", "asa@example.org"))
        response = _log_in(client, bob, _add_url(course))
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert "Åsa Öberg" not in response.content.decode()
    assert not Participant.objects.exists()
    # Nor later: the kept form is gone.
    assert client.get(_add_url(course)).status_code == 200
    assert not Participant.objects.exists()


def test_a_kept_form_is_only_sent_back_to_its_own_address(client, course):
    user = coordinator()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _log_in(client, user)
        traveller.shift(IDLE + timedelta(minutes=5))
        client.post(_add_url(course), _participant("Åsa Öberg", "asa@example.org"))
        _log_in(client, user)  # to the home page instead
        assert client.get("/").status_code == 200
        assert client.get(_add_url(course)).status_code == 200
    assert not Participant.objects.exists()


def test_after_logging_out_on_purpose_nothing_is_kept(client, course):
    user = coordinator()
    _log_in(client, user)
    response = client.post("/logout/")
    assert response.cookies[settings.ACCOUNT_COOKIE_NAME].value == ""
    response = client.post(_add_url(course), _participant("Åsa Öberg", "asa@example.org"), follow=True)
    assert "the form was not sent. Log in and send it again." in " ".join(_messages(response))
    response = _log_in(client, user, _add_url(course))
    client.get(response["Location"])
    assert not Participant.objects.exists()

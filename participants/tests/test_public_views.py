"""The public pages: sign-up through the workplace's link and the personal cancel link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from dialogkurs.testing.mail import addresses
from participants.models import Participant, Registration, RegistrationStatus
from participants.planners import KIND_CONFIRMATION, KIND_HALFDAY
from participants.services import waitlist_position
from participants.tests.factories import ParticipantFactory, fill, register
from reminders.planning import messages_for, replan
from sessions_app import services as course_services

pytestmark = pytest.mark.django_db


def _signup_url(course) -> str:
    return reverse("participants:signup", args=[course.signup_token])


def _sign_up(client, course, **overrides):
    data = {
        "name": "Kari Nordmann",
        "email": "Kari@Example.no",
        "perspective": "lived_experience",
        "language": "nb",
        "consent": "on",
    }
    return client.post(_signup_url(course), {**data, **overrides})


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


# --- The sign-up page ----------------------------------------------------------------------------


def test_signup_page_shows_workplace_dates_themes_and_the_standard_consent(client, course):
    body = _main(client.get(_signup_url(course)))
    assert f"Sign up for the dialogue training at {course.workplace.name}</h1>" in body
    assert course.workplace.organisation.name in body
    assert "Half-day 1" in body and "Half-day 2" in body
    for theme in ("Create contact and establish an alliance", "Own recovery work", "Idea workshop"):
        assert theme in body
    assert "I agree that the organisers of this training keep my name" in body
    assert 'aria-describedby="consent-text' in body
    assert "Only the coordinators and the training's facilitators see your answer." in body.replace("&#x27;", "'")


def test_signup_page_shows_the_course_s_own_consent_text(client, course):
    course_services.course_update(course, consent_text="Vi sparar dina uppgifter i ett år.")
    body = _main(client.get(_signup_url(course)))
    assert "<p>Vi sparar dina uppgifter i ett år.</p>" in body
    assert "I agree that the organisers of this training keep my name" not in body


@pytest.mark.parametrize(
    ("language", "heading"),
    [("sv", "Anmäl dig till dialogutbildningen på"), ("nb", "Meld deg på dialogopplæringen på")],
)
def test_signup_page_speaks_swedish_and_norwegian(client, course, language, heading):
    client.cookies["django_language"] = language
    body = _main(client.get(_signup_url(course)))
    assert f"<h1>{heading} {course.workplace.name}</h1>" in body


def test_signing_up_gives_a_place_the_cancel_link_and_an_email_in_her_language(
    client, course, django_capture_on_commit_callbacks, sweep
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, course)
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:signup_done", args=[registration.cancel_token])
    participant = registration.participant
    assert (participant.email, participant.language, participant.perspective, participant.workplace) == (
        "kari@example.no",
        "nb",
        "lived_experience",
        course.workplace,
    )
    assert (registration.status, registration.source) == (RegistrationStatus.CONFIRMED, "signup")
    assert registration.consent_given_at is not None

    body = _main(client.get(response["Location"]))
    assert "<h1>You have a place</h1>" in body
    assert reverse("participants:registration_cancel_public", args=[registration.cancel_token]) in body

    sweep()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert addresses(message) == ["kari@example.no"]
    assert message.subject == "Du har fått plass på dialogopplæringen"
    cancel_url = f"http://testserver/participants/cancel/{registration.cancel_token}/"
    assert cancel_url in message.body
    assert "Hei Kari Nordmann," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{cancel_url}">' in html
    assert '<html lang="nb">' in html


def test_the_twenty_first_is_told_her_waitlist_position_on_the_page_and_by_email(
    client, course, django_capture_on_commit_callbacks, sweep
):
    fill(course, 20)
    sweep()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, course, language="sv")
    registration = Registration.objects.get(participant__email="kari@example.no")
    assert registration.status == RegistrationStatus.WAITLISTED
    body = _main(client.get(response["Location"]))
    assert "<h1>You are on the waitlist</h1>" in body
    assert "You are number 1 on the waitlist." in body
    sweep()
    assert [m.subject for m in mail.outbox] == ["Du står på väntelistan till dialogutbildningen"]
    assert "du har nummer 1 på väntelistan" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"name": ""}, "name"),
        ({"email": "kari at example"}, "email"),
        ({"perspective": "manager"}, "perspective"),
        ({"perspective": ""}, "perspective"),
        ({"language": "fi"}, "language"),
    ],
)
def test_signup_with_bad_input_shows_the_error_and_saves_nothing(
    client, course, django_capture_on_commit_callbacks, sweep, overrides, field
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, course, **overrides)
    assert response.status_code == 200
    body = _main(response)
    assert "There is a problem" in body
    target = f"id_{field}_0" if field == "perspective" else f"id_{field}"
    assert f'href="#{target}"' in body
    assert f'id="{target}"' in body
    sweep()
    assert (Participant.objects.count(), Registration.objects.count(), mail.outbox) == (0, 0, [])


def test_a_filled_in_honeypot_registers_nobody_and_sends_nothing(
    client, course, django_capture_on_commit_callbacks, sweep
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, course, website="http://spam.example")
    assert response.status_code == 200
    assert "The form could not be sent. Please try again." in _main(response)
    sweep()
    assert (Participant.objects.count(), Registration.objects.count(), mail.outbox) == (0, 0, [])


def test_signing_up_again_hides_the_cancel_link_and_mails_it_to_the_owner_once(
    client, course, django_capture_on_commit_callbacks, sweep
):
    owner = register(course, ParticipantFactory(email="kari@example.no", language="sv"))
    sweep()
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = _sign_up(client, course)
        assert response.status_code == 200
        body = _main(response)
        assert "<h1>You are already registered</h1>" in body
        assert owner.cancel_token not in body
    assert course.registrations.count() == 1
    sweep()
    assert [(addresses(m), m.subject) for m in mail.outbox] == [
        (["kari@example.no"], "Du har fått en plats på dialogutbildningen")
    ]


@pytest.mark.parametrize("close", ["link", "course"])
def test_a_closed_link_says_so_and_registers_nobody(client, course, close):
    if close == "link":
        course_services.course_set_signup_open(course, is_open=False)
    else:
        course_services.course_cancel(course)
    for response in (client.get(_signup_url(course)), _sign_up(client, course)):
        assert response.status_code == 200
        body = _main(response)
        assert "<h1>Sign-up is closed</h1>" in body
        assert "<form" not in body
    assert Registration.objects.count() == 0


def test_a_closed_link_in_swedish(client, course):
    course_services.course_set_signup_open(course, is_open=False)
    client.cookies["django_language"] = "sv"
    assert "<h1>Anmälan är stängd</h1>" in _main(client.get(_signup_url(course)))


def test_an_unknown_signup_token_is_a_404(client):
    assert client.get(reverse("participants:signup", args=["no-such-token-but-well-formed"])).status_code == 404
    assert client.get(reverse("participants:signup_done", args=["no-such-token-but-well-formed"])).status_code == 404


# --- The personal cancel link --------------------------------------------------------------------


def _cancel_url(registration) -> str:
    return reverse("participants:registration_cancel_public", args=[registration.cancel_token])


def test_the_cancel_link_shows_the_registration_and_asks_first(client, course):
    registration = register(course, ParticipantFactory(name="Anna Ek"))
    body = _main(client.get(_cancel_url(registration)))
    assert f"Anna Ek, you have a place on the dialogue training at {course.workplace.name}." in body
    assert "Yes, cancel my registration" in body
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancelling_through_the_link_promotes_the_first_waitlisted_and_tells_her(
    client, course, django_capture_on_commit_callbacks, sweep
):
    registrations = fill(course, 20)
    first_waiting = register(course, ParticipantFactory(language="sv"))
    second_waiting = register(course)
    sweep()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_cancel_url(registrations[3]))
    assert response.status_code == 302
    body = _main(client.get(response["Location"]))
    assert "<h1>Your registration is cancelled</h1>" in body
    assert "<form" not in body
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert (statuses[registrations[3].pk], statuses[first_waiting.pk], statuses[second_waiting.pk]) == (
        "cancelled",
        "confirmed",
        "waitlisted",
    )
    sweep()
    assert [(addresses(m), m.subject) for m in mail.outbox] == [
        ([first_waiting.participant.email], "En plats har blivit ledig för dig på dialogutbildningen")
    ]
    assert f"http://testserver/participants/cancel/{first_waiting.cancel_token}/" in mail.outbox[0].body


def test_cancelling_twice_through_the_link_changes_nothing_more(
    client, course, django_capture_on_commit_callbacks, sweep
):
    registrations = fill(course, 20)
    register(course)
    client.post(_cancel_url(registrations[0]))
    sweep()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_cancel_url(registrations[0]))
    sweep()
    assert mail.outbox == []
    assert course.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20


def test_the_cancel_link_of_a_cancelled_training_offers_no_button(client, course):
    registration = register(course)
    course_services.course_cancel(course)
    body = _main(client.get(_cancel_url(registration)))
    assert "This training can no longer be changed here." in body
    assert "<form" not in body
    client.post(_cancel_url(registration))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_an_unknown_cancel_token_is_a_404(client):
    assert (
        client.get(
            reverse("participants:registration_cancel_public", args=["no-such-token-but-well-formed"])
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("participants:registration_cancel_public", args=["no-such-token-but-well-formed"])
        ).status_code
        == 404
    )


# --- What a sign-up costs (issue 13: 200 at once on one link) --------------------------------


# The course by its token; in one transaction (a savepoint in the test's): the participant
# looked for and inserted with its audit entry (in a savepoint of its own, for a double click),
# the commit told not to wait for the disk, the half-days read; then the course locked and, while
# it is held, four statements: the counts, the registration, its audit entry and its messages
# (reminders and confirmation in one INSERT). Outside the test's transaction one more statement
# waits for the disk after the commit. Confirmed or waitlisted alike.
SIGN_UP_QUERIES = 15
WHILE_LOCKED = [
    "SELECT COUNT(",
    'INSERT INTO "participants_registration"',
    'INSERT INTO "audit_auditentry"',
    'INSERT INTO "reminders_scheduledmessage"',
]


@pytest.mark.parametrize(
    ("already", "state", "reminders"),
    # Confirmed: its reminders are inserted with the confirmation; waitlisted: none, and its
    # number in line is the count read under the course's lock (no count afterwards).
    [(1, "confirmed", 4), (19, "confirmed", 4), (20, "waitlisted-1", 0), (25, "waitlisted-6", 0)],
)
def test_a_sign_up_asks_the_same_queries_however_many_hold_places(
    client, course, django_assert_num_queries, already, state, reminders
):
    fill(course, already - 1)
    _sign_up(client, course, email="first@example.org")  # the content types are cached from here on
    with django_assert_num_queries(SIGN_UP_QUERIES) as captured:
        response = _sign_up(client, course)
    assert response.status_code == 302
    statements = [query["sql"] for query in captured.captured_queries]
    locked = next(n for n, sql in enumerate(statements) if "FOR UPDATE" in sql)
    assert [sql[: len(start)] for sql, start in zip(statements[locked + 1 :], WHILE_LOCKED, strict=False)] == (
        WHILE_LOCKED
    )
    assert statements[locked + 1 + len(WHILE_LOCKED)].startswith("RELEASE SAVEPOINT")
    registration = Registration.objects.get(participant__email="kari@example.no")
    confirmations = messages_for(registration, kinds=[KIND_CONFIRMATION])
    assert [m.occasion.split(":")[1] for m in confirmations] == [state]
    assert messages_for(registration, kinds=[KIND_HALFDAY]).count() == reminders
    # Inserted with nothing read first, the rows are those re-planning wants: it changes none.
    again = replan(registration)
    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)
    if state.startswith("waitlisted"):
        assert state == f"waitlisted-{waitlist_position(registration)}"

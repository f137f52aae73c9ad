"""A participant's perspective is health-related (DESIGN §8): only coordinators and the course's
facilitators see it — on every page, export, admin page and e-mail. This test sweeps them all as
each role and looks for the perspective's words."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory, administrator, coordinator
from dialogkurs.testing.clients import client_for
from participants.models import Perspective
from participants.tests.factories import ParticipantFactory, register
from reminders.models import ScheduledMessage
from reminders.rendering import ObjectGone, render_message
from sessions_app import services
from sessions_app.models import LivedExperience
from sessions_app.tests.factories import FacilitatorFactory, confirmed_course, scheduled_course

pytestmark = pytest.mark.django_db

# The label no other page of this world uses: no proposal exists, so "raised by" never shows.
WORDS = [str(Perspective.LIVED_EXPERIENCE.label), str(Perspective.RELATIVE.label)]
SEES = {"coordinator", "facilitator of the course"}


@pytest.fixture
def world():
    course = confirmed_course()
    for perspective in (Perspective.LIVED_EXPERIENCE, Perspective.RELATIVE):
        register(course, ParticipantFactory(perspective=perspective, email=f"{perspective}@example.org"))
    other = scheduled_course()
    other_facilitator = FacilitatorFactory()
    services.facilitator_assign(other, other_facilitator)
    users = {
        "anonymous": None,
        "no role": UserFactory(),
        "network clinician": UserFactory(roles=[Role.NETWORK_CLINICIAN]),
        "administrator": administrator(),
        "coordinator": coordinator(),
        "facilitator of the course": course.assignments.first().facilitator.user,
        "facilitator of another course": other_facilitator.user,
    }
    return course, users


def _pages(course) -> list[tuple[str, str, dict | None]]:
    registration = course.registrations.first()
    participant = registration.participant
    message = ScheduledMessage.objects.filter(recipient=participant.email).first()
    return [
        ("get", reverse("sessions_app:course_detail", args=[course.pk]), None),
        ("get", reverse("participants:course_participants", args=[course.pk]), None),
        ("get", reverse("participants:export_csv", args=[course.pk]), None),
        ("get", reverse("participants:attendance", args=[course.pk, 1]), None),
        ("get", reverse("admin:participants_participant_changelist"), None),
        ("get", reverse("admin:participants_participant_change", args=[participant.pk]), None),
        ("get", reverse("admin:participants_registration_changelist"), None),
        ("get", reverse("admin:participants_registration_change", args=[registration.pk]), None),
        ("get", reverse("admin:participants_attendance_changelist"), None),
        ("get", reverse("reminders:outbox"), None),
        ("get", reverse("reminders:message_detail", args=[message.pk]), None),
        ("get", reverse("privacy:audit_search"), None),
        ("get", reverse("privacy:audit_search") + "?format=csv", None),
        ("post", reverse("privacy:person_lookup"), {"email": participant.email}),
    ]


def _shown(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "no role",
        "network clinician",
        "administrator",
        "coordinator",
        "facilitator of the course",
        "facilitator of another course",
    ],
)
def test_the_perspective_is_shown_only_to_coordinators_and_the_courses_facilitators(world, role):
    course, users = world
    client = client_for(users[role])
    seen = {}
    for method, url, data in _pages(course):
        response = getattr(client, method)(url, data or {})
        text = _shown(response)
        seen[url] = [word for word in WORDS if word in text]
    participants_page = reverse("participants:course_participants", args=[course.pk])
    leaks = {url: words for url, words in seen.items() if words and (role not in SEES or url != participants_page)}
    # The CSV export carries the perspective for coordinators only (a file leaves the system).
    if role == "coordinator":
        leaks.pop(reverse("participants:export_csv", args=[course.pk]), None)
    assert leaks == {}
    if role in SEES:
        assert seen[participants_page] == WORDS  # the words are really what the page shows


def test_no_email_about_a_participant_carries_the_perspective(world):
    course, _users = world
    bodies = []
    for message in ScheduledMessage.objects.all():
        try:
            rendered = render_message(message)
        except ObjectGone:  # e.g. a check that is no longer due: nothing would be sent
            continue
        bodies.append(f"{rendered.subject}\n{rendered.text}\n{rendered.html}")
    bodies += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    assert len(bodies) > 3
    assert [word for body in bodies for word in WORDS if word in body] == []


LIVED = str(LivedExperience.RELATIVE.label)


@pytest.mark.parametrize(
    "role", ["anonymous", "no role", "network clinician", "administrator", "coordinator", "another facilitator"]
)
def test_a_facilitators_lived_experience_is_shown_only_to_coordinators(role):
    facilitator = FacilitatorFactory(lived_experience=LivedExperience.RELATIVE)
    course = scheduled_course()
    services.facilitator_assign(course, facilitator)
    user = {
        "anonymous": None,
        "no role": UserFactory,
        "network clinician": lambda: UserFactory(roles=[Role.NETWORK_CLINICIAN]),
        "administrator": administrator,
        "coordinator": coordinator,
        "another facilitator": lambda: FacilitatorFactory().user,
    }[role]
    client = client_for(user() if user else None)
    pages = [
        ("get", reverse("sessions_app:course_detail", args=[course.pk]), None),
        ("get", reverse("sessions_app:facilitator_list"), None),
        ("get", reverse("sessions_app:my_assignments"), None),
        ("get", reverse("admin:sessions_app_facilitator_changelist"), None),
        ("get", reverse("admin:sessions_app_facilitator_change", args=[facilitator.pk]), None),
        ("get", reverse("admin:sessions_app_facilitatorassignment_changelist"), None),
        ("get", reverse("privacy:audit_search") + "?format=csv", None),
        ("post", reverse("privacy:person_lookup"), {"email": facilitator.user.email}),
    ]
    seen = {url: LIVED in _shown(getattr(client, method)(url, data or {})) for method, url, data in pages}
    expected = {url: role == "coordinator" and url == reverse("sessions_app:facilitator_list") for _m, url, _d in pages}
    assert seen == expected

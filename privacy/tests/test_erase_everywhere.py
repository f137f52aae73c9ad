"""One person in every role dialogkurs knows, exported and then erased: afterwards no text column
of any table holds their name or e-mail address."""

from __future__ import annotations

import json

import pytest
import time_machine
from axes.models import AccessLog
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory, administrator
from dialogkurs.testing.clients import client_for
from enquiries import services as enquiry_services
from participants.models import Registration
from participants.tests.factories import ParticipantFactory, register
from sessions_app import services
from sessions_app.tests.factories import BEFORE_TRAINING, FacilitatorFactory, february_training, scheduled_course
from workshops.models import ImprovementProposal
from workshops.tests.factories import submitted_outcome

pytestmark = pytest.mark.django_db

NAME = "Zelda Zetterlund"
EMAIL = "zelda.zeta@example.org"
NEEDLES = ["Zetterlund", "zelda.zeta"]
BEFORE = [
    "accounts_user.full_name",
    "enquiries_enquiry.message",
    "enquiries_enquiry.name",
    "enquiries_enquiryevent.text",
    "participants_participant.name",
    "reminders_scheduledmessage.recipient_name",
    "sessions_app_facilitator.home_area",
    "sessions_app_followupmeeting.attendees",
    "sessions_app_improvementproposal.owner_name",
    "sessions_app_workplace.manager_name",
]
TEXT_TYPES = ("character varying", "text", "json", "jsonb", "character")


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        return cursor.fetchall()


def where_found(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608 (names from the catalogue)
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


@pytest.fixture
def everywhere():
    """Zelda as a user (coordinator and facilitator, assigned an enquiry, invited to lead a
    training), a participant, the sender of an enquiry, a proposal owner, a workplace manager,
    the recipient of e-mails, and in the login records."""
    user = UserFactory(email=EMAIL, full_name=NAME, roles=[Role.COORDINATOR, Role.FACILITATOR])
    facilitator = FacilitatorFactory(user=user, home_area="Zetterlunds gård")
    services.facilitator_assign(scheduled_course(), facilitator)
    course = february_training(workplace__manager_name=NAME, workplace__manager_email=EMAIL)
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        register(course, ParticipantFactory(name=NAME, email=EMAIL))
    submitted_outcome(course, proposals=1, owner_name=NAME, owner_email=EMAIL)
    enquiry = enquiry_services.enquiry_submit(
        name=NAME,
        email=EMAIL,
        organisation="Region Exempel",
        topic="training",
        message=f"Hej, {NAME} här.",
        language="sv",
        country="SE",
        phone="070-123 45 67",
    )
    enquiry_services.enquiry_assign(enquiry, assignee=user, by=user)
    AccessLog.objects.create(username=EMAIL, ip_address="192.0.2.1", user_agent="test")
    return user


def test_a_person_in_every_role_is_exported_then_erased_leaving_nothing_personal(everywhere):
    # Before: the person is in all these places (so the search below can fail).
    assert where_found("Zetterlund") == BEFORE
    admin = client_for(administrator())
    export = json.loads(admin.post(reverse("privacy:person_export"), {"email": EMAIL}).content)
    assert set(export["sections"]) == {
        "user",
        "facilitator",
        "staff",
        "participant",
        "enquirer",
        "proposal_owner",
        "workplace_manager",
        "messages",
    }
    response = admin.post(reverse("privacy:person_erase"), {"email": EMAIL, "confirm": "on"})
    assert response.status_code == 302
    assert {needle: where_found(needle) for needle in NEEDLES} == {needle: [] for needle in NEEDLES}
    # Statistics stay, linked to no one: the registration, its attendance and the proposal.
    assert Registration.objects.filter(participant__anonymised_at__isnull=False).count() == 1
    assert ImprovementProposal.objects.filter(owner_name="").count() == 1

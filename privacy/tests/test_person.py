from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, administrator, coordinator
from audit.models import AuditEntry
from dialogkurs.testing.clients import client_for
from participants.models import Participant, RegistrationStatus
from participants.tests.factories import ParticipantFactory, register
from reminders.models import ScheduledMessage
from sessions_app.tests.factories import FacilitatorFactory, WorkplaceFactory, confirmed_course, scheduled_course

pytestmark = pytest.mark.django_db

LOOKUP = reverse("privacy:person_lookup")
EXPORT = reverse("privacy:person_export")
ERASE = reverse("privacy:person_erase")


@pytest.mark.parametrize(
    ("role", "status"),
    [("administrator", 200), ("coordinator", 403), ("facilitator", 403), ("no role", 403)],
)
def test_only_administrators_look_people_up(role, status):
    user = {
        "administrator": administrator,
        "coordinator": coordinator,
        "facilitator": lambda: FacilitatorFactory().user,
        "no role": UserFactory,
    }[role]()
    client = client_for(user)
    assert client.get(LOOKUP).status_code == status
    assert client.post(EXPORT, {"email": "x@example.org"}).status_code == (200 if status == 200 else 403)
    assert client.post(ERASE, {"email": "x@example.org"}).status_code == (400 if status == 200 else 403)


def test_a_lookup_finds_the_person_in_every_role_and_is_logged_without_the_address():
    email = "kim@example.org"
    course = scheduled_course()
    participant = ParticipantFactory(email=email, name="Kim Deltagare")
    register(course, participant)
    WorkplaceFactory(manager_email=email, manager_name="Kim Deltagare")
    response = client_for(administrator()).post(LOOKUP, {"email": "KIM@example.org"})
    assert response.status_code == 200
    keys = [section.key for section in response.context["sections"]]
    assert keys == ["participant", "workplace_manager", "messages"]
    assert "Kim Deltagare" in response.content.decode()
    entry = AuditEntry.objects.filter(action="data_lookup").get()
    assert entry.changes["extra"]["participant"] == 3 - 1  # the participant and the registration
    assert email not in json.dumps(entry.changes)


def test_the_json_download_holds_the_same_and_is_logged():
    email = "kim@example.org"
    register(scheduled_course(), ParticipantFactory(email=email, name="Kim Deltagare"))
    response = client_for(administrator()).post(EXPORT, {"email": email})
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert data["sections"]["participant"][0]["name"] == "Kim Deltagare"
    assert AuditEntry.objects.filter(action="data_export").count() == 1


def test_a_bad_address_is_explained():
    response = client_for(administrator()).post(LOOKUP, {"email": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not AuditEntry.objects.filter(action="data_lookup").exists()


def test_erasure_needs_the_confirmation_and_changes_nothing_without_it():
    email = "kim@example.org"
    ParticipantFactory(email=email, name="Kim Deltagare")
    response = client_for(administrator()).post(ERASE, {"email": email})
    assert response.status_code == 400
    assert Participant.objects.get(email=email).name == "Kim Deltagare"


def test_erasing_a_participant_frees_the_place_stops_the_emails_and_keeps_the_counts():
    email = "kim@example.org"
    course = confirmed_course()
    registration = register(course, ParticipantFactory(email=email, name="Kim Deltagare"))
    assert ScheduledMessage.objects.filter(recipient=email, status="planned").exists()
    admin = administrator()
    response = client_for(admin).post(ERASE, {"email": email, "confirm": "on"})
    assert response.status_code == 302
    registration.refresh_from_db()
    participant = registration.participant
    assert (participant.name, participant.email.endswith("@erased.invalid")) == ("", True)
    assert registration.status == RegistrationStatus.CANCELLED
    assert not ScheduledMessage.objects.filter(recipient=email).exists()
    assert not ScheduledMessage.objects.filter(recipient=participant.email, status="planned").exists()
    record = AuditEntry.objects.filter(action="erase", content_type=None).get()
    assert record.actor == admin and "kim" not in json.dumps(record.changes).lower()


def test_a_coordinator_of_a_training_ahead_cannot_be_erased():
    course = scheduled_course()
    response = client_for(administrator()).post(ERASE, {"email": course.coordinator.email, "confirm": "on"})
    assert response.status_code == 400
    course.coordinator.refresh_from_db()
    assert course.coordinator.anonymised_at is None

"""Encryption at rest (no plaintext in any raw column, rotation to a new key), the case export,
erasure at a member's request, retention, and what other apps may read (counts only)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import clinician
from dialogkurs.encryption import encrypted_fields
from network import selectors, services, services_records
from network.models import (
    AccessLog,
    Case,
    DeletedCase,
    MeetingNote,
    NetworkMeeting,
    NetworkMember,
    NextStep,
    NoteObjection,
)
from network.tests import factories
from network.tests.conftest import client_for
from reminders.models import ScheduledMessage

pytestmark = pytest.mark.django_db
SECRETS = [
    "Alva Lindgren",
    "alva@example.org",
    "070-111 22 33",
    "Storgatan 7",
    "1990-04-01",
    "Bo Sibling",
    "bo@example.org",
    "Sleeps at her mother's",
    "She felt unheard",
    "Storgatan 7, floor 2",
    "Housing office",
]


@pytest.fixture
def full_case():
    me = clinician()
    case = factories.case(
        team=[me],
        name="Alva Lindgren",
        email="alva@example.org",
        phone="070-111 22 33",
        address="Storgatan 7",
        date_of_birth=datetime(1990, 4, 1).date(),
        first_contact_at=timezone.now() - timedelta(days=10),
    )
    bo = factories.member(case, name="Bo Sibling", email="bo@example.org", phone="070-999")
    meeting = factories.meeting(case, members=[bo], place_detail="Storgatan 7, floor 2")
    NetworkMeeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - timedelta(days=5))
    meeting.refresh_from_db()
    services.meeting_record(meeting, by=me, attended={}, next_steps=[services.NextStepInput("Housing office", "Alva")])
    note = services_records.note_sign(services_records.note_create(case, by=me, body="Sleeps at her mother's"), by=me)
    services_records.objection_record(note, by=me, text="She felt unheard")
    return case, me, bo, note


def _raw_text() -> str:
    """Every column of every network table, as the database holds it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("network_"):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
                chunks += [str(value) for row in cursor.fetchall() for value in row]
    return "\n".join(chunks)


def test_no_identifying_field_or_note_is_stored_in_plain_text(full_case):
    raw = _raw_text()
    for secret in SECRETS:
        assert secret not in raw
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, phone, address, date_of_birth FROM network_case")
        assert all(value.startswith("gAAAAA") for value in cursor.fetchone())
    case = Case.objects.get()
    assert (case.name, case.email, str(case.date_of_birth)) == ("Alva Lindgren", "alva@example.org", "1990-04-01")


def test_rotation_leaves_every_value_readable_with_the_new_key_alone(full_case, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    before = {
        model: {(obj.pk, f.name): getattr(obj, f.name) for obj in model.objects.all() for f in encrypted_fields(model)}
        for model in (Case, NetworkMember, NetworkMeeting, NextStep, MeetingNote, NoteObjection)
    }
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", "--batch-size", "2", stdout=out)
    assert "network.Case: 1/1 rows checked" in out.getvalue()
    assert "network.MeetingNote: 1/1 rows checked, 1 value(s) re-encrypted" in out.getvalue()
    again = StringIO()
    call_command("rotate_encryption_keys", stdout=again)  # resumable: nothing left to do
    assert "Done: 0 value(s) re-encrypted" in again.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    after = {
        model: {(obj.pk, f.name): getattr(obj, f.name) for obj in model.objects.all() for f in encrypted_fields(model)}
        for model in before
    }
    assert after == before


def test_an_interrupted_rotation_resumes(full_case, settings):
    old, new = settings.FIELD_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    case = Case.objects.get()
    case.phone = "070-222"  # written with the new key already, as after a half-finished run
    case.save(update_fields=["phone"])
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    # name, date of birth, e-mail and address; the phone was current already
    assert "network.Case: 1/1 rows checked, 4 value(s) re-encrypted" in out.getvalue()


def test_the_export_holds_everything_about_the_case(full_case):
    case, me, bo, note = full_case
    correction = services_records.note_correct(note, by=me, body="Sleeps at her father's", reason="Wrong parent")
    services_records.note_sign(correction, by=me)
    client = client_for(me)
    client.get(reverse("network:case_detail", args=[case.pk]))
    data = json.loads(client.get(reverse("network:case_export_json", args=[case.pk])).content)
    assert data["index_person"]["name"] == "Alva Lindgren"
    assert [m["name"] for m in data["network"]] == ["Bo Sibling"]
    assert data["meetings"][0]["next_steps"] == [{"text": "Housing office", "responsible": "Alva"}]
    assert [(n["version"], n["text"]) for n in data["notes"]] == [
        (1, "Sleeps at her mother's"),
        (2, "Sleeps at her father's"),
    ]
    assert data["notes"][0]["objections"][0]["text"] == "She felt unheard"
    assert data["notes"][1]["correction_reason"] == "Wrong parent"
    # The export's own read is in the log it exports.
    assert [(r["what"], r["why"]) for r in data["access_log"]] == [("case", "team"), ("export", "team")]
    page = client.get(reverse("network:case_export", args=[case.pk])).content.decode()
    for text in (
        "Alva Lindgren",
        "Bo Sibling",
        "Housing office",
        "Sleeps at her mother",
        "Sleeps at her father",
        "She felt unheard",
        "Wrong parent",
    ):
        assert text in page.replace("&#x27;", "'")
    assert AccessLog.objects.filter(kind="export").count() == 2


def test_a_member_is_erased_at_their_request(full_case, celery_eager):
    case, me, bo, _note = full_case
    future = factories.meeting(case, members=[bo])
    assert ScheduledMessage.objects.filter(recipient="bo@example.org").exists()
    response = client_for(me).post(reverse("network:member_erase", args=[case.pk, bo.pk]))
    assert response.status_code == 302
    bo.refresh_from_db()
    assert (bo.name, bo.email, bo.phone, bo.is_erased) == ("Removed at their request", "", "", True)
    assert not future.attendees.filter(member=bo).exists()
    assert not ScheduledMessage.objects.filter(recipient="bo@example.org").exists()
    assert case.events.filter(kind="member_erased", actor=me).exists()
    assert "Bo Sibling" not in _raw_text()
    page = client_for(me).get(reverse("network:case_detail", args=[case.pk])).content.decode()
    assert "1 person was removed at their own request." in page


def test_closed_cases_are_deleted_ten_years_after_closing_and_the_deletion_is_recorded(full_case):
    case, me, _bo, _note = full_case
    client_for(me).get(reverse("network:case_detail", args=[case.pk]))
    services_records.emergency_access_open(case.pk, by=clinician(), reason="x")
    closed_at = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    with time_machine.travel(closed_at, tick=False):
        services.case_close(case, by=me, reason="Done")
    other = factories.case(team=[me])
    with time_machine.travel(closed_at + timedelta(days=365 * 10), tick=False):
        assert services_records.cases_delete_expired() == 0  # 10 years are not over yet (leap days)
    with time_machine.travel(closed_at.replace(year=2036) + timedelta(minutes=1), tick=False):
        assert services_records.cases_delete_expired() == 1
        assert services_records.cases_delete_expired() == 0  # safe to repeat
    assert list(Case.objects.all()) == [other]
    record = DeletedCase.objects.get()
    assert (record.case_number, record.closed_on) == (case.pk, closed_at.date())
    for model in (NetworkMember, NetworkMeeting, MeetingNote, AccessLog):
        assert not model.objects.filter(case_id=case.pk).exists(), model
    assert not NoteObjection.objects.exists()
    assert not ScheduledMessage.objects.filter(content_type__app_label="network", object_id=case.pk).exists()
    raw = _raw_text()
    assert "gAAAAA" in raw  # the other case is still there, encrypted


def test_the_retention_task_runs_from_beat(full_case, celery_eager):
    from network.tasks import delete_expired_cases

    case, me, _bo, _note = full_case
    closed = services.case_close(case, by=me, reason="Done")
    Case.objects.filter(pk=case.pk).update(closed_at=closed.closed_at - timedelta(days=366 * 10 + 3))
    assert delete_expired_cases.delay().get() == 1
    assert DeletedCase.objects.filter(case_number=case.pk).exists()


def test_other_apps_read_only_counts_and_durations(full_case):
    results = [selectors.case_counts(), selectors.first_meeting_delays(), selectors.meeting_counts()]
    text = repr(results)
    for secret in SECRETS:
        assert secret not in text
    assert results[0]["cases"] == 1


def test_no_message_ever_carries_note_text_or_next_steps(full_case, celery_eager, django_capture_on_commit_callbacks):
    from django.core import mail

    case, me, bo, _note = full_case
    with django_capture_on_commit_callbacks(execute=True):
        meeting = factories.meeting(case, members=[bo])
        services.meeting_cancel(meeting, by=me)
        services.team_add(case, clinician(), by=me, reason="Sleeps at her mother's")
        services_records.emergency_access_open(case.pk, by=clinician(), reason="She felt unheard")
    assert len(mail.outbox) >= 4  # cancellations to three, the emergency access to the team
    for email in mail.outbox:
        text = email.subject + email.body + email.alternatives[0][0] + "".join(str(a[1]) for a in email.attachments)
        for secret in ("Sleeps at her mother", "She felt unheard", "Housing office"):
            assert secret not in text

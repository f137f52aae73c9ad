"""Meeting notes: draft → signed by the author; a signed note is never changed or deleted —
through the service, the views, the admin or the database; a correction is a new version; the
index person's objection is recorded beside the note."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction
from django.urls import NoReverseMatch, reverse

from accounts.tests.factories import administrator, clinician
from network import services_records
from network.models import MeetingNote, NoteObjection
from network.tests import factories
from network.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return [clinician(full_name="Maja Team"), clinician(full_name="Nils Team")]


@pytest.fixture
def case(team):
    return factories.case(team=team)


@pytest.fixture
def signed(case, team):
    note = services_records.note_create(case, by=team[0], body="Alva talked about sleeping badly.")
    return services_records.note_sign(note, by=team[0])


def test_a_draft_is_its_authors_until_signed(case, team):
    note = services_records.note_create(case, by=team[0], body="First thoughts")
    partner = client_for(team[1])
    assert partner.get(reverse("network:note_detail", args=[case.pk, note.pk])).status_code == 404
    assert "First thoughts" not in partner.get(reverse("network:case_detail", args=[case.pk])).content.decode()
    with pytest.raises(PermissionDenied):
        services_records.note_sign(note, by=team[1])
    services_records.note_sign(note, by=team[0])
    assert "First thoughts" in partner.get(reverse("network:note_detail", args=[case.pk, note.pk])).content.decode()


def test_only_a_current_team_member_writes_notes(case, team):
    outsider = clinician()
    with pytest.raises(PermissionDenied):
        services_records.note_create(case, by=outsider, body="x")
    response = client_for(outsider).post(reverse("network:note_new", args=[case.pk]), {"body": "x"})
    assert response.status_code == 404
    assert MeetingNote.objects.count() == 0


def test_an_empty_note_cannot_be_signed(case, team):
    note = services_records.note_create(case, by=team[0], body="  ")
    with pytest.raises(ValidationError, match="An empty note cannot be signed"):
        services_records.note_sign(note, by=team[0])


def test_a_signed_note_cannot_be_changed_through_the_service(signed, team):
    with pytest.raises(ValidationError, match="A signed note cannot be changed"):
        services_records.note_save_draft(signed, by=team[0], body="Changed")
    with pytest.raises(ValidationError):
        services_records.note_discard(signed, by=team[0])
    signed.refresh_from_db()
    assert signed.body == "Alva talked about sleeping badly."


def test_a_signed_note_cannot_be_changed_through_the_views(case, signed, team):
    client = client_for(team[0])
    client.post(reverse("network:note_edit", args=[case.pk, signed.pk]), {"body": "Changed"})
    client.post(reverse("network:note_autosave", args=[case.pk, signed.pk]), {"body": "Changed"})
    client.post(reverse("network:note_discard", args=[case.pk, signed.pk]))
    client.post(reverse("network:note_sign", args=[case.pk, signed.pk]))
    signed.refresh_from_db()
    assert (signed.body, signed.version) == ("Alva talked about sleeping badly.", 1)


def test_the_admin_has_no_page_for_notes():
    client = client_for(administrator())
    with pytest.raises(NoReverseMatch):
        reverse("admin:network_meetingnote_changelist")
    page = client.get(reverse("admin:index")).content.decode()
    assert "note" not in page.lower()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE network_meetingnote SET body = 'x' WHERE id = %s",
        "UPDATE network_meetingnote SET status = 'draft', signed_at = NULL WHERE id = %s",
        "DELETE FROM network_meetingnote WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_signed_note(signed, statement):
    with (
        pytest.raises((InternalError, ProgrammingError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [signed.pk])
    signed.refresh_from_db()
    assert signed.body == "Alva talked about sleeping badly."


def test_the_database_lets_a_draft_be_changed(case, team):
    note = services_records.note_create(case, by=team[0], body="Draft")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE network_meetingnote SET written_together = true WHERE id = %s", [note.pk])
    note.refresh_from_db()
    assert note.written_together


def test_a_correction_is_a_new_version_and_the_old_one_stays(case, signed, team):
    correction = services_records.note_correct(
        signed, by=team[1], body="Alva talked about sleeping well.", reason="Misheard"
    )
    services_records.note_sign(correction, by=team[1])
    signed.refresh_from_db()
    assert signed.body == "Alva talked about sleeping badly."
    assert (correction.version, correction.replaces_id, correction.thread) == (2, signed.pk, signed.thread)
    page = client_for(team[0]).get(reverse("network:case_detail", args=[case.pk])).content.decode()
    assert "sleeping well" in page and "sleeping badly" not in page
    history = client_for(team[0]).get(reverse("network:note_detail", args=[case.pk, correction.pk])).content.decode()
    assert history.index("Version 2") < history.index("Version 1")
    assert "sleeping badly" in history and "Misheard" in history
    with pytest.raises(ValidationError, match="already been corrected"):
        services_records.note_correct(signed, by=team[0], body="again", reason="x")


def test_a_correction_needs_a_reason(case, signed, team):
    response = client_for(team[0]).post(
        reverse("network:note_correct", args=[case.pk, signed.pk]), {"body": "New text", "reason": ""}
    )
    assert "This field is required." in response.content.decode()
    assert MeetingNote.objects.count() == 1


def test_the_index_persons_objection_is_recorded_beside_the_note(case, signed, team):
    response = client_for(team[1]).post(
        reverse("network:note_objection", args=[case.pk, signed.pk]), {"text": "I sleep fine, I said I was tired."}
    )
    assert response.status_code == 302
    objection = NoteObjection.objects.get()
    assert (objection.note, objection.recorded_by) == (signed, team[1])
    page = client_for(team[0]).get(reverse("network:note_detail", args=[case.pk, signed.pk])).content.decode()
    assert "I sleep fine, I said I was tired." in page
    assert "recorded by Nils Team" in page
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE network_noteobjection SET text = 'x' WHERE id = %s", [objection.pk])


def test_a_note_can_be_written_together_in_the_meeting_and_about_a_meeting(case, team):
    meeting = factories.meeting(case)
    client = client_for(team[0])
    response = client.post(
        reverse("network:note_new", args=[case.pk]),
        {"body": "We wrote this together.", "meeting": meeting.pk, "written_together": "on", "sign": "1"},
    )
    note = MeetingNote.objects.get()
    assert response["Location"] == reverse("network:note_sign", args=[case.pk, note.pk])
    assert (note.meeting, note.written_together, note.is_draft) == (meeting, True, True)
    confirm = client.get(response["Location"]).content.decode()
    assert "Once signed, the note cannot be changed or deleted." in confirm
    client.post(response["Location"])
    note.refresh_from_db()
    assert note.is_signed and note.signed_at is not None


def test_autosave_keeps_the_draft(case, team):
    note = services_records.note_create(case, by=team[0], body="Start")
    response = client_for(team[0]).post(
        reverse("network:note_autosave", args=[case.pk, note.pk]), {"body": "Start and more"}
    )
    assert response.json()["saved"] is True
    note.refresh_from_db()
    assert note.body == "Start and more"
    other = client_for(team[1]).post(reverse("network:note_autosave", args=[case.pk, note.pk]), {"body": "x"})
    assert other.status_code == 404


def test_bad_input_to_a_note_gives_a_clear_error(case, team):
    response = client_for(team[0]).post(reverse("network:note_new", args=[case.pk]), {"body": "x" * 20001})
    assert "Ensure this value has at most 20000 characters" in response.content.decode()
    response = client_for(team[0]).post(reverse("network:note_new", args=[case.pk]), {"body": "a\x00b"})
    assert "Null characters are not allowed." in response.content.decode()
    assert MeetingNote.objects.count() == 0

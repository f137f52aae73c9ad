"""The access log: every read of a case writes who, when, which case and what, and why, in the
same request; nothing in the product changes or deletes a row. Emergency access: a reason, a
time limit, the team told at once, every read logged as emergency, administrators review."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import InternalError, ProgrammingError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import administrator, clinician, coordinator
from dialogkurs.testing.mail import addresses
from network import services_records
from network.models import AccessLog, EmergencyAccess
from network.tests import factories
from network.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    me, partner = clinician(full_name="Maja Team", email="maja@team.example"), clinician(email="nils@team.example")
    case = factories.case(team=[me, partner])
    member = factories.member(case)
    meeting = factories.meeting(case, members=[member])
    note = services_records.note_sign(services_records.note_create(case, by=me, body="A note"), by=me)
    return {"me": me, "partner": partner, "case": case, "member": member, "meeting": meeting, "note": note}


def _case_urls(w) -> list[tuple[str, str, int | None]]:
    """Every page of a case a team member can open (name, kind logged, object id)."""
    c, m, n, p = w["case"].pk, w["meeting"].pk, w["note"].pk, w["member"].pk
    return [
        (reverse("network:case_detail", args=[c]), "case", None),
        (reverse("network:case_history", args=[c]), "history", None),
        (reverse("network:case_edit", args=[c]), "form", None),
        (reverse("network:case_close", args=[c]), "form", None),
        (reverse("network:team", args=[c]), "form", None),
        (reverse("network:member_add", args=[c]), "form", None),
        (reverse("network:member_edit", args=[c, p]), "member", p),
        (reverse("network:member_erase", args=[c, p]), "member", p),
        (reverse("network:network_map", args=[c]), "map", None),
        (reverse("network:meeting_book", args=[c]), "form", None),
        (reverse("network:meeting_detail", args=[c, m]), "meeting", m),
        (reverse("network:meeting_edit", args=[c, m]), "meeting", m),
        (reverse("network:meeting_cancel", args=[c, m]), "meeting", m),
        (reverse("network:meeting_record", args=[c, m]), "meeting", m),
        (reverse("network:note_new", args=[c]), "form", None),
        (reverse("network:note_detail", args=[c, n]), "note_history", n),
        (reverse("network:note_correct", args=[c, n]), "note", n),
        (reverse("network:note_objection", args=[c, n]), "note", n),
        (reverse("network:case_export", args=[c]), "export", None),
        (reverse("network:case_export_json", args=[c]), "export", None),
    ]


def test_every_read_of_every_case_page_writes_one_log_row(world):
    client = client_for(world["me"])
    for url, kind, object_id in _case_urls(world):
        before = AccessLog.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        rows = list(AccessLog.objects.order_by("-pk")[: AccessLog.objects.count() - before])
        assert [(r.user, r.case_id, r.kind, r.object_id, r.reason, r.path) for r in rows] == [
            (world["me"], world["case"].pk, kind, object_id, "team", url)
        ], url


def test_a_refused_read_writes_nothing_and_reveals_nothing(world):
    for user in (clinician(), coordinator(), administrator()):
        assert client_for(user).get(reverse("network:case_detail", args=[world["case"].pk])).status_code == 404
    assert AccessLog.objects.count() == 0


def test_the_database_refuses_to_change_or_delete_a_log_row(world):
    client_for(world["me"]).get(reverse("network:case_detail", args=[world["case"].pk]))
    row = AccessLog.objects.get()
    for statement in (
        "UPDATE network_accesslog SET reason = 'team' WHERE id = %s",
        "DELETE FROM network_accesslog WHERE id = %s",
    ):
        with pytest.raises((InternalError, ProgrammingError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [row.pk])
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_admin_shows_the_log_read_only(world):
    client_for(world["me"]).get(reverse("network:case_detail", args=[world["case"].pk]))
    admin = client_for(administrator())
    row = AccessLog.objects.get()
    assert admin.get(reverse("admin:network_accesslog_changelist")).status_code == 200
    assert admin.post(reverse("admin:network_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert admin.get(reverse("admin:network_accesslog_add")).status_code == 403
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_an_administrator_opens_a_case_by_emergency_access_and_the_team_is_told(
    world, celery_eager, django_capture_on_commit_callbacks
):
    admin = administrator(full_name="Erik Admin")
    client = client_for(admin)
    url = reverse("network:case_detail", args=[world["case"].pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse("network:emergency_access"), {"case_number": world["case"].pk, "reason": ""})
    assert "This field is required." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:emergency_access"),
            {"case_number": world["case"].pk, "reason": "The person called the ward in crisis at night."},
        )
    assert response["Location"] == url
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at - grant.started_at == timedelta(minutes=60)
    assert sorted(addresses(e)[0] for e in mail.outbox) == ["maja@team.example", "nils@team.example"]
    assert "Erik Admin" in mail.outbox[0].body
    assert "crisis" not in mail.outbox[0].body  # the reason stays in the case
    page = client.get(url)
    assert page.status_code == 200
    row = AccessLog.objects.get(user=admin)
    assert (row.reason, row.emergency, row.kind) == ("emergency", grant, "case")
    assert client.get(reverse("network:case_edit", args=[world["case"].pk])).status_code == 404  # read only
    with time_machine.travel(grant.expires_at + timedelta(seconds=1), tick=False):
        assert client.get(url).status_code == 404


def test_emergency_access_is_refused_without_a_case_and_for_roles_that_may_not(world):
    client = client_for(clinician())
    response = client.post(reverse("network:emergency_access"), {"case_number": 999999, "reason": "x"})
    assert "There is no case with this number." in response.content.decode()
    for user, status in ((coordinator(), 403), (None, 302)):
        assert client_for(user).get(reverse("network:emergency_access")).status_code == status
    assert EmergencyAccess.objects.count() == 0


def test_administrators_review_emergency_accesses_and_the_log_by_case_and_by_user(world):
    outsider = clinician(full_name="Olle Outside")
    grant = services_records.emergency_access_open(world["case"].pk, by=outsider, reason="Crisis call")
    client_for(outsider).get(reverse("network:case_detail", args=[world["case"].pk]))
    client_for(world["me"]).get(reverse("network:network_map", args=[world["case"].pk]))
    admin = client_for(administrator())
    listing = admin.get(reverse("network:emergency_list")).content.decode()
    assert "Olle Outside" in listing and "Crisis call" in listing
    admin.post(reverse("network:emergency_review", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.is_reviewed
    assert "Nothing to review." in admin.get(reverse("network:emergency_list")).content.decode()
    by_user = admin.get(reverse("network:access_log"), {"user": outsider.pk}).content.decode()
    assert "<td>Olle Outside</td>" in by_user and "<td>Maja Team</td>" not in by_user
    by_case = admin.get(reverse("network:access_log"), {"case": world["case"].pk, "reason": "team"}).content.decode()
    assert "<td>Maja Team</td>" in by_case and "<td>Olle Outside</td>" not in by_case
    exported = admin.get(reverse("network:access_log"), {"case": world["case"].pk, "format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 3  # header, the emergency read, the map
    assert {r[1] for r in rows[1:]} == {"Olle Outside", "Maja Team"}
    for user in (world["me"], coordinator()):
        assert client_for(user).get(reverse("network:access_log")).status_code == 403


def test_the_access_log_page_takes_the_same_queries_for_one_row_and_five(world, django_assert_num_queries):
    admin = client_for(administrator())
    reader = client_for(world["me"])
    reader.get(reverse("network:case_detail", args=[world["case"].pk]))
    admin.get(reverse("network:access_log"))
    with django_assert_num_queries(7):
        one = admin.get(reverse("network:access_log"))
    for _ in range(4):
        reader.get(reverse("network:case_detail", args=[world["case"].pk]))
    with django_assert_num_queries(7):
        five = admin.get(reverse("network:access_log"))
    assert one.content.decode().count("<tr><td>") == 1
    assert five.content.decode().count("<tr><td>") == 5


def test_the_team_sees_who_opened_the_case_by_emergency_access(world):
    services_records.emergency_access_open(world["case"].pk, by=clinician(full_name="Olle Outside"), reason="Crisis")
    page = client_for(world["me"]).get(reverse("network:case_detail", args=[world["case"].pk])).content.decode()
    assert "Olle Outside" in page and "Crisis" in page
    assert timezone.now()

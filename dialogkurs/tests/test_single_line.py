"""Names, places and addresses stay on one line on every way in (issue 9, point 4): a line break
in a CSV-imported name made every e-mail to that person fail for good with BadHeaderError."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.fields import single_line
from dialogkurs.testing.clients import client_for
from dialogkurs.testing.mail import addresses
from network.tests.factories import case, member
from participants import services as participant_services
from participants.models import Participant, RegistrationSource
from reminders.models import ScheduledMessage
from reminders.rendering import build_email, render_message
from sessions_app.models import Organisation, Workplace
from sessions_app.tests.factories import OrganisationFactory, WorkplaceFactory, confirmed_course

pytestmark = pytest.mark.django_db
INJECTED = "line1\r\nBcc: x@y"
ON_ONE_LINE = "line1 Bcc: x@y"
CONFIRMATION = "participants.registration_confirmation"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (INJECTED, ON_ONE_LINE),
        ("  Anna\tEk \n", "Anna Ek"),
        ("Anna\u2028Ek", "Anna Ek"),
        ("Anna\x85Ek\x0bx\x1f", "Anna Ek x"),
        ("Anna  Ek", "Anna  Ek"),  # spaces alone are left as typed
        ("Åsa Öberg-Lindström", "Åsa Öberg-Lindström"),
        ("", ""),
        (None, None),
    ],
)
def test_single_line_turns_each_break_or_control_character_into_one_space(value, expected):
    assert single_line(value) == expected


def test_a_csv_imported_name_with_a_line_break_is_stored_on_one_line_and_the_confirmation_is_sent(sweep, site_url):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    text = 'name;email\n"line1\r\nBcc: x@y";anna@example.org\n'
    result = participant_services.participants_import_csv(course=course, text=text)
    assert result.ok
    assert Participant.objects.get().name == ON_ONE_LINE
    mail.outbox.clear()
    sweep()
    sent = [m for m in mail.outbox if addresses(m) == ["anna@example.org"]]
    assert len(sent) == 1
    message = sent[0].message()
    assert message["To"] == '"line1 Bcc: x@y" <anna@example.org>'
    assert message["Bcc"] is None
    assert sent[0].bcc == [] and sent[0].cc == []
    assert (
        ScheduledMessage.objects.get(recipient="anna@example.org", kind=CONFIRMATION).status
        == ScheduledMessage.Status.SENT
    )


def test_a_service_stores_a_name_on_one_line():
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    registration, _new = participant_services.registration_register(
        course=course,
        email="bo@example.org",
        name="Bo\nBcc: x@y",
        language="sv",
        perspective="staff",
        source=RegistrationSource.COORDINATOR,
    )
    assert registration.participant.name == "Bo Bcc: x@y"
    assert ScheduledMessage.objects.filter(recipient="bo@example.org").values_list("recipient_name", flat=True)[0] == (
        "Bo Bcc: x@y"
    )


def test_the_workplace_form_stores_the_managers_name_on_one_line():
    region = OrganisationFactory()
    response = client_for(coordinator()).post(
        reverse("sessions_app:workplace_create"),
        {
            "organisation": region.pk,
            "name": "Psykos\r\nmottagningen",
            "visiting_address": "Södra vägen 3\r\nUmeå",
            "manager_name": "Lena Ek\r\nBcc: x@y",
            "manager_email": "lena.ek@example.org",
            "manager_language": "sv",
        },
    )
    assert response.status_code == 302
    workplace = Workplace.objects.get()
    assert (workplace.name, workplace.visiting_address, workplace.manager_name) == (
        "Psykos mottagningen",
        "Södra vägen 3 Umeå",
        "Lena Ek Bcc: x@y",
    )


def test_the_admin_stores_the_managers_name_on_one_line(client):
    workplace = WorkplaceFactory(manager_name="Lena Ek")
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        reverse("admin:sessions_app_workplace_change", args=[workplace.pk]),
        {
            "organisation": workplace.organisation.pk,
            "name": workplace.name,
            "visiting_address": "",
            "manager_name": "Lena\r\nEk",
            "manager_email": "lena.ek@example.org",
            "manager_language": "sv",
        },
    )
    assert response.status_code == 302
    workplace.refresh_from_db()
    assert workplace.manager_name == "Lena Ek"


def test_save_bulk_create_and_update_store_one_line_too():
    region = Organisation.objects.create(name="Region\nNorr")
    assert region.name == "Region Norr"
    Organisation.objects.bulk_create([Organisation(name="Region\r\nSyd")])
    Organisation.objects.filter(name="Region Norr").update(name="Region\x0bMitt")
    assert sorted(Organisation.objects.values_list("name", flat=True)) == ["Region Mitt", "Region Syd"]


def test_encrypted_names_of_the_network_are_kept_on_one_line():
    alva = case(name="Alva\r\nLindgren", phone="070\n123")
    bo = member(alva, name="Bo\nLindgren", organisation="Kommunen\r\nBcc: x@y")
    alva.refresh_from_db()
    bo.refresh_from_db()
    assert (alva.name, alva.phone, bo.name, bo.organisation) == (
        "Alva Lindgren",
        "070 123",
        "Bo Lindgren",
        "Kommunen Bcc: x@y",
    )


def _write_raw(table: str, column: str, value: str, pk: int) -> None:
    """What a row saved before this fix holds: written round every field."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def test_the_renderer_puts_no_line_break_of_an_old_row_into_a_header(site_url):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    participant_services.registration_register(
        course=course, email="cy@example.org", name="Cy", language="en", perspective="staff", source="coordinator"
    )
    row = ScheduledMessage.objects.get(recipient="cy@example.org", kind=CONFIRMATION)
    _write_raw("reminders_scheduledmessage", "recipient_name", INJECTED, row.pk)
    _write_raw("sessions_app_workplace", "name", "Psykos\r\nBcc: x@y", course.workplace_id)
    row = ScheduledMessage.objects.get(pk=row.pk)
    assert row.recipient_name == INJECTED
    email = build_email(row, render_message(row)).message()  # no BadHeaderError
    assert email["To"] == '"line1 Bcc: x@y" <cy@example.org>'
    assert "\n" not in email["Subject"] and email["Bcc"] is None


def test_the_data_migrations_put_existing_rows_on_one_line():
    workplace = WorkplaceFactory(manager_name="Lena Ek", visiting_address="Södra vägen 3")
    _write_raw("sessions_app_workplace", "manager_name", "Lena\r\nEk", workplace.pk)
    _write_raw("sessions_app_workplace", "visiting_address", " Södra vägen 3\n", workplace.pk)
    participant = Participant.objects.create(name="Anna", email="anna@example.org")
    _write_raw("participants_participant", "name", "Anna\u2028Ek", participant.pk)
    for module in ("sessions_app.migrations.0006_single_line_text", "participants.migrations.0007_single_line_text"):
        importlib.import_module(module).clean_rows(apps, None)
    workplace.refresh_from_db()
    participant.refresh_from_db()
    assert (workplace.manager_name, workplace.visiting_address, participant.name) == (
        "Lena Ek",
        "Södra vägen 3",
        "Anna Ek",
    )

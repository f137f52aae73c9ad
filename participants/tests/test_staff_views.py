"""The coordinators' and facilitators' participants pages: list, add, import, export,
attendance and cancelling."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator
from dialogkurs.testing.mail import addresses
from participants import services
from participants.models import Attendance, Participant, Perspective, Registration, RegistrationStatus
from participants.tests.factories import ParticipantFactory, fill, register
from sessions_app import services as course_services
from sessions_app.tests.factories import after_half_day, scheduled_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client):
    client.force_login(coordinator())
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _page(client, course) -> str:
    response = client.get(reverse("participants:course_participants", args=[course.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Participants page ---------------------------------------------------------------------------


def test_participants_page_counts_places_and_the_perspective_mix(coordinator_client, course):
    register(course, perspective=Perspective.STAFF)
    register(course, perspective=Perspective.STAFF)
    register(course, perspective=Perspective.LIVED_EXPERIENCE)
    body = _page(coordinator_client, course)
    assert "3 of 20 places taken" in body
    assert "Staff: <strong>2</strong>" in body
    assert "Own experience: <strong>1</strong>" in body
    assert "Relative: <strong>0</strong>" in body
    assert "Nobody is on the waitlist." in body


def test_participants_page_lists_the_waitlist_in_order_with_positions(coordinator_client, course):
    registrations = fill(course, 22)
    body = _page(coordinator_client, course)
    assert "20 of 20 places taken · 2 on the waitlist" in body
    first, second = (registrations[20].participant.name, registrations[21].participant.name)
    assert body.index(f'<td>1</td>\n        <th scope="row">{first}</th>') < body.index(
        f'<td>2</td>\n        <th scope="row">{second}</th>'
    )


def test_attendance_grid_shows_present_absent_and_not_recorded_as_text(coordinator_client, course):
    anna, bo = register(course, name="Anna Andersson"), register(course, name="Bo Berg")
    first, second = course.half_days.order_by("number")
    by = coordinator()
    with after_half_day(course):
        services.attendance_record(half_day=first, registration=anna, present=True, by=by)
        services.attendance_record(half_day=second, registration=anna, present=True, by=by)
        services.attendance_record(half_day=first, registration=bo, present=False, by=by)
    body = _page(coordinator_client, course)
    assert "1 of 2 have completed the training (present at both half-days)." in body
    anna_row = body[body.index("Anna Andersson</th>") : body.index("</tr>", body.index("Anna Andersson</th>"))]
    bo_row = body[body.index("Bo Berg</th>") : body.index("</tr>", body.index("Bo Berg</th>"))]
    assert [anna_row.count("Present"), anna_row.count("Absent"), "<td>Yes</td>" in anna_row] == [2, 0, True]
    assert ["Absent" in bo_row, "Not recorded" in bo_row, "<td>No</td>" in bo_row] == [True, True, True]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("sv", ["Deltagare: utbildningen på", "1 av 20 platser tagna", "Väntelista", "Inte registrerad"]),
        ("nb", ["Deltakere: opplæringen på", "1 av 20 plasser tatt", "Venteliste", "Ikke registrert"]),
    ],
)
def test_participants_page_speaks_swedish_and_norwegian(coordinator_client, course, language, texts):
    register(course)
    coordinator_client.cookies["django_language"] = language
    body = _page(coordinator_client, course)
    assert [text in body for text in texts] == [True] * len(texts)


def test_facilitators_see_no_management_buttons(client, course, course_facilitator):
    register(course)
    client.force_login(course_facilitator)
    body = _page(client, course)
    assert reverse("participants:participant_add", args=[course.pk]) not in body
    assert "/registrations/" not in body
    assert reverse("participants:attendance", args=[course.pk, 1]) in body
    assert reverse("participants:export_csv", args=[course.pk]) in body


@pytest.mark.parametrize("count", [1, 5])
def test_participants_page_query_count_does_not_grow_with_participants(
    client, course, django_assert_num_queries, count
):
    registrations = fill(course, count)
    by = coordinator()
    with after_half_day(course):
        for half_day in course.half_days.all():
            for registration in registrations:
                services.attendance_record(half_day=half_day, registration=registration, present=True, by=by)
    client.force_login(by)
    url = reverse("participants:course_participants", args=[course.pk])
    # 8: whether the training has been held (no cancel buttons then) reads the half-days the
    # roster read (participants.selectors.half_day_list), not a query of its own
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    roster = response.context["roster"]
    assert (roster.confirmed_count, roster.completed_count) == (count, count)


# --- Adding one participant --------------------------------------------------------------------


def _add(client, course, **overrides):
    data = {"name": "Karin Ek", "email": "Karin.Ek@Example.org", "perspective": "relative", "language": "nb"}
    return client.post(reverse("participants:participant_add", args=[course.pk]), {**data, **overrides})


def test_adding_a_participant_says_she_has_a_place(coordinator_client, course):
    response = _add(coordinator_client, course)
    assert response.status_code == 302
    assert _messages(response) == ["Karin Ek has a place."]
    participant = Participant.objects.get()
    assert (participant.email, participant.perspective, participant.language, participant.workplace) == (
        "karin.ek@example.org",
        "relative",
        "nb",
        course.workplace,
    )
    assert course.registrations.get().source == "coordinator"


def test_adding_the_twenty_first_tells_her_waitlist_position(coordinator_client, course):
    fill(course, 21)
    response = _add(coordinator_client, course)
    assert _messages(response) == ["Karin Ek is number 2 on the waitlist."]


def test_adding_someone_already_registered_says_so_and_adds_nothing(coordinator_client, course):
    register(course, ParticipantFactory(name="Karin Ek", email="karin.ek@example.org"))
    response = _add(coordinator_client, course, name="Someone Else")
    assert _messages(response) == [
        "karin.ek@example.org was already registered for this training. Karin Ek has a place."
    ]
    assert course.registrations.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("email", "not-an-address"), ("perspective", "boss"), ("language", "de"), ("name", "x" * 201)],
)
def test_adding_with_bad_input_shows_the_error_and_saves_nothing(coordinator_client, course, field, value):
    response = _add(coordinator_client, course, **{field: value})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'href="#id_{field}"' in body
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)


def test_adding_to_a_cancelled_training_is_refused_and_saves_nothing(coordinator_client, course):
    course_services.course_cancel(course)
    response = _add(coordinator_client, course)
    assert response.status_code == 200
    assert "This training is not open for registration." in response.content.decode()
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)


# --- CSV import ---------------------------------------------------------------------------------


def _upload(client, course, content: bytes, name: str = "participants.csv"):
    return client.post(
        reverse("participants:import_csv", args=[course.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_import_with_bom_and_semicolons_registers_everyone_and_summarises(coordinator_client, course):
    fill(course, 19)
    content = "\ufeffname;email;perspective;language\nÅsa Öberg;asa@example.org;lived_experience;sv\n"
    content += "Kari Nordmann;kari@example.no;relative;nb\nPer Persson;per@example.org;;\n"
    response = _upload(coordinator_client, course, content.encode("utf-8"))
    assert response.status_code == 302
    assert _messages(response) == ["Imported 3 participants: 1 confirmed, 2 on the waitlist."]
    asa = Participant.objects.get(email="asa@example.org")
    assert (asa.name, asa.perspective) == ("Åsa Öberg", "lived_experience")
    assert Participant.objects.get(email="per@example.org").perspective == "staff"


def test_import_with_commas_works_too(coordinator_client, course):
    response = _upload(coordinator_client, course, b"name,email\nAnna Ek,anna@example.org\n")
    assert _messages(response) == ["Imported 1 participant: 1 confirmed, 0 on the waitlist."]


def test_import_with_bad_rows_lists_every_problem_and_imports_nothing(coordinator_client, course):
    content = (
        "name;email;perspective;language\n"
        "Anna Ek;anna@example.org;staff;sv\n"
        ";bo@example.org;staff;sv\n"
        "Cecilia;not-an-address;chef;de\n"
        "Anna Again;ANNA@example.org;staff;sv\n"
    )
    response = _upload(coordinator_client, course, content.encode())
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_file"' in body
    assert "The file has 3 problems; nothing was imported." in body
    assert '<th scope="row">3</th><td>The name is missing.</td>' in body
    assert '<th scope="row">4</th><td>“not-an-address” is not an e-mail address; the perspective' in body
    assert '<th scope="row">5</th><td>The e-mail address is on an earlier row too.</td>' in body
    assert (Participant.objects.count(), Registration.objects.count()) == (0, 0)


def test_import_without_the_required_columns_says_which_are_missing(coordinator_client, course):
    body = _upload(coordinator_client, course, b"namn;epost\nAnna;anna@example.org\n").content.decode()
    assert "The first row must name the columns; missing: name, email." in body
    assert Registration.objects.count() == 0


def test_import_of_a_name_longer_than_the_field_is_a_row_error(coordinator_client, course):
    content = f"name;email\nAnna;anna@example.org\n{'x' * 201};long@example.org\n"
    body = _upload(coordinator_client, course, content.encode()).content.decode()
    assert '<th scope="row">3</th><td>The name is longer than 200 characters.</td>' in body
    assert Registration.objects.count() == 0


def test_import_refuses_a_file_over_one_megabyte(coordinator_client, course):
    content = b"name;email\n" + b"Anna;anna@example.org\n" * 50_000
    body = _upload(coordinator_client, course, content).content.decode()
    assert "The file is 1.0\xa0MB; at most 1.0\xa0MB can be imported." in body
    assert Registration.objects.count() == 0


def test_import_refuses_a_file_that_is_not_utf8(coordinator_client, course):
    body = _upload(coordinator_client, course, "name;email\nÅsa;asa@example.org\n".encode("cp1252")).content.decode()
    assert "The file is not saved as UTF-8." in body
    assert Registration.objects.count() == 0


def test_import_without_a_file_is_a_field_error(coordinator_client, course):
    response = coordinator_client.post(reverse("participants:import_csv", args=[course.pk]), {})
    body = response.content.decode()
    assert 'href="#id_file"' in body
    assert "This field is required." in body


# --- CSV export ---------------------------------------------------------------------------------


def _export(client, course, language: str = "en") -> tuple[str, list[list[str]]]:
    client.cookies["django_language"] = language
    response = client.get(reverse("participants:export_csv", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="participants-{course.pk}.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    delimiter = ";" if language in ("sv", "nb") else ","
    return text, list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_coordinators_export_with_the_perspective_column(coordinator_client, course):
    anna = register(course, ParticipantFactory(name="Anna Ek", email="anna@example.org", perspective="relative"))
    with after_half_day(course, 1):
        services.attendance_record(half_day=course.half_days.get(number=1), registration=anna, present=True, by=None)
    fill(course, 20)
    _text, rows = _export(coordinator_client, course)
    assert rows[0] == [
        "Name",
        "E-mail address",
        "Language",
        "Perspective",
        "Status",
        "Waitlist position",
        "Registered",
        "Half-day 1",
        "Half-day 2",
        "Completed",
    ]
    anna_row = next(row for row in rows if row[0] == "Anna Ek")
    assert anna_row[:6] == ["Anna Ek", "anna@example.org", "Swedish", "Relative", "Confirmed", ""]
    assert anna_row[7:] == ["Present", "Not recorded", "No"]
    assert rows[-1][4:6] == ["Waitlisted", "1"]
    assert rows[-1][7:] == ["", "", ""]
    assert len(rows) == 1 + 21


def test_the_course_facilitator_exports_without_the_perspective(client, course, course_facilitator):
    register(course, ParticipantFactory(name="Anna Ek", perspective="lived_experience"))
    client.force_login(course_facilitator)
    text, rows = _export(client, course)
    assert "Perspective" not in rows[0]
    assert "Own experience" not in text
    assert rows[1][:3] == ["Anna Ek", rows[1][1], "Swedish"]


@pytest.mark.parametrize(("language", "header"), [("sv", ["Namn", "E-postadress"]), ("nb", ["Navn", "E-postadresse"])])
def test_export_in_swedish_and_norwegian_uses_semicolons_for_excel(coordinator_client, course, language, header):
    register(course)
    text, rows = _export(coordinator_client, course, language)
    assert text.splitlines()[0].count(";") == 9
    assert rows[0][:2] == header


def test_export_defuses_spreadsheet_formulas_in_names(coordinator_client, course):
    register(course, ParticipantFactory(name='=HYPERLINK("http://evil")'))
    _text, rows = _export(coordinator_client, course)
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("count", [1, 5])
def test_export_query_count_does_not_grow_with_participants(client, course, django_assert_num_queries, count):
    fill(course, count)
    client.force_login(coordinator())
    with django_assert_num_queries(8):
        response = client.get(reverse("participants:export_csv", args=[course.pk]))
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 1 + count  # the header and a row each


# --- Attendance ---------------------------------------------------------------------------------


def test_attendance_page_lists_only_the_confirmed(client, course, course_facilitator):
    confirmed = fill(course, 20)
    waitlisted = register(course)
    with after_half_day(course, 1):
        client.force_login(course_facilitator)
        body = client.get(reverse("participants:attendance", args=[course.pk, 1])).content.decode()
    assert body.count('type="checkbox" name="present"') == 20
    assert f'value="{confirmed[0].pk}"' in body
    assert f'value="{waitlisted.pk}"' not in body


def test_before_the_half_day_has_begun_the_page_says_when_and_offers_no_saving(client, course, course_facilitator):
    anna = register(course)
    half_day = course.half_days.get(number=1)
    url = reverse("participants:attendance", args=[course.pk, 1])
    message = "Attendance for half-day 1 can be saved once it has begun, from {:%m/%d/%Y} at 08:00."
    message = message.format(timezone.localtime(half_day.starts_at))
    with time_machine.travel(half_day.starts_at - timedelta(hours=1), tick=False):
        client.force_login(course_facilitator)
        body = client.get(url).content.decode()
        response = client.post(url, {"present": [anna.pk]})
    assert message in body
    assert 'name="present"' not in body
    assert "Save attendance" not in body
    assert response.status_code == 200
    assert message in response.context["form"].non_field_errors()
    assert Attendance.objects.count() == 0


def test_saving_attendance_records_the_ticked_present_and_the_rest_absent(client, course, course_facilitator):
    anna, bo, cecilia = (register(course, name=name) for name in ("Anna", "Bo", "Cecilia"))
    half_day = course.half_days.get(number=2)
    url = reverse("participants:attendance", args=[course.pk, 2])
    with after_half_day(course):
        client.force_login(course_facilitator)
        response = client.post(url, {"present": [anna.pk, cecilia.pk]})
        assert response.status_code == 302
        assert _messages(response) == ["Attendance saved for half-day 2: 2 present, 1 absent."]
        body = client.get(url).content.decode()
    recorded = dict(Attendance.objects.filter(half_day=half_day).values_list("registration_id", "present"))
    assert recorded == {anna.pk: True, bo.pk: False, cecilia.pk: True}
    assert Attendance.objects.get(registration=anna, half_day=half_day).recorded_by == course_facilitator
    assert f'value="{anna.pk}" id="id_present_0" checked' in body
    assert f'value="{bo.pk}" id="id_present_1">' in body


def test_saving_with_nobody_ticked_records_everyone_absent(client, course, course_facilitator):
    fill(course, 2)
    with after_half_day(course, 1):
        client.force_login(course_facilitator)
        response = client.post(reverse("participants:attendance", args=[course.pk, 1]), {})
    assert _messages(response) == ["Attendance saved for half-day 1: 0 present, 2 absent."]
    assert list(Attendance.objects.values_list("present", flat=True)) == [False, False]


def test_attendance_for_someone_not_confirmed_is_an_error_and_saves_nothing(client, course, course_facilitator):
    anna = register(course)
    other = register(scheduled_course())
    with after_half_day(course, 1):
        client.force_login(course_facilitator)
        response = client.post(
            reverse("participants:attendance", args=[course.pk, 1]), {"present": [anna.pk, other.pk]}
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_present_0"' in body
    assert f"Select a valid choice. {other.pk} is not one of the available choices." in body
    assert Attendance.objects.count() == 0


def test_attendance_with_a_malformed_value_is_an_error_and_saves_nothing(client, course, course_facilitator):
    register(course)
    with after_half_day(course, 1):
        client.force_login(course_facilitator)
        response = client.post(reverse("participants:attendance", args=[course.pk, 1]), {"present": ["abc"]})
    assert "There is a problem" in response.content.decode()
    assert Attendance.objects.count() == 0


def test_attendance_on_a_cancelled_training_is_refused(coordinator_client, course):
    anna = register(course)
    course_services.course_cancel(course)
    response = coordinator_client.post(reverse("participants:attendance", args=[course.pk, 1]), {"present": [anna.pk]})
    assert response.status_code == 200
    assert "This training is cancelled." in response.content.decode()
    assert Attendance.objects.count() == 0


# --- Cancelling as a coordinator ----------------------------------------------------------------


def test_cancel_asks_for_confirmation_first(coordinator_client, course):
    registration = register(course, name="Anna Ek")
    response = coordinator_client.get(reverse("participants:registration_cancel", args=[registration.pk]))
    body = response.content.decode()
    assert "Cancel the registration of Anna Ek for the training at" in body
    assert "Yes, cancel the registration" in body
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancelling_a_confirmed_place_names_and_tells_the_promoted_participant(
    coordinator_client, course, django_capture_on_commit_callbacks, sweep
):
    registrations = fill(course, 20)
    waiting = register(course, ParticipantFactory(name="Wilma Vänta", language="nb"))
    sweep()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("participants:registration_cancel", args=[registrations[0].pk]))
    assert response.status_code == 302
    assert _messages(response) == [
        f"The registration of {registrations[0].participant.name} is cancelled. "
        "Wilma Vänta has moved up from the waitlist and has been told by e-mail."
    ]
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    sweep()
    assert [addresses(message) for message in mail.outbox] == [[waiting.participant.email]]
    assert mail.outbox[0].subject == "Det har blitt ledig plass til deg på dialogopplæringen"
    assert f"http://testserver/participants/cancel/{waiting.cancel_token}/" in mail.outbox[0].body


def test_cancelling_a_waitlisted_place_promotes_nobody(
    coordinator_client, course, django_capture_on_commit_callbacks, sweep
):
    fill(course, 20)
    waiting = register(course)
    sweep()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("participants:registration_cancel", args=[waiting.pk]))
    assert _messages(response) == [f"The registration of {waiting.participant.name} is cancelled."]
    sweep()
    assert mail.outbox == []

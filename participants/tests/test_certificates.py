"""Certificates of participation: who gets one, what it says (read back from the PDF), and who
may download them."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts.tests.factories import UserFactory, administrator, coordinator
from participants import services
from participants.certificates import certificate_problem
from participants.models import Registration
from participants.tests.factories import register
from sessions_app.models import AssignmentStatus, Course
from sessions_app.tests.factories import BEFORE_TRAINING, STOCKHOLM, february_training

pytestmark = pytest.mark.django_db
AFTER_HALF_DAY_2 = datetime(2026, 2, 12, 13, 0, tzinfo=STOCKHOLM)


def pdf_text(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def attended(course: Course, *marks_per_person: tuple[bool, bool], language: str = "sv") -> list[Registration]:
    """One registration per tuple, with that attendance at half-days 1 and 2."""
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        registrations = [register(course, language=language) for _ in marks_per_person]
    half_days = list(course.half_days.order_by("number"))
    with time_machine.travel(AFTER_HALF_DAY_2, tick=False):
        for registration, marks in zip(registrations, marks_per_person, strict=True):
            for half_day, present in zip(half_days, marks, strict=True):
                services.attendance_record(half_day=half_day, registration=registration, present=present, by=None)
    return registrations


def facilitator_names(course: Course) -> list[str]:
    return sorted(
        course.assignments.filter(status=AssignmentStatus.ACCEPTED).values_list(
            "facilitator__user__full_name", flat=True
        )
    )


@pytest.mark.parametrize(
    ("marks", "problem"),
    [
        ([True, True], None),
        ([False, True], "Absent on half-day 1."),
        ([True, False], "Absent on half-day 2."),
        ([True, None], "Attendance on half-day 2 is not recorded yet."),
        ([True], "The training has no second half-day."),
    ],
)
def test_only_presence_at_both_half_days_gives_a_certificate(marks, problem):
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        registration = register(course)
    assert certificate_problem(registration, marks) == problem


def test_a_certificate_names_the_person_the_training_the_dates_the_hours_themes_facilitators_and_organiser(
    client, settings
):
    settings.CERTIFICATE_ORGANISER = "FoU Väst"
    course = february_training()
    (registration,) = attended(course, (True, True), language="sv")
    registration.participant.name = "Åsa Öberg"
    registration.participant.save(update_fields=["name"])
    client.force_login(coordinator())
    response = client.get(reverse("participants:registration_certificate", args=[registration.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-asa-oberg.pdf"'
    (page,) = pdf_text(response.content)
    workplace = course.workplace
    names = ", ".join(facilitator_names(course))
    assert page == (
        "Intyg Åsa Öberg "
        f"har deltagit i dialogutbildningen på {workplace.name} ({workplace.organisation.name}). "
        "Datum halvdag 1: 5 februari 2026, halvdag 2: 12 februari 2026 "
        "Sammanlagt 8 timmar, under två halvdagar. "
        "Teman 1. Skapa kontakt och etablera allians 2. Bli samarbetspartners "
        "3. Eget arbete med återhämtning 4. Idéverkstad "
        f"Utbildare {names} "
        "Arrangör FoU Väst "
        f"Utbildning nummer {course.pk}"
    )


def test_a_norwegian_participant_gets_a_kursbevis_in_norwegian(client):
    course = february_training()
    (registration,) = attended(course, (True, True), language="nb")
    client.force_login(coordinator())
    response = client.get(reverse("participants:registration_certificate", args=[registration.pk]))
    (page,) = pdf_text(response.content)
    assert page.startswith(f"Kursbevis {registration.participant.name} har deltatt i dialogopplæringen på ")
    assert "4. Idéverksted" in page
    assert "Til sammen 8 timer, fordelt på to halvdager." in page


def test_someone_absent_once_gets_none_and_the_coordinator_sees_why(client):
    course = february_training()
    present, absent = attended(course, (True, True), (False, True))
    client.force_login(coordinator())
    assert client.get(reverse("participants:registration_certificate", args=[absent.pk])).status_code == 404
    page = client.get(reverse("participants:course_participants", args=[course.pk])).content.decode()
    assert "No certificate: Absent on half-day 1." in page
    assert reverse("participants:registration_certificate", args=[present.pk]) in page
    assert reverse("participants:registration_certificate", args=[absent.pk]) not in page


def test_the_course_pdf_has_one_page_per_certificate_each_in_its_language(client):
    course = february_training()
    swedish, _absent = attended(course, (True, True), (True, False), language="sv")
    (norwegian,) = attended(course, (True, True), language="nb")
    client.force_login(coordinator())
    response = client.get(reverse("participants:course_certificates", args=[course.pk]))
    assert response.status_code == 200
    pages = pdf_text(response.content)
    firsts = sorted(page.split(" har ")[0] for page in pages)
    assert firsts == sorted([f"Intyg {swedish.participant.name}", f"Kursbevis {norwegian.participant.name}"])


def test_a_course_without_certificates_has_no_course_pdf(client):
    course = february_training()
    attended(course, (False, False))
    client.force_login(coordinator())
    assert client.get(reverse("participants:course_certificates", args=[course.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("no_role", 403),
        ("course_facilitator", 403),
        ("administrator", 403),
        ("coordinator", 200),
    ],
)
def test_only_coordinators_download_certificates(client, who, status):
    course = february_training()
    (registration,) = attended(course, (True, True))
    users = {
        "no_role": UserFactory,
        "administrator": administrator,
        "coordinator": coordinator,
        "course_facilitator": lambda: (
            course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user
        ),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    for url in (
        reverse("participants:registration_certificate", args=[registration.pk]),
        reverse("participants:course_certificates", args=[course.pk]),
    ):
        assert client.get(url).status_code == status, url

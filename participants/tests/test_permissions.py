"""Every participants page, every role: the permission contract of DESIGN §1 and §2.2."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory, administrator, clinician, coordinator
from participants.models import Attendance, Registration, RegistrationStatus
from participants.tests.factories import ParticipantFactory, register

pytestmark = pytest.mark.django_db

# (url name, what the course's accepted facilitator gets)
STAFF_PAGES = [
    ("course_participants", 200),
    ("participant_add", 403),
    ("import_csv", 403),
    ("export_csv", 200),
    ("attendance", 200),
    ("registration_cancel", 403),
]


def _url(name: str, course, registration: Registration) -> str:
    if name == "attendance":
        return reverse("participants:attendance", args=[course.pk, 1])
    if name == "registration_cancel":
        return reverse("participants:registration_cancel", args=[registration.pk])
    return reverse(f"participants:{name}", args=[course.pk])


@pytest.fixture
def registration(course):
    return register(course)


@pytest.mark.parametrize(("name", "_facilitator_status"), STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, course, registration, name, _facilitator_status):
    url = _url(name, course, registration)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "_facilitator_status"), STAFF_PAGES)
@pytest.mark.parametrize("make_user", [UserFactory, clinician, administrator], ids=["no role", "clinician", "admin"])
def test_accounts_without_a_training_role_are_refused(
    client, course, registration, name, _facilitator_status, make_user
):
    client.force_login(make_user())
    assert client.get(_url(name, course, registration)).status_code == 403


@pytest.mark.parametrize(("name", "_facilitator_status"), STAFF_PAGES)
def test_a_facilitator_of_another_training_is_told_it_does_not_exist(
    client, course, registration, other_facilitator, name, _facilitator_status
):
    client.force_login(other_facilitator)
    assert client.get(_url(name, course, registration)).status_code == 404


@pytest.mark.parametrize(("name", "facilitator_status"), STAFF_PAGES)
def test_the_course_facilitator_reads_and_takes_attendance_but_manages_nothing(
    client, course, registration, course_facilitator, name, facilitator_status
):
    client.force_login(course_facilitator)
    assert client.get(_url(name, course, registration)).status_code == facilitator_status


@pytest.mark.parametrize(("name", "_facilitator_status"), STAFF_PAGES)
def test_coordinators_reach_every_page(client, course, registration, name, _facilitator_status):
    client.force_login(coordinator())
    assert client.get(_url(name, course, registration)).status_code == 200


def test_an_invited_facilitator_sees_the_training_but_nobody_who_takes_part_before_accepting(
    client, course, invited_facilitator
):
    """Names, addresses and the health-related perspective only for those who lead it: she may
    still decline (``can_see_participants``)."""
    register(course, ParticipantFactory(name="Stina Svensson"))
    client.force_login(invited_facilitator)
    training = client.get(reverse("sessions_app:course_detail", args=[course.pk]))
    assert training.status_code == 200
    assert "Stina Svensson" not in training.content.decode()
    assert reverse("participants:course_participants", args=[course.pk]) not in training.content.decode()
    for name in ("course_participants", "export_csv"):
        assert client.get(reverse(f"participants:{name}", args=[course.pk])).status_code == 403
    assert client.get(reverse("participants:attendance", args=[course.pk, 1])).status_code == 403


def test_a_facilitator_cannot_post_a_cancellation_or_a_new_participant(client, course, course_facilitator):
    registration = register(course)
    client.force_login(course_facilitator)
    assert client.post(reverse("participants:registration_cancel", args=[registration.pk])).status_code == 403
    response = client.post(
        reverse("participants:participant_add", args=[course.pk]),
        {"name": "Ny Person", "email": "ny@example.org", "perspective": "staff", "language": "sv"},
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert course.registrations.count() == 1


def test_a_facilitator_of_another_training_cannot_post_attendance(client, course, other_facilitator):
    registration = register(course)
    client.force_login(other_facilitator)
    response = client.post(reverse("participants:attendance", args=[course.pk, 1]), {"present": [registration.pk]})
    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_an_unknown_half_day_is_a_404(client, course):
    client.force_login(coordinator())
    assert client.get(reverse("participants:attendance", args=[course.pk, 3])).status_code == 404

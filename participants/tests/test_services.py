from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator
from participants import services
from participants.models import Attendance, Participant, Registration, RegistrationSource, RegistrationStatus
from participants.planners import KIND_HALFDAY
from participants.services import waitlist_position
from participants.tests.factories import ParticipantFactory, fill, register
from reminders.planning import messages_for, replan
from sessions_app import services as course_services
from sessions_app.models import Course
from sessions_app.tests.factories import after_half_day, confirmed_course, schedule, scheduled_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return scheduled_course(timezone.localdate() + timedelta(days=30))


def test_the_first_twenty_are_confirmed_and_the_rest_wait_in_arrival_order(course):
    registrations = fill(course, 23)
    assert [r.status for r in registrations] == ["confirmed"] * 20 + ["waitlisted"] * 3
    assert [waitlist_position(r) for r in registrations[20:]] == [1, 2, 3]


def test_cancelling_a_confirmed_place_promotes_the_first_waitlisted_in_the_same_transaction(course):
    registrations = fill(course, 22)
    result = services.registration_cancel(registrations[0])
    assert result.registration.status == RegistrationStatus.CANCELLED
    assert result.promoted == registrations[20]
    registrations[20].refresh_from_db()
    assert registrations[20].status == RegistrationStatus.CONFIRMED
    assert registrations[20].promoted_at is not None
    assert waitlist_position(Registration.objects.get(pk=registrations[21].pk)) == 1
    assert course.registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 20


def test_cancelling_a_waitlisted_place_promotes_nobody(course):
    registrations = fill(course, 21)
    assert services.registration_cancel(registrations[20]).promoted is None


def test_cancelling_twice_changes_nothing(course):
    registration = register(course)
    services.registration_cancel(registration)
    assert services.registration_cancel(registration).promoted is None


def test_registering_again_returns_the_live_registration(course):
    participant = ParticipantFactory()
    first = register(course, participant)
    assert register(course, participant) == first
    assert course.registrations.count() == 1


def test_a_cancelled_participant_who_registers_again_joins_the_back_of_the_queue(course):
    registrations = fill(course, 21)
    services.registration_cancel(registrations[5])
    again = register(course, registrations[5].participant)
    assert again.pk == registrations[5].pk
    assert (again.status, waitlist_position(again)) == ("waitlisted", 1)


def test_the_database_holds_one_registration_per_participant_and_course(course):
    registration = register(course)
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            course=course,
            participant=registration.participant,
            status="confirmed",
            source="coordinator",
            queued_at=timezone.now(),
        )


def test_a_cancelled_training_takes_no_registrations(course):
    course_services.course_cancel(course)
    with pytest.raises(ValidationError, match="not open for registration"):
        register(course)


def test_participants_are_one_per_email_address_in_any_case():
    first = services.participant_get_or_create(email="Anna@Example.org", name="Anna")
    assert services.participant_get_or_create(email="anna@example.ORG", name="Other") == first
    assert Participant.objects.count() == 1


def test_attendance_is_recorded_once_per_half_day(course):
    registration = register(course)
    half_day = course.half_days.get(number=1)
    with after_half_day(course, 1):
        services.attendance_record(half_day=half_day, registration=registration, present=True, by=None)
        services.attendance_record(half_day=half_day, registration=registration, present=False, by=None)
    assert list(Attendance.objects.values_list("present", flat=True)) == [False]


def test_waitlisted_participants_have_no_attendance(course):
    registrations = fill(course, 21)
    with after_half_day(course, 1), pytest.raises(ValidationError, match="Only confirmed participants"):
        services.attendance_record(
            half_day=course.half_days.first(), registration=registrations[20], present=True, by=None
        )


def test_attendance_for_the_whole_group_at_once(course):
    registrations = fill(course, 3)
    with after_half_day(course, 1):
        count = services.attendance_record_many(
            half_day=course.half_days.first(), present_ids={registrations[0].pk, registrations[2].pk}, by=coordinator()
        )
    assert count == 3
    assert list(Attendance.objects.order_by("registration_id").values_list("present", flat=True)) == [True, False, True]


def test_attendance_is_refused_until_the_half_day_has_begun(course):
    registration = register(course)
    half_day = course.half_days.get(number=1)
    message = "Attendance for half-day 1 can be saved once it has begun, from {:%m/%d/%Y} at 08:00."
    message = message.format(timezone.localtime(half_day.starts_at))
    with time_machine.travel(half_day.starts_at - timedelta(minutes=1), tick=False):
        with pytest.raises(ValidationError) as error:
            services.attendance_record(half_day=half_day, registration=registration, present=True, by=None)
        assert error.value.messages == [message]
        with pytest.raises(ValidationError) as error:
            services.attendance_record_many(half_day=half_day, present_ids={registration.pk}, by=None)
        assert error.value.messages == [message]
    assert Attendance.objects.count() == 0
    with time_machine.travel(half_day.starts_at, tick=False):
        services.attendance_record(half_day=half_day, registration=registration, present=True, by=None)
    assert list(Attendance.objects.values_list("present", flat=True)) == [True]


def test_csv_import_registers_every_row(course):
    text = (
        "name;email;perspective;language\nAnna Ek;anna@example.org;staff;sv\nOla Nordmann;ola@example.org;relative;nb\n"
    )
    result = services.participants_import_csv(course=course, text=text)
    assert result.ok
    assert sorted(course.registrations.values_list("participant__email", "participant__perspective")) == [
        ("anna@example.org", "staff"),
        ("ola@example.org", "relative"),
    ]


def test_csv_import_with_a_bad_row_names_every_bad_row_and_saves_nothing(course):
    text = "name,email,perspective\nAnna Ek,anna@example.org,staff\n,not-an-email,martian\nAnna Two,ANNA@example.org,\n"
    result = services.participants_import_csv(course=course, text=text)
    assert result.errors == [
        (
            3,
            "The name is missing; “not-an-email” is not an e-mail address; the perspective must be one of lived_experience, relative, staff.",
        ),
        (4, "The e-mail address is on an earlier row too."),
    ]
    assert course.registrations.count() == 0
    assert Participant.objects.count() == 0


def test_csv_import_without_the_header_row_says_which_columns_are_missing(course):
    result = services.participants_import_csv(course=course, text="Anna Ek;anna@example.org\n")
    assert result.errors == [(1, "The first row must name the columns; missing: name, email.")]


@pytest.mark.parametrize(
    "text",
    [
        # Uneven rows, or a quoted comma: csv's guess was a comma, and the header "missing".
        "name;email;language\nAnna Ek;anna@example.org\nOla Berg;ola@example.org;nb\n",
        'name;email\nAnna Ek;anna@example.org;x;y\n"Berg, Ola";ola@example.org\n',
        # Old Mac line endings: Python's csv stopped with an English message.
        "name;email\rAnna Ek;anna@example.org\rOla Berg;ola@example.org\r",
        "name\temail\r\nAnna Ek\tanna@example.org\r\nOla Berg\tola@example.org\r\n",
    ],
    ids=["uneven rows", "quoted comma", "lone CR", "tabs and CRLF"],
)
def test_csv_import_finds_the_separator_by_the_header(course, text):
    result = services.participants_import_csv(course=course, text=text)
    assert result.ok, result.errors
    assert sorted(course.registrations.values_list("participant__email", flat=True)) == [
        "anna@example.org",
        "ola@example.org",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name;name;email\nAnna;Ek;anna@example.org\n", (1, "The first row names a column twice: name.")),
        (
            'name;email\nAnna Ek;anna@example.org\n"' + "x" * 200_000 + ";ola@example.org\n",
            (3, "This row could not be read: a cell is far too long, or a quotation mark is not closed."),
        ),
    ],
    ids=["column twice", "quote never closed"],
)
def test_csv_import_of_a_file_that_cannot_be_read_says_where_and_saves_nothing(course, text, error):
    assert services.participants_import_csv(course=course, text=text).errors == [error]
    assert Participant.objects.count() == 0


def test_csv_import_of_an_empty_file_is_refused(course):
    assert services.participants_import_csv(course=course, text="name,email\n").errors == [
        (0, "The file has no participants.")
    ]


def test_csv_import_names_the_row_whose_name_or_address_is_too_long_and_saves_nothing(course):
    # Before, a name over 200 characters passed the row checks and failed the whole import in
    # full_clean with an error that named no row.
    long_email = "a" * 250 + "@example.org"
    text = f"name;email\nAnna Ek;anna@example.org\n{'x' * 201};long@example.org\nBo;{long_email}\n"
    result = services.participants_import_csv(course=course, text=text)
    assert result.errors == [
        (3, "The name is longer than 200 characters."),
        (4, f"“{long_email}” is not an e-mail address."),
    ]
    assert Participant.objects.count() == 0


def test_a_place_on_a_delivered_training_cannot_be_cancelled_even_by_a_coordinator(client):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    registrations = fill(course, 21)
    with time_machine.travel(course.half_days.get(number=2).ends_at + timedelta(hours=1)):
        course_services.course_mark_delivered(course)
    with pytest.raises(ValidationError) as error:
        services.registration_cancel(registrations[0])
    assert error.value.messages == ["This training is delivered: its places can no longer be cancelled."]
    client.force_login(course.coordinator)
    response = client.post(reverse("participants:registration_cancel", args=[registrations[0].pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == error.value.messages
    assert [r.status for r in Registration.objects.filter(pk__in=[registrations[0].pk, registrations[20].pk])] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]


def test_a_sign_up_registration_needs_the_link_open(course):
    participant = ParticipantFactory()
    with pytest.raises(ValidationError) as error:
        services.registration_create(course=course, participant=participant, source=RegistrationSource.SIGNUP)
    assert error.value.messages == ["The sign-up link of this training is closed."]
    course_services.course_set_signup_open(course, is_open=True)
    registration = services.registration_create(
        course=course, participant=participant, source=RegistrationSource.SIGNUP
    )
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registering_on_a_closed_training_leaves_no_new_participant(course):
    course_services.course_cancel(course)
    with pytest.raises(ValidationError):
        services.registration_register(
            course=course,
            email="ny@example.org",
            name="Ny Person",
            language="sv",
            perspective="staff",
            source=RegistrationSource.COORDINATOR,
        )
    assert not Participant.objects.filter(email="ny@example.org").exists()


def test_registering_an_address_that_holds_a_place_returns_that_place_unchanged(course):
    first, created = services.registration_register(
        course=course, email="Anna@Example.org", name="Anna", language="sv", perspective="staff", source="coordinator"
    )
    again, created_again = services.registration_register(
        course=course, email="anna@example.org", name="Anna B", language="nb", perspective="relative", source="import"
    )
    assert (created, created_again, again) == (True, False, first)
    assert Registration.objects.get(pk=first.pk).source == "coordinator"


def test_a_sign_up_plans_in_the_time_zone_of_the_workplace_the_locked_course_names():
    """The course's workplace is read before the lock (for the participant) and not again under
    it; when the training was moved to another workplace in between, the lock's reading wins."""
    from sessions_app.tests.factories import OrganisationFactory, WorkplaceFactory

    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    stale = Course.objects.select_related("workplace__organisation").get(pk=course.pk)
    assert stale.workplace.time_zone == "Europe/Stockholm"
    other = WorkplaceFactory(organisation=OrganisationFactory(country="NO"))
    Course.objects.filter(pk=course.pk).update(workplace=other)
    registration, created = services.registration_register(
        course=stale, email="moved@example.org", name="Moved", language="sv", perspective="staff", source="coordinator"
    )
    assert created
    assert registration.course.workplace == other
    assert {m.time_zone for m in messages_for(registration, kinds=[KIND_HALFDAY])} == {"Europe/Oslo"}


def test_a_sign_up_plans_from_the_half_days_as_they_are_once_the_course_is_locked():
    """The half-days are read before the course's lock; when the training was moved before the
    lock was taken, the reminders follow the half-days it has now, not those read before."""
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    stale = Course.objects.get(pk=course.pk)
    prefetch_related_objects([stale], "half_days")  # read as a sign-up reads them, before the lock
    moved = timezone.localdate() + timedelta(days=40)
    course_services.course_set_schedule(Course.objects.get(pk=course.pk), schedule(moved))
    registration, created = services.registration_register(
        course=stale, email="late@example.org", name="Late", language="sv", perspective="staff", source="coordinator"
    )
    assert created
    assert course.half_days.get(number=1).starts_at.date() == moved
    assert messages_for(registration, kinds=[KIND_HALFDAY]).count() == 4
    # Planned from the moved half-days: re-planning, which reads them now, moves nothing.
    again = replan(Registration.objects.get(pk=registration.pk))
    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)

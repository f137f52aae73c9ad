"""The training reminders on the outbox (DESIGN §3): who gets what, when, and what moving or
cancelling does. Sent for real through the sweep, with time moved by time-machine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from dialogkurs.testing.mail import addresses
from participants import services
from participants.tests.factories import ParticipantFactory, fill, register
from reminders.models import ScheduledMessage
from sessions_app import services as course_services
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import FacilitatorFactory, at, confirmed_course, schedule, scheduled_course

pytestmark = pytest.mark.django_db
PLANNED = ScheduledMessage.Status.PLANNED
# Lock the course (with its workplace), look for an earlier registration, count the places,
# insert, write its audit entry; read the half-days once (for the reminders and whether the
# training has been held) and insert the registration's reminders and confirmation in one
# statement, nothing read first (a new registration has no rows); the savepoint of the test's
# transaction around it. Before, the whole course was re-planned under the lock: its time grew
# with every participant; then the half-days were read three times (16); then the rows were
# read before they were written, the confirmation apart from the reminders (14).
QUERIES_TO_REGISTER = 9
HALFDAY = "participants.halfday_reminder"
FACILITATOR_HALFDAY = "sessions_app.facilitator_halfday"


def rows(kind: str, **filters) -> list[tuple[str, str, str]]:
    """(recipient, occasion, status) of the rows of one kind, sorted."""
    return sorted(ScheduledMessage.objects.filter(kind=kind, **filters).values_list("recipient", "occasion", "status"))


def test_a_confirmed_course_plans_7_and_1_day_reminders_for_participants_and_facilitators():
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    anna = register(course, ParticipantFactory(email="anna@example.org"))
    occasions = ["halfday-1:1d", "halfday-1:7d", "halfday-2:1d", "halfday-2:7d"]
    assert rows(HALFDAY) == [("anna@example.org", o, PLANNED) for o in occasions]
    facilitators = sorted(a.facilitator.user.email for a in course.assignments.filter(status="accepted"))
    assert rows(FACILITATOR_HALFDAY) == [(email, o, PLANNED) for email in facilitators for o in occasions]
    first = course.half_days.get(number=1)
    due = ScheduledMessage.objects.get(kind=HALFDAY, occasion="halfday-1:7d").due_at
    assert due == first.starts_at - timedelta(days=7)
    assert anna.status == "confirmed"


def test_a_draft_course_plans_no_half_day_reminders_until_it_is_confirmed():
    course = scheduled_course(timezone.localdate() + timedelta(days=30))
    register(course)
    assert rows(HALFDAY) == []
    for _ in range(2):
        course_services.assignment_accept(course_services.facilitator_assign(course, FacilitatorFactory()))
    course_services.course_confirm(course)
    assert len(rows(HALFDAY)) == 4


def test_a_registration_made_three_days_before_gets_the_1_day_reminder_and_not_the_7_day_one():
    course = confirmed_course(
        timezone.localdate() + timedelta(days=3),
    )
    register(course, ParticipantFactory(email="late@example.org"))
    # Half-day 2 is a week after half-day 1: its 7-day reminder is still ahead.
    assert [occasion for _r, occasion, _s in rows(HALFDAY)] == ["halfday-1:1d", "halfday-2:1d", "halfday-2:7d"]


def test_rescheduling_a_half_day_moves_its_reminders():
    course = confirmed_course(date(2027, 3, 10))
    register(course)
    new_day = date(2027, 3, 24)
    course_services.course_set_schedule(course, schedule(new_day))
    due = ScheduledMessage.objects.get(kind=HALFDAY, occasion="halfday-1:1d").due_at
    assert due == at(new_day - timedelta(days=1), 8)
    assert ScheduledMessage.objects.filter(status=ScheduledMessage.Status.CANCELLED, kind=HALFDAY).count() == 0


def test_cancelling_a_registration_cancels_its_reminders_and_the_promoted_participant_gets_them(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    registrations = fill(course, 21)
    leaving, waiting = registrations[0], registrations[20]
    assert rows(HALFDAY, recipient=waiting.participant.email) == []
    sweep()
    services.registration_cancel(leaving)
    assert {s for _r, _o, s in rows(HALFDAY, recipient=leaving.participant.email)} == {"cancelled"}
    assert {s for _r, _o, s in rows(HALFDAY, recipient=waiting.participant.email)} == {"planned"}
    assert len(rows(HALFDAY, recipient=waiting.participant.email)) == 4
    mail.outbox.clear()
    sweep()
    promoted = [m for m in mail.outbox if addresses(m) == [waiting.participant.email]]
    assert [m.subject for m in promoted] == ["En plats har blivit ledig för dig på dialogutbildningen"]


def test_cancelling_a_course_cancels_every_reminder_and_tells_participants_and_facilitators(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    anna = register(course, ParticipantFactory(email="anna@example.org", language="nb"))
    sweep()
    mail.outbox.clear()
    course_services.course_cancel(course, reason="Sjukdom")
    assert set(
        ScheduledMessage.objects.filter(kind__in=[HALFDAY, FACILITATOR_HALFDAY]).values_list("status", flat=True)
    ) == {"cancelled"}
    sweep()
    facilitators = sorted(a.facilitator.user.email for a in course.assignments.all())
    told = sorted((addresses(m)[0], m.subject) for m in mail.outbox)
    assert told == sorted(
        [(anna.participant.email, "Dialogopplæringen er avlyst")]
        + [(email, "The dialogue training has been cancelled") for email in facilitators]
    )
    # Everyone's calendar entries are marked cancelled: the same UIDs, a higher sequence.
    uids = sorted(f"halfday-{pk}@dialogkurs" for pk in course.half_days.values_list("pk", flat=True))
    for message in mail.outbox:
        ((_name, content, _mimetype),) = message.attachments
        found = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert sorted((str(e["uid"]), str(e["status"]), int(e["sequence"])) for e in found) == [
            (uid, "CANCELLED", 1) for uid in uids
        ]


def test_the_reminders_are_sent_on_time_in_the_recipients_language_with_the_calendar_file(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    register(course, ParticipantFactory(email="kari@example.no", name="Kari", language="nb"))
    first = course.half_days.get(number=1)
    sweep()
    mail.outbox.clear()
    with time_machine.travel(first.starts_at - timedelta(days=1, minutes=-1)):
        sweep()
    to_kari = [m for m in mail.outbox if addresses(m) == ["kari@example.no"]]
    assert len(to_kari) == 1
    message = to_kari[0]
    assert message.subject.startswith("Påminnelse: dialogopplæring")
    assert "påminnelse om halvdag 1" in message.body
    assert "/participants/cancel/" in message.body
    (name, content, mimetype) = message.attachments[0]
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [event.decoded("dtstart") for event in events] == [h.starts_at for h in course.half_days.order_by("number")]
    assert mimetype.startswith("text/calendar")
    to_facilitators = [m for m in mail.outbox if addresses(m) != ["kari@example.no"]]
    assert len(to_facilitators) == 2


def test_a_1_day_reminder_after_the_october_change_arrives_at_the_same_local_time():
    # Sunday 31 October 2027 has 25 hours in Stockholm; half-day 1 is on Monday at 08:00 CET.
    monday = date(2027, 11, 1)
    course = confirmed_course(monday)
    register(course)
    one_day = ScheduledMessage.objects.get(kind=HALFDAY, occasion="halfday-1:1d").due_at
    seven_days = ScheduledMessage.objects.get(kind=HALFDAY, occasion="halfday-1:7d").due_at
    assert one_day == datetime(2027, 10, 31, 7, 0, tzinfo=UTC)  # 08:00 CET
    assert seven_days == datetime(2027, 10, 25, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_the_coordinator_is_alerted_14_days_before_when_too_few_have_registered(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=20))
    fill(course, 14)
    first = course.half_days.get(number=1)
    sweep()
    mail.outbox.clear()
    with time_machine.travel(first.starts_at - timedelta(days=14, minutes=-1)):
        sweep()
    alerts = [m for m in mail.outbox if addresses(m) == [course.coordinator.email]]
    assert len(alerts) == 1
    assert "14 confirmed participants; at least 15 are needed." in alerts[0].body


def test_the_14_day_alert_is_not_sent_when_the_course_is_ready(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=20))
    fill(course, 15)
    first = course.half_days.get(number=1)
    sweep()
    mail.outbox.clear()
    with time_machine.travel(first.starts_at - timedelta(days=14, minutes=-1)):
        sweep()
    assert [m for m in mail.outbox if addresses(m) == [course.coordinator.email]] == []
    alert = ScheduledMessage.objects.get(kind="participants.course_alert")
    assert alert.status == ScheduledMessage.Status.CANCELLED


def test_a_facilitator_is_told_on_assignment_and_again_when_invited_anew(sweep):
    course = scheduled_course(timezone.localdate() + timedelta(days=30))
    facilitator = FacilitatorFactory()
    assignment = course_services.facilitator_assign(course, facilitator)
    sweep()
    course_services.assignment_decline(assignment)
    course_services.facilitator_assign(course, facilitator)
    sweep()
    invitations = [m for m in mail.outbox if addresses(m) == [facilitator.user.email]]
    assert len(invitations) == 2
    assert invitations[0].subject.startswith("You are invited to lead a dialogue training at")
    assert course.assignments.get().status == AssignmentStatus.INVITED


@pytest.mark.parametrize("already", [1, 15])
def test_registering_re_plans_only_the_new_registration_whatever_the_course_holds(already, django_assert_num_queries):
    # Planned per registration: the course's lock is held for the newcomer's own rows, so 200
    # people signing up at once do not each re-plan everybody's reminders.
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    fill(course, already)
    newcomer = ParticipantFactory()
    with django_assert_num_queries(QUERIES_TO_REGISTER):
        registration = services.registration_create(course=course, participant=newcomer, source="coordinator")
    assert rows(HALFDAY, recipient=newcomer.email) == [
        (newcomer.email, occasion, PLANNED)
        for occasion in ("halfday-1:1d", "halfday-1:7d", "halfday-2:1d", "halfday-2:7d")
    ]
    assert registration.status == "confirmed"


# --- What a message says is fixed when it is planned (issue 9, point 10) -----------------------


@pytest.mark.parametrize("swept_before_promotion", [False, True], ids=["confirmation-still-unsent", "sent-before"])
def test_a_waitlisted_participant_promoted_gets_the_waitlist_message_then_the_promotion(sweep, swept_before_promotion):
    """The race: the waitlisted sign-up's confirmation is still in the outbox when a place
    opens up. It is sent as it was planned ("you are number 1 on the waitlist"), then the
    promotion: one of each, in that order — not two "you have a place"."""
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        leaving = fill(course, 20)[0]
        sweep()
        mail.outbox.clear()
        traveller.shift(timedelta(seconds=10))
        waiting = register(course, ParticipantFactory(email="wait@example.org", language="en"))
        assert waiting.is_waitlisted
        if swept_before_promotion:
            sweep()
        traveller.shift(timedelta(seconds=20))
        services.registration_cancel(leaving)
        traveller.shift(timedelta(seconds=20))
        sweep()
    to_waiting = [m for m in mail.outbox if addresses(m) == ["wait@example.org"]]
    assert [m.subject for m in to_waiting] == [
        "You are on the waitlist for the dialogue training",
        "A place has opened up for you on the dialogue training",
    ]
    assert "you are number 1 on the waitlist" in to_waiting[0].body
    assert [len(m.attachments) for m in to_waiting] == [0, 1]  # the calendar file comes with the place
    assert ScheduledMessage.objects.filter(recipient="wait@example.org", status="sent").count() == 2


def test_a_confirmation_planned_before_the_participant_cancelled_and_signed_up_again_is_not_sent(sweep):
    """Cancelled and registered again before the sweep: the first arrival's confirmation is
    stale; the second says what the second arrival got."""
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        fill(course, 19)
        sweep()
        mail.outbox.clear()
        anna = register(course, ParticipantFactory(email="anna@example.org", language="en"))
        traveller.shift(timedelta(seconds=10))
        services.registration_cancel(anna)  # anna's place → …
        register(course)  # … taken by someone else
        traveller.shift(timedelta(seconds=10))
        again = services.registration_create(course=course, participant=anna.participant, source="coordinator")
        assert again.is_waitlisted
        traveller.shift(timedelta(seconds=10))
        sweep()
    to_anna = [m.subject for m in mail.outbox if addresses(m) == ["anna@example.org"]]
    assert to_anna == ["You are on the waitlist for the dialogue training"]


# --- The participants' e-mails (issue 9, point 14) --------------------------------------------

FOOTER = "This message was sent automatically by dialogkurs. Please do not reply to it."


def test_every_participant_email_has_the_footer_the_coordinator_as_contact_and_the_location_once(sweep):
    """Registration, waitlist, promotion, reminder and cancellation: the standard footer, the
    course's coordinator as the contact person, and the room and address without a repeat."""
    course = confirmed_course(timezone.localdate() + timedelta(days=30), location="Konferensrum Älven, Köpmangatan 12")
    workplace = course.workplace
    workplace.visiting_address = "Köpmangatan 12, Umeå"
    workplace.save(update_fields=["visiting_address"])
    coordinator = course.coordinator
    leaving = fill(course, 19)[0]
    register(course, ParticipantFactory(email="placed@example.org", language="en"))
    register(course, ParticipantFactory(email="waiting@example.org", language="en"))
    services.registration_cancel(leaving)
    first = course.half_days.get(number=1)
    sweep()
    with time_machine.travel(first.starts_at - timedelta(days=1, minutes=-1)):
        sweep()
    course_services.course_cancel(course, reason="Sjukdom")
    sweep()
    subjects = {}
    for message in mail.outbox:
        if addresses(message) not in (["placed@example.org"], ["waiting@example.org"]):
            continue
        subject = "Reminder" if message.subject.startswith("Reminder: dialogue training on ") else message.subject
        subjects.setdefault(addresses(message)[0], []).append(subject)
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert FOOTER in body, message.subject
            assert f"Contact person: {coordinator.full_name} (coordinator of the training), {coordinator.email}" in body
            assert "Konferensrum Älven, Köpmangatan 12, Umeå" in body
            assert body.count("Köpmangatan 12") == 1
    assert subjects == {
        "placed@example.org": [
            "You have a place on the dialogue training",
            "Reminder",
            "The dialogue training has been cancelled",
        ],
        "waiting@example.org": [
            "You are on the waitlist for the dialogue training",
            "A place has opened up for you on the dialogue training",
            "Reminder",
            "The dialogue training has been cancelled",
        ],
    }


def test_a_registration_on_a_training_already_held_gets_no_confirmation_reminder_or_cancel_link(sweep, client):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    fill(course, 3)
    sweep()
    mail.outbox.clear()
    with time_machine.travel(course.half_days.get(number=2).ends_at + timedelta(hours=1)):
        late = register(course, ParticipantFactory(email="late@example.org", language="en"))
        assert late.is_confirmed  # kept on the list, e.g. for the attendance of who came
        services.registration_resend_confirmation(late)
        sweep()
        # (the evaluation request and its nudge after half-day 2 are the evaluations app's, for whoever came)
        kinds = ScheduledMessage.objects.filter(recipient="late@example.org").values_list("kind", flat=True)
        assert set(kinds) & {"participants.registration_confirmation", HALFDAY, "participants.promoted"} == set()
        assert not late.can_be_cancelled
        with pytest.raises(ValidationError) as refused:
            services.registration_cancel(late)
        assert refused.value.code == "course_held"
        page = client.get(late.get_cancel_url())
        assert page.status_code == 200
        assert "Yes, cancel my registration" not in page.content.decode()
    assert [m for m in mail.outbox if addresses(m) == ["late@example.org"]] == []


def test_a_confirmation_still_unsent_when_the_training_has_been_held_is_not_sent_late(sweep):
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    register(course, ParticipantFactory(email="anna@example.org", language="en"))
    with time_machine.travel(course.half_days.get(number=2).ends_at + timedelta(hours=1)):
        sweep()
    assert [m for m in mail.outbox if addresses(m) == ["anna@example.org"]] == []

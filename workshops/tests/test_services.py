from __future__ import annotations

from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.tests.factories import coordinator
from dialogkurs.workdays import working_day_on_or_after
from reminders.models import ScheduledMessage
from reminders.planning import messages_for
from sessions_app import services
from sessions_app.models import CourseStatus
from sessions_app.tests.factories import (
    AFTER_TRAINING,
    BEFORE_TRAINING,
    STOCKHOLM,
    WorkplaceFactory,
    confirmed_course,
    february_training,
)
from workshops import services as services_workshop
from workshops.models import (
    FollowUpStatus,
    ImprovementProposal,
    OutcomeStatus,
    ProposalStatus,
    ProposalUpdate,
    WorkshopOutcome,
)
from workshops.services import ProposalProgress
from workshops.tests.factories import DURING_WORKSHOP, add_proposals, proposal_data, submitted_outcome

pytestmark = [pytest.mark.django_db]
Status = ScheduledMessage.Status
FIRST_FOLLOWUP = datetime(2026, 5, 12, 10, 0, tzinfo=STOCKHOLM)  # Tuesday, 3 months after 12 February
SECOND_FOLLOWUP = datetime(2026, 8, 12, 10, 0, tzinfo=STOCKHOLM)  # Wednesday, 6 months after


# --- Recording ----------------------------------------------------------------------------------


def test_the_outcome_cannot_be_recorded_before_half_day_2_starts():
    course = february_training()
    with (
        time_machine.travel(datetime(2026, 2, 12, 7, 59, tzinfo=STOCKHOLM), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        services_workshop.proposal_save(course, by=None, **proposal_data())
    assert error.value.messages == ["The idea-workshop outcome can be recorded from the start of half-day 2."]
    assert WorkshopOutcome.objects.count() == 0


def test_a_draft_or_cancelled_training_has_no_outcome_to_record():
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        services.course_cancel(course)
    with time_machine.travel(AFTER_TRAINING, tick=False), pytest.raises(ValidationError) as error:
        services_workshop.proposal_save(course, by=None, **proposal_data())
    assert error.value.messages == [
        "The idea-workshop outcome can be recorded only for a confirmed or delivered training."
    ]


def test_the_first_proposal_during_the_workshop_starts_a_draft_that_may_be_incomplete():
    course = february_training()
    with time_machine.travel(DURING_WORKSHOP, tick=False):
        proposal = services_workshop.proposal_save(
            course,
            by=course.coordinator,
            text="  Fika with the relatives' association  ",
            area="participation",
            recovery_domains=[],
            raised_by=["relative"],
        )
    outcome = WorkshopOutcome.objects.get(course=course)
    assert (outcome.status, outcome.created_by) == (OutcomeStatus.DRAFT, course.coordinator)
    assert (proposal.text, proposal.owner_name, proposal.due_date, proposal.status) == (
        "Fika with the relatives' association",
        "",
        None,
        ProposalStatus.PROPOSED,
    )


def test_a_proposal_can_be_changed_and_removed_while_the_outcome_is_a_draft():
    course = february_training()
    first, second = add_proposals(course, 2)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        services_workshop.proposal_save(course, by=None, proposal=first, **proposal_data(text="Changed"))
        services_workshop.proposal_delete(second, by=None)
    assert list(ImprovementProposal.objects.values_list("text", flat=True)) == ["Changed"]


def test_a_due_date_on_or_before_the_training_is_refused():
    course = february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False), pytest.raises(ValidationError) as error:
        services_workshop.proposal_save(course, by=None, **proposal_data(due_date=date(2026, 2, 12)))
    assert error.value.message_dict == {"due_date": ["The due date must be after the training."]}
    assert ImprovementProposal.objects.count() == 0


def test_unknown_recovery_domains_areas_and_perspectives_are_refused():
    course = february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False), pytest.raises(ValidationError) as error:
        services_workshop.proposal_save(
            course, by=None, **proposal_data(area="budget", recovery_domains=["hope"], raised_by=["manager"])
        )
    assert sorted(error.value.message_dict) == ["area", "raised_by", "recovery_domains"]
    assert ImprovementProposal.objects.count() == 0


def test_the_database_refuses_an_unknown_area():
    (proposal,) = add_proposals(february_training())
    with pytest.raises(IntegrityError):
        ImprovementProposal.objects.filter(pk=proposal.pk).update(area="budget")


# --- Submitting ---------------------------------------------------------------------------------


def test_an_outcome_without_proposals_cannot_be_submitted():
    course = february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False):
        services_workshop.outcome_save_notes(course, notes="We talked about waiting times.", by=None)
        with pytest.raises(ValidationError) as error:
            services_workshop.outcome_submit(course, by=None)
    assert error.value.messages == ["Add at least one improvement proposal before submitting."]


def test_submitting_names_every_gap_of_every_incomplete_proposal():
    course = february_training()
    add_proposals(course, 1)
    add_proposals(course, 1, text="Peer support worker in the team", owner_name="", owner_email="", due_date=None)
    add_proposals(course, 1, text="A very long proposal text that goes on and on and on", recovery_domains=[])
    with time_machine.travel(AFTER_TRAINING, tick=False), pytest.raises(ValidationError) as error:
        services_workshop.outcome_submit(course, by=None)
    assert error.value.messages == [
        "Proposal 2 (“Peer support worker in the team”) is missing: owner's name, owner's e-mail address, due date.",
        "Proposal 3 (“A very long proposal text that goes on…”) is missing: recovery domain.",
    ]
    assert WorkshopOutcome.objects.get(course=course).status == OutcomeStatus.DRAFT


def test_submitting_plans_two_follow_ups_at_three_and_six_months_and_marks_the_training_delivered():
    course = february_training()
    outcome = submitted_outcome(course)
    course.refresh_from_db()
    assert (outcome.status, outcome.submitted_at) == (OutcomeStatus.SUBMITTED, AFTER_TRAINING)
    assert course.status == CourseStatus.DELIVERED
    meetings = list(course.followups.order_by("number"))
    assert [(m.number, m.starts_at, m.status) for m in meetings] == [
        (1, FIRST_FOLLOWUP, FollowUpStatus.PLANNED),
        (2, SECOND_FOLLOWUP, FollowUpStatus.PLANNED),
    ]
    assert meetings[0].place == course.full_location == "Konferensrummet, Storgatan 1, Umeå"
    assert meetings[0].attendees == "Chef Chefsson\nOwner 1\nOwner 2"
    history = ProposalUpdate.objects.filter(proposal__outcome=outcome)
    assert sorted(history.values_list("status_before", "status", "meeting")) == [
        ("", "proposed", None),
        ("", "proposed", None),
    ]


def test_submitting_during_half_day_2_leaves_the_training_confirmed():
    course = february_training()
    add_proposals(course, 1)
    with time_machine.travel(DURING_WORKSHOP, tick=False):
        services_workshop.outcome_submit(course, by=None)
    course.refresh_from_db()
    assert course.status == CourseStatus.CONFIRMED


def test_a_submitted_outcome_can_no_longer_be_changed():
    course = february_training()
    outcome = submitted_outcome(course)
    proposal = outcome.proposals.first()
    with time_machine.travel(AFTER_TRAINING + timedelta(hours=1), tick=False):
        for change in (
            lambda: services_workshop.proposal_save(course, by=None, **proposal_data()),
            lambda: services_workshop.proposal_save(course, by=None, proposal=proposal, **proposal_data()),
            lambda: services_workshop.proposal_delete(proposal, by=None),
            lambda: services_workshop.outcome_save_notes(course, notes="Late", by=None),
            lambda: services_workshop.outcome_submit(course, by=None),
        ):
            with pytest.raises(ValidationError) as error:
                change()
            assert error.value.messages == ["The outcome has been submitted and can no longer be changed."]
    assert outcome.proposals.count() == 2


def test_the_manager_gets_the_summary_in_their_language(sweep):
    workplace = WorkplaceFactory(manager_name="Kari Nilsen", manager_email="kari@example.no", manager_language="nb")
    course = february_training(workplace=workplace)
    submitted_outcome(course, proposals=2)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        sweep()
    assert [email.to for email in mail.outbox] == [["Kari Nilsen <kari@example.no>"]]
    email = mail.outbox[0]
    assert email.subject == f"Forbedringsforslag fra dialogopplæringen på {workplace.name}"
    assert "1. Proposal number 1\n   Område: Behandling og møtet med brukeren\n" in email.body
    assert "   Bedringsdomener: Gode relasjoner, Fremme medborgerskap\n" in email.body
    assert "   Ansvarlig: Owner 2 <owner2@example.org>\n   Frist: 1. mai 2026\n" in email.body
    assert "- tirsdag 12. mai 2026, 10:00, Konferensrummet, Storgatan 1, Umeå\n" in email.body


def test_without_a_manager_address_no_summary_is_sent_and_only_owners_are_reminded():
    course = february_training(workplace=WorkplaceFactory(manager_email=""))
    outcome = submitted_outcome(course, proposals=1)
    assert ScheduledMessage.objects.filter(kind=services_workshop.SUMMARY_KIND).count() == 0
    recipients = ScheduledMessage.objects.filter(kind=services_workshop.FOLLOWUP_REMINDER_KIND)
    assert sorted(recipients.values_list("recipient", flat=True)) == ["owner1@example.org"] * 2
    assert outcome.status == OutcomeStatus.SUBMITTED


# --- Follow-up reminders ----------------------------------------------------------------------


def test_each_follow_up_reminds_the_owners_and_the_manager_once_seven_days_before():
    course = february_training()
    # Two proposals with the same owner (in any case) give her one reminder per meeting.
    add_proposals(course, 1, owner_email="same@example.org")
    add_proposals(course, 1, owner_email="SAME@example.org", text="Second")
    with time_machine.travel(AFTER_TRAINING, tick=False):
        services_workshop.outcome_submit(course, by=None)
    first, second = course.followups.order_by("number")
    for meeting, starts_at in ((first, FIRST_FOLLOWUP), (second, SECOND_FOLLOWUP)):
        rows = messages_for(meeting).order_by("recipient")
        assert [(r.recipient, r.due_at, r.status, r.language) for r in rows] == [
            (course.workplace.manager_email, starts_at - timedelta(days=7), Status.PLANNED, "sv"),
            ("same@example.org", starts_at - timedelta(days=7), Status.PLANNED, "sv"),
        ]


def test_the_follow_up_reminder_arrives_a_week_before_with_a_calendar_file(sweep):
    course = february_training()
    submitted_outcome(course, proposals=2)
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=7, minutes=1), tick=False):
        sweep()
    assert [email.subject for email in mail.outbox] == []
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=7), tick=False):
        sweep()
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [
            f"Chef Chefsson <{course.workplace.manager_email}>",
            "Owner 1 <owner1@example.org>",
            "Owner 2 <owner2@example.org>",
        ]
    )
    email = next(e for e in mail.outbox if "owner1@" in e.to[0])
    assert email.subject == f"Uppföljningsmöte efter idéverkstaden på {course.workplace.name} den 12 maj"
    assert "Du är ansvarig för:\n- Proposal number 1 (föreslaget, klart senast 1 maj 2026)\n" in email.body
    (filename, content, mimetype) = email.attachments[0]
    assert (filename, mimetype) == ("follow-up.ics", "text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == FIRST_FOLLOWUP
    assert str(event["location"]) == course.full_location


def test_rebooking_moves_the_reminders_with_the_meeting():
    course = february_training()
    submitted_outcome(course)
    meeting = course.followups.get(number=1)
    new_time = datetime(2026, 5, 19, 13, 30, tzinfo=STOCKHOLM)
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=STOCKHOLM), tick=False):
        services_workshop.followup_rebook(meeting, starts_at=new_time, place="Personalrummet")
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.place) == (new_time, "Personalrummet")
    planned = messages_for(meeting).filter(status=Status.PLANNED)
    assert set(planned.values_list("due_at", flat=True)) == {new_time - timedelta(days=7)}
    assert planned.count() == 3
    assert set(messages_for(meeting).exclude(status=Status.PLANNED).values_list("status", "reason")) == {
        (Status.CANCELLED, "no_longer_planned")
    }


def test_a_meeting_rebooked_after_its_reminder_went_out_is_reminded_again(sweep):
    course = february_training()
    submitted_outcome(course, proposals=1)
    meeting = course.followups.get(number=1)
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=7), tick=False):
        sweep()
    sent = len(mail.outbox)
    later = FIRST_FOLLOWUP + timedelta(days=14)
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=3), tick=False):
        services_workshop.followup_rebook(meeting, starts_at=later, place=meeting.place)
    with time_machine.travel(later - timedelta(days=7), tick=False):
        sweep()
    assert (sent, len(mail.outbox)) == (2, 4)


def test_a_meeting_cannot_be_rebooked_into_the_past_or_once_held():
    course = february_training()
    submitted_outcome(course)
    meeting = course.followups.get(number=1)
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=STOCKHOLM), tick=False):
        with pytest.raises(ValidationError) as error:
            services_workshop.followup_rebook(
                meeting, starts_at=datetime(2026, 3, 31, 9, 0, tzinfo=STOCKHOLM), place="X"
            )
        assert error.value.message_dict == {"starts_at": ["Choose a time in the future."]}
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        services_workshop.followup_record(meeting, by=None, progress={})
        with pytest.raises(ValidationError) as error:
            services_workshop.followup_rebook(meeting, starts_at=SECOND_FOLLOWUP, place="X")
    assert error.value.messages == ["This follow-up meeting has already been recorded."]


# --- Recording a follow-up ----------------------------------------------------------------------


def test_recording_a_follow_up_keeps_each_proposals_history():
    course = february_training()
    outcome = submitted_outcome(course)
    first, second = outcome.proposals.order_by("pk")
    meeting = course.followups.get(number=1)
    user = coordinator()
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        services_workshop.followup_record(
            meeting,
            by=user,
            progress={
                first.pk: ProposalProgress(ProposalStatus.IN_PROGRESS, "  Started in April. "),
                second.pk: ProposalProgress(ProposalStatus.PROPOSED, "Not yet."),
            },
            attendees="Chef Chefsson\nOwner 1",
            notes="Good meeting.",
        )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.recorded_by, meeting.notes) == (FollowUpStatus.HELD, user, "Good meeting.")
    first.refresh_from_db()
    assert first.status == ProposalStatus.IN_PROGRESS
    assert list(first.updates.values_list("meeting", "status_before", "status", "note")) == [
        (None, "", "proposed", ""),
        (meeting.pk, "proposed", "in_progress", "Started in April."),
    ]
    assert list(second.updates.values_list("status_before", "status", "note")) == [
        ("", "proposed", ""),
        ("proposed", "proposed", "Not yet."),
    ]
    course.refresh_from_db()
    assert course.status == CourseStatus.DELIVERED


def test_a_proposal_never_goes_back_and_nothing_is_saved_when_one_would():
    course = february_training()
    outcome = submitted_outcome(course)
    first, second = outcome.proposals.order_by("pk")
    meetings = list(course.followups.order_by("number"))
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        services_workshop.followup_record(meetings[0], by=None, progress={first.pk: ProposalProgress("done")})
    with time_machine.travel(SECOND_FOLLOWUP + timedelta(hours=2), tick=False), pytest.raises(ValidationError) as e:
        services_workshop.followup_record(
            meetings[1],
            by=None,
            progress={first.pk: ProposalProgress("in_progress"), second.pk: ProposalProgress("dropped")},
        )
    assert e.value.messages == ["Proposal number 1: A proposal marked “Done” cannot be changed to “In progress”."]
    second.refresh_from_db()
    meetings[1].refresh_from_db()
    assert (second.status, meetings[1].status) == (ProposalStatus.PROPOSED, FollowUpStatus.PLANNED)


def test_recording_the_last_follow_up_marks_the_training_followed_up_and_cancels_pending_reminders():
    course = february_training()
    outcome = submitted_outcome(course)
    first, second = course.followups.order_by("number")
    proposal = outcome.proposals.first()
    # The second meeting is held early, before its reminders were due: recorded at the time it
    # was held, which its time moves to.
    held = FIRST_FOLLOWUP + timedelta(hours=1)
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        services_workshop.followup_record(
            second, by=None, progress={proposal.pk: ProposalProgress("in_progress")}, held_at=held
        )
        second.refresh_from_db()
        assert second.starts_at == held
        assert set(
            messages_for(second, kinds=[services_workshop.FOLLOWUP_REMINDER_KIND]).values_list("status", flat=True)
        ) == {Status.CANCELLED}
        course.refresh_from_db()
        assert course.status == CourseStatus.DELIVERED
        services_workshop.followup_record(first, by=None, progress={proposal.pk: ProposalProgress("done")})
    course.refresh_from_db()
    assert course.status == CourseStatus.FOLLOWED_UP


def test_a_follow_up_is_not_recorded_as_held_before_its_time():
    """Recording tells the participants what became of their proposals: a meeting months away
    is not recorded by mistake (its booked time, or any time given, must have come)."""
    course = february_training()
    submitted_outcome(course)
    meeting = course.followups.get(number=1)
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=60), tick=False):
        for held_at in (None, FIRST_FOLLOWUP - timedelta(days=59)):
            with pytest.raises(ValidationError) as error:
                services_workshop.followup_record(meeting, by=None, progress={}, held_at=held_at)
            assert error.value.message_dict == {
                "held_at": ["The meeting has not been held yet: give the time it was held."]
            }
    meeting.refresh_from_db()
    assert (meeting.is_planned, meeting.starts_at) == (True, FIRST_FOLLOWUP)
    assert not ProposalUpdate.objects.filter(meeting=meeting).exists()


def test_a_follow_up_is_recorded_once():
    course = february_training()
    submitted_outcome(course)
    meeting = course.followups.get(number=1)
    with time_machine.travel(FIRST_FOLLOWUP, tick=False):
        services_workshop.followup_record(meeting, by=None, progress={})
        with pytest.raises(ValidationError) as error:
            services_workshop.followup_record(meeting, by=None, progress={})
    assert error.value.messages == ["This follow-up meeting has already been recorded."]
    assert ProposalUpdate.objects.filter(meeting=meeting).count() == 2


def test_a_training_still_marked_confirmed_becomes_followed_up_through_delivered():
    course = february_training()
    add_proposals(course, 1)
    with time_machine.travel(DURING_WORKSHOP, tick=False):
        services_workshop.outcome_submit(course, by=None)
    for meeting in course.followups.order_by("number"):
        with time_machine.travel(meeting.starts_at, tick=False):
            services_workshop.followup_record(meeting, by=None, progress={})
    course.refresh_from_db()
    assert course.status == CourseStatus.FOLLOWED_UP


def test_only_a_delivered_training_with_no_planned_follow_up_is_marked_followed_up():
    course = february_training()
    with pytest.raises(ValidationError) as error:
        services_workshop.course_mark_followed_up(course)
    assert error.value.messages == ["Only a delivered training can be marked as followed up."]
    submitted_outcome(course)
    with pytest.raises(ValidationError) as error:
        services_workshop.course_mark_followed_up(course)
    assert error.value.messages == ["A follow-up meeting is still planned."]


# --- Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_day", "expected"),
    [
        # Half-day 2 on Monday 31 August 2026: 30 November, and 28 February 2027, a Sunday.
        (date(2026, 8, 24), [date(2026, 11, 30), date(2027, 3, 1)]),
        # Half-day 2 on Tuesday 31 August 2027: a leap year's 29 February.
        (date(2027, 8, 24), [date(2027, 11, 30), date(2028, 2, 29)]),
        (date(2026, 10, 8), [date(2027, 1, 15), date(2027, 4, 15)]),
    ],
)
def test_follow_ups_are_booked_by_calendar_months_on_working_days(first_day, expected):
    with time_machine.travel(datetime(first_day.year, 1, 5, 9, 0, tzinfo=STOCKHOLM), tick=False):
        course = confirmed_course(first_day)
    times = services_workshop.followup_default_times(course)
    assert [t.date() for t in times] == expected
    assert {t.astimezone(STOCKHOLM).time() for t in times} == {time(10, 0)}


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2026, 5, 12), "SE", date(2026, 5, 12)),  # a Tuesday
        (date(2026, 5, 14), "SE", date(2026, 5, 15)),  # Ascension Day
        (date(2026, 5, 16), "NO", date(2026, 5, 18)),  # Saturday, then Constitution Day on Sunday
        (date(2026, 12, 25), "SE", date(2026, 12, 28)),  # Christmas Day, Boxing Day, Sunday
        (date(2026, 6, 6), "SE", date(2026, 6, 8)),  # National Day on a Saturday
    ],
)
def test_follow_ups_are_booked_on_working_days(day, country, expected):
    assert working_day_on_or_after(day, country) == expected


def test_a_proposal_names_the_fields_it_still_needs_before_submission():
    draft = ImprovementProposal(text="Fika with the relatives", area="other")
    assert draft.missing_for_submission() == ["recovery_domains", "raised_by", "owner_name", "owner_email", "due_date"]
    assert draft.missing_for_submission_labels == [
        "recovery domain",
        "who raised it",
        "owner's name",
        "owner's e-mail address",
        "due date",
    ]
    complete = ImprovementProposal(**proposal_data())
    assert (complete.missing_for_submission(), complete.is_ready_for_submission) == ([], True)

"""Demo history for the reports: a training held seven months ago whose two follow-up meetings
(+3 and +6 months) have both been held, so every chart of the reports has something to show
(the proposals done or in progress at +6 months among them)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from participants import services as participant_services
from sessions_app import services
from sessions_app.models import Course, Facilitator, HalfDay, RecoveryDomain, Workplace
from workshops import services as services_workshop
from workshops.models import FollowUpMeeting, RaisedBy
from workshops.services import ProposalProgress

from .courses import _register, _schedule

NOTES = "Demo: en utbildning i våras, uppföljd efter tre och sex månader."
PROPOSALS = [
    # text, area, domains, status at +3 months, status at +6 months
    (
        "Gemensam introduktion för nyanställda om återhämtning.",
        "routines",
        [RecoveryDomain.ORGANISATIONAL_COMMITMENT],
        "in_progress",
        "done",
    ),
    ("Anhörigträff varje termin.", "participation", [RecoveryDomain.WORKING_RELATIONSHIP], "proposed", "in_progress"),
    (
        "Möten hemma hos personen när den vill det.",
        "treatment",
        [RecoveryDomain.PERSONALLY_DEFINED_RECOVERY],
        "proposed",
        "proposed",
    ),
]


def _past(days_ago: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(10, 0)))


def load_report_history(accounts: dict[str, User]) -> None:
    workplace = Workplace.objects.filter(name="Beroendemottagningen Skellefteå").first()
    if workplace is None or Course.objects.filter(notes=NOTES).exists():
        return  # no demo workplaces, or already loaded
    coordinator = accounts["coordinator@demo.dialogkurs.se"]
    facilitator = accounts["facilitator@demo.dialogkurs.se"]
    course = services.course_create(
        workplace=workplace,
        coordinator=coordinator,
        location="Mötesrummet, plan 2",
        notes=NOTES,
        # Demo history only: booked ahead (a new half-day must lie in the future), then its
        # half-days are moved back to when it was held, as the delivered demo training's are.
        half_days=_schedule(timezone.localdate() + timedelta(days=1)),
    )
    for person in Facilitator.objects.filter(
        user__email__in=["facilitator@demo.dialogkurs.se", "facilitator2@demo.dialogkurs.se"]
    ):
        services.assignment_accept(services.facilitator_assign(course, person))
    services.course_confirm(course)
    held = _schedule(timezone.localdate() - timedelta(days=215))
    for half_day, plan in zip(course.half_days.order_by("number"), held, strict=True):
        HalfDay.objects.filter(pk=half_day.pk).update(starts_at=plan.starts_at, ends_at=plan.ends_at)
    # The course keeps copies of its half-days' start times (its lists sort by them): moved back too.
    services.course_store_start_times(course)
    # Registered once it lies in the past, as the delivered demo training's participants are: a
    # training already held plans no "you have a place" e-mails.
    _register(course, 16, workplace, "skelleftea-spring")
    registrations = list(course.registrations.values_list("pk", flat=True))
    for half_day in course.half_days.all():
        present = set(registrations[: 15 if half_day.number == 1 else 13])
        participant_services.attendance_record_many(half_day=half_day, present_ids=present, by=coordinator)
    services.course_mark_delivered(course)
    proposals = [
        services_workshop.proposal_save(
            course,
            by=facilitator,
            text=text,
            area=area,
            recovery_domains=domains,
            raised_by=[RaisedBy.STAFF],
            owner_name="Omar Said",
            owner_email="omar.said@demo.dialogkurs.se",
            due_date=timezone.localdate() + timedelta(days=30),
        )
        for text, area, domains, _at_three, _at_six in PROPOSALS
    ]
    services_workshop.outcome_submit(course, by=facilitator)
    # Demo history: the follow-ups are moved to when they would have been held, then recorded.
    for number, days_ago, column in ((1, 120, 3), (2, 30, 4)):
        meeting = FollowUpMeeting.objects.get(course=course, number=number)
        FollowUpMeeting.objects.filter(pk=meeting.pk).update(starts_at=_past(days_ago))
        meeting.refresh_from_db()
        services_workshop.followup_record(
            meeting,
            by=coordinator,
            progress={p.pk: ProposalProgress(row[column], "") for p, row in zip(proposals, PROPOSALS, strict=True)},
            attendees="Omar Said",
        )

"""The outbox: the rows the planners would have written over ten years.

Messages due in the past were sent (a few failed, missed or were cancelled), those ahead are
planned. The enquiry SLA alerts, which go to every coordinator until someone makes contact and
are then cancelled, come last and fill the table up to its size (1,000,000 rows at scale 1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from enquiries import planners as enquiry_planners
from enquiries.models import Enquiry, Status
from evaluations.services import EVALUATION_KIND
from participants import planners as participant_planners
from participants.models import Registration, RegistrationStatus
from sessions_app import planners as course_planners
from sessions_app.models import Course, CourseStatus, FacilitatorAssignment
from workshops.models import FollowUpMeeting
from workshops.services import FOLLOWUP_REMINDER_KIND, SUMMARY_KIND

from . import Seed

HALFDAY_OFFSETS = (7, 1)
ERROR = "SMTPServerDisconnected: Connection unexpectedly closed"


class Outbox:
    """Turns planned messages into rows with the status their due time gives them."""

    def __init__(self, seed: Seed):
        self.seed = seed
        self.rng = seed.rng
        self.now = seed.now
        self.next_id = 1
        self.keys: set[tuple] = set()

    def row(self, kind, content_type, object_id, recipient, name, occasion, language, tz, due_at, *, cancelled=False):
        key = (kind, content_type, object_id, recipient, occasion)
        if key in self.keys:
            return None
        self.keys.add(key)
        roll = self.rng.random()
        reason, attempts, error, sent_at = "", 0, "", None
        if cancelled or roll < 0.03:
            status, reason = "cancelled", "no_longer_planned"
        elif due_at > self.now:
            status = "planned"
        elif roll < 0.04:
            status, attempts, error = "failed", 5, ERROR
        elif roll < 0.05:
            status, reason = "missed", "too_late"
        else:
            status, attempts, sent_at = "sent", 1, due_at + timedelta(seconds=self.rng.uniform(1, 90))
        pk = self.next_id
        self.next_id += 1
        created_at = min(due_at, self.now) - timedelta(days=self.rng.randint(0, 30))
        return (
            pk,
            kind,
            content_type,
            object_id,
            recipient,
            name,
            occasion,
            language,
            tz,
            due_at,
            due_at,
            status,
            reason,
            attempts,
            error,
            None,
            sent_at,
            created_at,
        )


def _types() -> dict[type, int]:
    models = (Course, Registration, FacilitatorAssignment, FollowUpMeeting, Enquiry)
    return {model: ContentType.objects.get_for_model(model).pk for model in models}


def seed_outbox(seed: Seed) -> Iterator[tuple]:
    outbox = Outbox(seed)
    target = seed.count(1_000_000)
    rows = (row for row in _planned(seed, outbox, target) if row is not None)
    for count, row in enumerate(rows, start=1):
        yield row
        if count >= target:
            return


def _planned(seed: Seed, outbox: Outbox, target: int) -> Iterator[tuple | None]:  # noqa: C901 (one plan per kind)
    types = _types()
    users = {user[0]: user for role in seed.data["users"].values() for user in role}
    facilitator_users = dict(seed.data["facilitators"])
    row = outbox.row

    # Half-day reminders to participants (about the registration) and facilitators (about the
    # course), and the T-14 alert.
    accepted: dict[int, list[int]] = {}
    for _pk, course, facilitator, status, _invited in seed.data["assignments"]:
        if status == "accepted":
            accepted.setdefault(course.id, []).append(facilitator_users[facilitator])
    confirmed: dict[int, list] = {}
    for registration in seed.data["registrations"]:
        if registration.status != RegistrationStatus.WAITLISTED:
            confirmed.setdefault(registration.course.id, []).append(registration)
    for course in seed.data["courses"]:
        tz = course.workplace.time_zone
        ct = types[Course]
        cancelled = course.status == CourseStatus.CANCELLED
        if course.status != CourseStatus.DRAFT:
            for number, (starts, _ends) in enumerate(course.half_days, start=1):
                for days in HALFDAY_OFFSETS:
                    due = starts - timedelta(days=days)
                    occasion = f"halfday-{number}:{days}d"
                    for registration in confirmed.get(course.id, ()):
                        pk, email, name, language = registration.participant
                        gone = cancelled or registration.status == RegistrationStatus.CANCELLED
                        yield row(
                            participant_planners.KIND_HALFDAY,
                            types[Registration],
                            registration.id,
                            email,
                            name,
                            occasion,
                            language,
                            tz,
                            due,
                            cancelled=gone,
                        )
                    for user_id in accepted.get(course.id, ()):
                        _pk, email, name, language = users[user_id]
                        yield row(
                            course_planners.KIND_FACILITATOR_HALFDAY,
                            ct,
                            course.id,
                            email,
                            name,
                            occasion,
                            language,
                            tz,
                            due,
                            cancelled=cancelled,
                        )
        _pk, email, name, language = users[course.coordinator_id]
        due = course.half_days[0][0] - timedelta(days=14)
        # Checked when due: most trainings have enough participants by then and it is not sent.
        yield row(
            participant_planners.KIND_COURSE_ALERT,
            ct,
            course.id,
            email,
            name,
            "t-14",
            language,
            tz,
            due,
            cancelled=cancelled or outbox.rng.random() < 0.7,
        )

    # Confirmations, promotions and evaluation requests, about the registration.
    for registration in seed.data["registrations"]:
        course = registration.course
        tz = course.workplace.time_zone
        ct = types[Registration]
        pk, email, name, language = registration.participant
        occasion = f"registered:{registration.queued_at:%Y%m%dT%H%M%S%f}"
        yield row(
            participant_planners.KIND_CONFIRMATION,
            ct,
            registration.id,
            email,
            name,
            occasion,
            language,
            tz,
            registration.queued_at,
        )
        if registration.promoted_at is not None:
            occasion = f"promoted:{registration.promoted_at:%Y%m%dT%H%M%S%f}"
            yield row(
                participant_planners.KIND_PROMOTED,
                ct,
                registration.id,
                email,
                name,
                occasion,
                language,
                tz,
                registration.promoted_at,
            )
        if registration.status == RegistrationStatus.CONFIRMED and course.status in (
            CourseStatus.CONFIRMED,
            CourseStatus.DELIVERED,
            CourseStatus.FOLLOWED_UP,
        ):
            day = (course.half_days[1][0] + timedelta(days=1)).date()
            due = datetime.combine(day, time(9, 0), tzinfo=ZoneInfo(tz))
            yield row(EVALUATION_KIND, ct, registration.id, email, name, "", language, tz, due)

    # Invitations to facilitators, about the assignment.
    for pk, course, facilitator, _status, invited_at in seed.data["assignments"]:
        _user, email, name, language = users[facilitator_users[facilitator]]
        occasion = f"invited:{invited_at:%Y%m%dT%H%M%S%f}"
        yield row(
            course_planners.KIND_ASSIGNMENT_INVITATION,
            types[FacilitatorAssignment],
            pk,
            email,
            name,
            occasion,
            language,
            course.workplace.time_zone,
            invited_at,
        )

    # The workshop summary to the manager (about the course) and the follow-up reminders.
    courses = {course.id: course for course in seed.data["courses"]}
    for course_id, (_outcome, submitted_at) in seed.data["outcomes"].items():
        if submitted_at is not None:
            course = courses[course_id]
            name, email, language = course.workplace.manager
            yield row(
                SUMMARY_KIND,
                types[Course],
                course_id,
                email,
                name,
                "",
                language,
                course.workplace.time_zone,
                submitted_at,
            )
    for meeting in seed.data["followups"]:
        name, email, language = meeting.course.workplace.manager
        occasion = f"{meeting.starts_at:%Y-%m-%dT%H:%M}"
        due = meeting.starts_at - timedelta(days=7)
        yield row(
            FOLLOWUP_REMINDER_KIND,
            types[FollowUpMeeting],
            meeting.id,
            email,
            name,
            occasion,
            language,
            meeting.course.workplace.time_zone,
            due,
        )

    # Enquiries: the confirmation to the sender, the meeting's invitations and reminders.
    ct = types[Enquiry]
    enquiries = seed.data["enquiries"]
    for enquiry in enquiries:
        if enquiry.anonymised:
            continue  # anonymisation blanked the recipient; such rows are left out
        yield row(
            enquiry_planners.KIND_CONFIRMATION,
            ct,
            enquiry.id,
            enquiry.email,
            enquiry.name,
            "received",
            enquiry.language,
            enquiry.time_zone,
            enquiry.created_at,
        )
        if enquiry.meeting_at is not None:
            booked = (enquiry.contacted_at or enquiry.created_at) + timedelta(hours=1)
            for kind, due, occasion in (
                (enquiry_planners.KIND_MEETING_INVITATION, booked, "meeting-v0"),
                (enquiry_planners.KIND_MEETING_REMINDER, enquiry.meeting_at - timedelta(days=1), "meeting-day-before"),
            ):
                yield row(
                    kind,
                    ct,
                    enquiry.id,
                    enquiry.email,
                    enquiry.name,
                    occasion,
                    enquiry.language,
                    enquiry.time_zone,
                    due,
                )
                staff = users[enquiry.assignee or seed.data["users"]["coordinator"][0][0]]
                yield row(kind, ct, enquiry.id, staff[1], staff[2], occasion, staff[3], enquiry.time_zone, due)

    # The SLA reminder and alerts: planned by the sweep a day before the contact deadline for every
    # coordinator (enquiry_planners.sla_planned_from) while the enquiry is new, cancelled at
    # contact; an enquiry contacted earlier, or whose day has not come, has none.
    coordinators = seed.data["users"]["coordinator"]
    planned = [
        enquiry
        for enquiry in enquiries
        if (window := enquiry_planners.sla_planned_from(enquiry)) <= seed.now
        and (enquiry.status == Status.NEW or (enquiry.contacted_at or enquiry.created_at) >= window)
    ]
    fan_out = max(1, min(len(coordinators), -(-(target - outbox.next_id + 1) // max(1, len(planned))) - 1))
    for enquiry in planned:
        contacted = enquiry.status != Status.NEW
        for kind, due, occasion, recipients in (
            (
                enquiry_planners.KIND_SLA_REMINDER,
                enquiry.contact_due_at,
                "contact-due",
                [users[enquiry.assignee]] if enquiry.assignee else coordinators[:fan_out],
            ),
            (enquiry_planners.KIND_SLA_ALERT, enquiry.alert_due_at, "contact-overdue", coordinators[:fan_out]),
        ):
            stopped = contacted and (enquiry.contacted_at or enquiry.created_at) < due
            for _user, email, name, language in recipients:
                yield row(
                    kind, ct, enquiry.id, email, name, occasion, language, enquiry.time_zone, due, cancelled=stopped
                )

"""Read queries of the idea-workshop pages, each with the joins its page needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from dialogkurs.statements import Moment, OneOf, compiled
from sessions_app.models import AssignmentStatus, Course, CourseStatus, FacilitatorAssignment, Workplace
from sessions_app.permissions import courses_visible_to

from .models import (
    FollowUpMeeting,
    FollowUpStatus,
    ImprovementProposal,
    OutcomeStatus,
    ProposalStatus,
    ProposalUpdate,
    WorkshopOutcome,
)

OPEN_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.IN_PROGRESS)


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def workshop_course_list(
    user: User, *, began_after: datetime | Moment | None = None, began_before: datetime | Moment | None = None
) -> QuerySet[Course]:
    """The trainings whose idea workshop has begun (by ``began_before``, default now), for which
    ``user`` records the outcome: every one for coordinators, the accepted ones for a
    facilitator. Newest first. ``began_after`` keeps only the workshops begun since then.

    The workshop's start is the course's copy of half-day 2's start (``second_starts_at``),
    whose index gives the order: a subquery per course would read every course's half-day 2
    before the first page could be cut."""
    if user.has_role(Role.COORDINATOR):
        courses = courses_visible_to(user)
    else:
        # A facilitator's accepted trainings (a part of those she sees) as a semi-join: joining
        # the assignments needs DISTINCT, which sorts every row and loses the index's order.
        accepted = FacilitatorAssignment.objects.filter(facilitator__user=user, status=AssignmentStatus.ACCEPTED)
        courses = Course.objects.filter(pk__in=accepted.values("course"))
    if began_after is not None:
        courses = courses.filter(second_starts_at__gte=began_after)
    proposals = ImprovementProposal.objects.filter(outcome__course=OuterRef("pk"))
    return (
        courses.filter(
            status__in=Course.TAKES_PLACE,
            second_starts_at__lte=timezone.now() if began_before is None else began_before,
        )
        .annotate(workshop_at=F("second_starts_at"), proposal_count=_count(proposals, "outcome"))
        .select_related("workplace__organisation", "workshop_outcome")
        .order_by("-second_starts_at", "-pk")
    )


def workshops_not_recorded(
    user: User, *, began_before: datetime | Moment, began_after: datetime | Moment
) -> QuerySet[Course]:
    """The trainings of ``workshop_course_list(user)`` whose idea workshop began between
    ``began_after`` and ``began_before`` and whose outcome is not submitted yet, newest first."""
    submitted = WorkshopOutcome.objects.filter(course=OuterRef("pk"), status=OutcomeStatus.SUBMITTED)
    return workshop_course_list(user, began_after=began_after, began_before=began_before).exclude(Exists(submitted))


def outcome_for_page(course: Course) -> WorkshopOutcome | None:
    """The course's outcome with who submitted it; its proposals are one query more
    (``outcome.proposals.all()``). No proposal's history: none of the outcome's pages shows it."""
    return WorkshopOutcome.objects.filter(course=course).select_related("submitted_by").first()


def followup_upcoming_list(*, open_proposals: bool = True) -> QuerySet[FollowUpMeeting]:
    """Every follow-up meeting still to be held (the overdue ones first), with the number of
    proposals still open at its training (``open_proposals``: a subquery per row, for the
    pages that show it)."""
    meetings = (
        FollowUpMeeting.objects.filter(status=FollowUpStatus.PLANNED)
        .exclude(course__status=CourseStatus.CANCELLED)
        .select_related("course__workplace__organisation")
        .order_by("starts_at", "pk")
    )
    if not open_proposals:
        return meetings
    still_open = ImprovementProposal.objects.filter(outcome__course=OuterRef("course"), status__in=OPEN_STATUSES)
    return meetings.annotate(open_proposals=_count(still_open, "outcome__course"))


def followup_get(pk: int) -> FollowUpMeeting:
    return FollowUpMeeting.objects.select_related("course__workplace__organisation", "recorded_by").get(pk=pk)


def followup_held_rows(meeting: FollowUpMeeting) -> list[tuple[str, str, str, str]]:
    """Each proposal of the meeting's training as ``(text, status before, status after, note)``
    at this held meeting (empty strings for a proposal it did not update), in the outcome's
    order: two queries of values, not the outcome with every proposal's whole history."""
    updates: dict[int, tuple[str, str, str]] = {}
    for proposal_id, before, after, note in (
        ProposalUpdate.objects.filter(meeting=meeting)
        .order_by("recorded_at", "id")
        .values_list("proposal_id", "status_before", "status", "note")
    ):
        updates.setdefault(proposal_id, (before, after, note))
    proposals = (
        ImprovementProposal.objects.filter(outcome__course=meeting.course_id)
        .order_by("outcome", "created_at", "id")
        .values_list("pk", "text")
    )
    return [(text, *updates.get(pk, ("", "", ""))) for pk, text in proposals]


def workplace_outcome_list(workplace: Workplace) -> QuerySet[WorkshopOutcome]:
    """The submitted outcomes of a workplace's trainings, newest first, as values (``pk``,
    ``course_id``, ``submitted_at``, ``course_status``): cut into pages, then given to
    ``workplace_outcome_history``."""
    return (
        WorkshopOutcome.objects.filter(course__workplace=workplace, status=OutcomeStatus.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .values("pk", "course_id", "submitted_at", course_status=F("course__status"))
    )


@dataclass
class ProposalHistory:
    """A proposal's row on the workplace's proposals page: its status when the outcome was
    submitted (``first``) and at each of the training's follow-up meetings (``later``, None for
    a meeting not yet held), each a ``(status, note)`` pair."""

    text: str
    area: str
    owner_name: str
    due_date: date | None
    first: tuple[str, str] | None = None
    later: list[tuple[str, str] | None] = field(default_factory=list)


def workplace_outcome_history(outcomes: list[dict]) -> None:
    """Adds to each outcome of ``workplace_outcome_list`` its training's follow-up meetings
    (``meetings``: ``(pk, number, starts_at)``) and its proposals' history (``rows``:
    ``ProposalHistory``), in three queries whatever the page holds.

    Read as values: the objects of a page's ~50 proposals and ~200 updates, with the prefetch
    machinery that placed them, were most of the page's time."""
    by_pk = {outcome["pk"]: outcome for outcome in outcomes}
    by_course = {}
    for outcome in outcomes:
        outcome["meetings"], outcome["rows"] = [], []
        by_course[outcome["course_id"]] = outcome
    if not outcomes:
        return
    meeting_column = {}  # meeting pk -> its column in its outcome's table
    found = compiled("workshops:outcome_history", _outcome_history).run(courses=list(by_course), outcomes=list(by_pk))
    for meeting in found["meetings"]:
        outcome = by_course[meeting["course_id"]]
        meeting_column[meeting["pk"]] = len(outcome["meetings"])
        outcome["meetings"].append((meeting["pk"], meeting["number"], meeting["starts_at"]))
    rows = {}
    for proposal in found["proposals"]:
        outcome = by_pk[proposal["outcome_id"]]
        rows[proposal["pk"]] = row = ProposalHistory(
            proposal["text"],
            proposal["area"],
            proposal["owner_name"],
            proposal["due_date"],
            later=[None] * len(outcome["meetings"]),
        )
        outcome["rows"].append(row)
    for update in found["updates"]:
        row, meeting_id = rows[update["proposal_id"]], update["meeting_id"]
        if meeting_id is None:
            row.first = (update["status"], update["note"])
        elif meeting_id in meeting_column:
            row.later[meeting_column[meeting_id]] = (update["status"], update["note"])


def _outcome_history() -> dict[str, QuerySet]:
    """``workplace_outcome_history``'s statement, compiled once per process: the page's courses
    and outcomes bound."""
    return {
        "meetings": FollowUpMeeting.objects.filter(OneOf("course_id", "courses"))
        .order_by("course_id", "number")
        .values("pk", "course_id", "number", "starts_at"),
        "proposals": ImprovementProposal.objects.filter(OneOf("outcome_id", "outcomes"))
        .order_by("outcome", "created_at", "id")
        .values("pk", "outcome_id", "text", "area", "owner_name", "due_date"),
        "updates": ProposalUpdate.objects.filter(OneOf("proposal__outcome_id", "outcomes"))
        .order_by("recorded_at", "id")
        .values("proposal_id", "meeting_id", "status", "note"),
    }

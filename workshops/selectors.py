"""Read queries of the idea-workshop pages, each with the joins its page needs."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
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


def workshop_course_list(user: User, *, began_after: datetime | None = None) -> QuerySet[Course]:
    """The trainings whose idea workshop has begun, for which ``user`` records the outcome:
    every one for coordinators, the accepted ones for a facilitator. Newest first.
    ``began_after`` keeps only the workshops begun since then.

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
        courses.filter(status__in=Course.TAKES_PLACE, second_starts_at__lte=timezone.now())
        .annotate(workshop_at=F("second_starts_at"), proposal_count=_count(proposals, "outcome"))
        .select_related("workplace__organisation", "workshop_outcome")
        .order_by("-second_starts_at", "-pk")
    )


def outcome_for_page(course: Course) -> WorkshopOutcome | None:
    return (
        WorkshopOutcome.objects.filter(course=course)
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch("proposals", queryset=ImprovementProposal.objects.prefetch_related(_updates_prefetch()))
        )
        .first()
    )


def _updates_prefetch() -> Prefetch:
    return Prefetch("updates", queryset=ProposalUpdate.objects.select_related("meeting").order_by("recorded_at", "id"))


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


def workplace_outcome_list(workplace: Workplace) -> QuerySet[WorkshopOutcome]:
    """The submitted outcomes of a workplace's trainings, newest first, each with its
    proposals (``proposal_list``), their history (``update_list``) and the training's follow-up
    meetings (``course.followup_list``), prefetched for the page that is read."""
    return (
        WorkshopOutcome.objects.filter(course__workplace=workplace, status=OutcomeStatus.SUBMITTED)
        .select_related("course")
        .prefetch_related(
            # The updates are placed by their meeting's id under the meetings fetched below:
            # joining each update's meeting would hash every follow-up meeting there is.
            # Into lists (to_attr): .all() on a prefetched relation builds a queryset each time,
            # and the page asks once per proposal.
            Prefetch(
                "proposals",
                queryset=ImprovementProposal.objects.prefetch_related(
                    Prefetch(
                        "updates", queryset=ProposalUpdate.objects.order_by("recorded_at", "id"), to_attr="update_list"
                    )
                ),
                to_attr="proposal_list",
            ),
            Prefetch("course__followups", queryset=FollowUpMeeting.objects.order_by("number"), to_attr="followup_list"),
        )
        .order_by("-submitted_at", "-pk")
    )

"""Read queries for enquiries, with the joins their pages need."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from dialogkurs.statements import Moment

from .models import OPEN_STATUSES, Enquiry, EnquiryEvent, Status, Topic


def coordinators() -> QuerySet[User]:
    """The active users who hold the coordinator role: those who triage enquiries."""
    return User.objects.filter(is_active=True, groups__name=Role.COORDINATOR).distinct().order_by("full_name", "email")


def meeting_staff(topic: str = "") -> QuerySet[User]:
    """The users who may attend a face-to-face meeting for us: coordinators and facilitators, and
    for an enquiry about network meetings the network clinicians too."""
    roles = [Role.COORDINATOR, Role.FACILITATOR]
    if topic == Topic.NETWORK_MEETINGS:
        roles.append(Role.NETWORK_CLINICIAN)
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct().order_by("full_name", "email")


def enquiry_list() -> QuerySet[Enquiry]:
    """The inbox's rows, newest first, with what each row shows (``filters.EnquiryFilter``
    narrows them)."""
    return Enquiry.objects.select_related("assignee", "meeting").order_by("-created_at", "-pk")


def enquiry_get(pk: int) -> Enquiry:
    """One enquiry with its assignee, meeting, attendees and history (actors included)."""
    return (
        Enquiry.objects.select_related("assignee", "meeting", "course__workplace__organisation")
        .prefetch_related(
            "meeting__attendees",
            Prefetch("events", queryset=EnquiryEvent.objects.select_related("actor").order_by("created_at", "pk")),
        )
        .get(pk=pk)
    )


def enquiries_overdue(
    queryset: QuerySet[Enquiry] | None = None, *, now: datetime | Moment | None = None
) -> QuerySet[Enquiry]:
    """Still not contacted past the contact deadline (2 working days): the queryset twin of
    ``Enquiry.is_overdue``, for the inbox filter and the coordinator's home page."""
    queryset = Enquiry.objects.all() if queryset is None else queryset
    return queryset.filter(status=Status.NEW, contact_due_at__lte=timezone.now() if now is None else now)


def enquiries_unassigned(queryset: QuerySet[Enquiry] | None = None) -> QuerySet[Enquiry]:
    """Open enquiries nobody has taken yet."""
    queryset = Enquiry.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=OPEN_STATUSES, assignee=None)

"""Read queries for enquiries, with the joins their pages need."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

from .models import Enquiry, EnquiryEvent, Status, Topic

# Status filter values beyond the statuses themselves.
OPEN = "open"
ALL = "all"
UNASSIGNED = "none"


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


def enquiry_list(
    *,
    status: str = OPEN,
    topic: str = "",
    assignee: str = "",
    overdue: bool = False,
    q: str = "",
    now: datetime | None = None,
) -> QuerySet[Enquiry]:
    """The inbox: enquiries filtered as asked, newest first, with what each row shows.

    ``assignee`` is a user id, ``"none"`` for unassigned, or empty for anyone. ``overdue``
    keeps the enquiries still not contacted past their contact deadline (2 working days).
    """
    enquiries = Enquiry.objects.select_related("assignee", "meeting")
    if status == OPEN:
        enquiries = enquiries.exclude(status=Status.CLOSED)
    elif status in Status.values:
        enquiries = enquiries.filter(status=status)
    if topic:
        enquiries = enquiries.filter(topic=topic)
    if assignee == UNASSIGNED:
        enquiries = enquiries.filter(assignee=None)
    elif assignee:
        enquiries = enquiries.filter(assignee_id=assignee)
    if overdue:
        enquiries = enquiries.filter(status=Status.NEW, contact_due_at__lte=now or timezone.now())
    q = q.strip()
    if q:
        match = (
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(organisation__icontains=q)
            | Q(message__icontains=q)
            | Q(phone__icontains=q)
        )
        number = q.lstrip("#")
        if number.isdigit() and len(number) < 19:  # a reference number, within bigint
            match |= Q(pk=int(number))
        enquiries = enquiries.filter(match)
    return enquiries.order_by("-created_at", "-pk")


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

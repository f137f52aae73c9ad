"""Read queries for enquiries, with the joins their pages need."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.roles import Role

from .models import Enquiry, EnquiryEvent, Topic


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

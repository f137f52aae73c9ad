"""Enquiries' part in erasure (privacy/)."""

from __future__ import annotations

from .models import EnquiryEvent, EventKind


def events_forget_staff_name(name: str) -> int:
    """History rows that name a staff member as the assignee lose the name (the actor stays as
    the account's number)."""
    if not name:
        return 0
    return EnquiryEvent.objects.filter(kind=EventKind.ASSIGNED, text=name).update(text="")

"""Demo contact enquiries in every state, so the inbox has something to triage."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from enquiries import services
from enquiries.models import Enquiry, EnquiryMeeting, Topic


def _submit(email: str, *, days_ago: float = 0, **fields) -> Enquiry | None:
    """The demo enquiry from ``email``, or None when it exists already (idempotent)."""
    if Enquiry.objects.filter(email=email).exists():
        return None
    return services.enquiry_submit(email=email, now=timezone.now() - timedelta(days=days_ago), **fields)


def load_enquiries(accounts: dict[str, User]) -> None:
    coordinator = accounts["coordinator@demo.dialogkurs.se"]
    facilitator = accounts["facilitator@demo.dialogkurs.se"]
    soon = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7)

    _submit(
        "maria.lund@demo-enquiry.example",
        name="Maria Lund",
        organisation="Region Jämtland Härjedalen, vuxenpsykiatrin Östersund",
        country="SE",
        topic=Topic.TRAINING,
        message="Vi är en arbetsgrupp på 18 personer och vill veta mer om dialogutbildningen.",
        preferred_times="Tisdagar och torsdagar förmiddag",
        language="sv",
    )
    _submit(
        "kari.nilsen@demo-enquiry.example",
        days_ago=6,  # past its contact deadline: overdue in the inbox
        name="Kari Nilsen",
        organisation="Bodø kommune, psykisk helse og rus",
        country="NO",
        topic=Topic.NETWORK_MEETINGS,
        message="Vi ønsker å starte med nettverksmøter og vil gjerne høre hvordan dere jobber.",
        language="nb",
    )
    contacted = _submit(
        "sam.taylor@demo-enquiry.example",
        days_ago=1,
        name="Sam Taylor",
        organisation="Umeå University",
        country="SE",
        topic=Topic.RESEARCH,
        message="I am studying dialogical practice and would like to talk about a possible collaboration.",
        language="en",
    )
    if contacted:
        services.enquiry_assign(contacted, assignee=coordinator, by=coordinator)
        services.enquiry_mark_contacted(contacted, by=coordinator)
    booked = _submit(
        "per.holm@demo-enquiry.example",
        days_ago=2,
        name="Per Holm",
        organisation="Region Västerbotten, psykiatrisk öppenvård Lycksele",
        country="SE",
        topic=Topic.TRAINING,
        message="Vår chef vill att hela gruppen går dialogutbildningen i höst.",
        language="sv",
    )
    if booked:
        services.enquiry_assign(booked, assignee=coordinator, by=coordinator)
        services.enquiry_book_meeting(
            booked,
            by=coordinator,
            starts_at=soon,
            duration_minutes=60,
            location="Storgatan 4, Lycksele",
            attendees=[coordinator, facilitator],
        )
    met = _submit(
        "lisa.ek@demo-enquiry.example",
        days_ago=20,
        name="Lisa Ek",
        organisation="Skellefteå kommun, socialpsykiatrin",
        country="SE",
        topic=Topic.TRAINING,
        message="Vi vill boka en dialogutbildning för boendestödet.",
        language="sv",
    )
    if met:
        services.enquiry_assign(met, assignee=coordinator, by=coordinator)
        meeting = services.enquiry_book_meeting(
            met,
            by=coordinator,
            starts_at=soon,
            duration_minutes=60,
            location="Kanalgatan 1, Skellefteå",
            attendees=[coordinator],
        )
        # Demo history only: the meeting is moved into the past so it can be recorded as held.
        EnquiryMeeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(days=10))
        services.enquiry_record_meeting(
            met, by=coordinator, outcome="De vill ha en dialogutbildning för hela gruppen i vår. Chefen skickar datum."
        )
    spam = _submit(
        "offers@demo-enquiry.example",
        days_ago=3,
        name="Cheap Offers",
        organisation="Offers Ltd",
        country="SE",
        topic=Topic.OTHER,
        message="Buy our product now!",
        language="en",
    )
    if spam:
        services.enquiry_close(spam, by=coordinator, reason="Skräppost.")

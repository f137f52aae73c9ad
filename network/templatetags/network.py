"""Template helpers for the network pages."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()

# What the home page's case cards and first-meeting flags read of a case (``Case.time_zone``,
# ``is_first_meeting_late``, ``first_meeting_deadline``, ``is_open``), and of a coming meeting.
CARD_FIELDS = ("country", "first_contact_at", "first_meeting_at", "status")
MEETING_FIELDS = ("case_id", "starts_at", "place", "case__country")


@register.inclusion_tag("network/includes/first_meeting_flag.html")
def first_meeting_flag(case, now=None):
    """The 24-hour flag in words (never by colour alone), or the deadline still ahead."""
    return {"case": case, "late": case.is_first_meeting_late(now), "hours": settings.NETWORK_FIRST_MEETING_HOURS}


@register.inclusion_tag("network/includes/home_section.html", takes_context=True)
def my_cases_section(context, limit: int = 5):
    """The network clinician's part of the home page: her open cases, flagged ones first, the
    meetings of the next 7 days and her unsigned notes (nothing for anyone else). A fixed number
    of queries however many cases she has."""
    from django.utils import timezone

    from accounts.roles import Role

    from ..queries import my_cases, my_draft_notes, my_meetings_soon

    user = context["user"]
    if not user.is_authenticated or not user.has_role(Role.NETWORK_CLINICIAN):
        return {"show": False}
    from ..models import Case

    now = timezone.now()
    # The cases are sorted and counted with only the fields the cards and the 24-hour flag read
    # (each encrypted field would be decrypted for every one of up to 50 cases); the few shown
    # get their names in one query.
    cases = list(my_cases(user, now=now).only(*CARD_FIELDS)[:50])
    cases.sort(key=lambda c: (not c.is_first_meeting_late(now), c.next_meeting_at is not None))
    shown = cases[:limit]
    names = dict(Case.objects.filter(pk__in=[c.pk for c in shown]).values_list("pk", "name"))
    for case in shown:
        case.name = names[case.pk]
    return {
        "show": True,
        "user": user,
        "cases": shown,
        "total": len(cases),
        "flagged": sum(1 for c in cases if c.is_first_meeting_late(now)),
        "now": now,
        "min_team": 2,
        # Only what the links say: the meeting's case's country (its time zone), never its
        # encrypted fields, decrypted for nothing.
        "meetings_soon": list(my_meetings_soon(user, now=now).only(*MEETING_FIELDS)[:limit]),
        "drafts": list(my_draft_notes(user).select_related(None).only("case_id", "created_at")[:limit]),
    }

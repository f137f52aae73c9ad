"""Template helpers for the network pages."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

register = template.Library()

# What the home page's case cards and first-meeting flags read of a case (``Case.time_zone``,
# ``is_first_meeting_late``, ``first_meeting_deadline``, ``is_open``), and of a coming meeting.
CARD_FIELDS = ("country", "first_contact_at", "first_meeting_at", "status")
MEETING_FIELDS = ("case_id", "starts_at", "place", "case__country")


def _instance(model, row: dict):
    """An instance of ``model`` as read from the database with the columns of ``row`` (its
    other fields deferred), so that a page asks the model's own predicates of rows read as
    values."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in row]
    return model.from_db(DEFAULT_DB_ALIAS, names, [row[name] for name in names])


@register.inclusion_tag("network/includes/first_meeting_flag.html")
def first_meeting_flag(case, now=None):
    """The 24-hour flag in words (never by colour alone), or the deadline still ahead."""
    return {"case": case, "late": case.is_first_meeting_late(now), "hours": settings.NETWORK_FIRST_MEETING_HOURS}


@register.inclusion_tag("network/includes/home_section.html", takes_context=True)
def my_cases_section(context, limit: int = 5):
    """The network clinician's part of the home page: her open cases, flagged ones first, the
    meetings of the next 7 days and her unsigned notes (nothing for anyone else). Two queries
    however many cases she has: the cases, meetings and notes read as values in one statement,
    compiled once per process for her (``dialogkurs.statements``), then the shown cases' names."""
    from django.utils import timezone

    from accounts.roles import Role
    from dialogkurs.statements import Moment, compiled

    from ..models import Case, NetworkMeeting
    from ..queries import my_cases, my_draft_notes, my_meetings_soon

    user = context["user"]
    if not user.is_authenticated or not user.has_role(Role.NETWORK_CLINICIAN):
        return {"show": False}

    def build() -> dict:
        # The cases are sorted and counted with only the fields the cards and the 24-hour flag
        # read (each encrypted field would be decrypted for every one of up to 50 cases); of a
        # meeting only what its link says, with its case's country (its time zone).
        return {
            "cases": my_cases(user, now=Moment()).values("id", *CARD_FIELDS, "next_meeting_at", "team_size")[:50],
            "meetings": my_meetings_soon(user, now=Moment()).values("id", *MEETING_FIELDS)[:limit],
            "notes": my_draft_notes(user).values("pk", "case_id", "created_at")[:limit],
        }

    now = timezone.now()
    rows = compiled(("home:cases", user.pk, user.is_active, user.roles, limit), build).run(now=now)
    cases = []
    for row in rows["cases"]:
        # Model instances of the columns read, so the cards ask the case's own predicates.
        case = _instance(Case, row)
        case.next_meeting_at, case.team_size = row["next_meeting_at"], row["team_size"]
        cases.append(case)
    cases.sort(key=lambda c: (not c.is_first_meeting_late(now), c.next_meeting_at is not None))
    shown = cases[:limit]
    names = dict(Case.objects.filter(pk__in=[c.pk for c in shown]).values_list("pk", "name"))
    for case in shown:
        case.name = names[case.pk]
    meetings = []
    for row in rows["meetings"]:
        meeting = _instance(NetworkMeeting, row)
        meeting.case = _instance(Case, {"id": row["case_id"], "country": row["case__country"]})
        meetings.append(meeting)
    return {
        "show": True,
        "user": user,
        "cases": shown,
        "total": len(cases),
        "flagged": sum(1 for c in cases if c.is_first_meeting_late(now)),
        "now": now,
        "min_team": 2,
        "meetings_soon": meetings,
        "drafts": rows["notes"],
    }

"""Read queries for the network pages, with the joins each page needs.

These return names and contact details: only network views use them, after
``network.permissions`` has said yes. ``network.selectors`` is the module for other apps
(counts and times only).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from dialogkurs.statements import Moment

from .models import Attendee, Case, CaseEvent, MeetingStatus, NetworkMeeting, NetworkMember, TeamMembership
from .permissions import cases_of_team_member

# A booked meeting that has begun but is not recorded yet is still "the next meeting" for as long
# as the longest meeting can last.
_LONGEST_MEETING = timedelta(hours=8)


def _next_meeting(now: datetime | Moment) -> Subquery:
    return Subquery(
        NetworkMeeting.objects.filter(
            case=OuterRef("pk"), status=MeetingStatus.BOOKED, starts_at__gte=now - _LONGEST_MEETING
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def my_cases(user: User, *, closed: bool = False, now: datetime | Moment | None = None) -> QuerySet[Case]:
    """*My cases*: the cases on whose current team ``user`` is, with each one's next meeting and
    team size; newest first contact first (``now`` a datetime, or a ``Moment`` of a compiled
    statement)."""
    now = timezone.now() if now is None else now
    team_size = Subquery(
        TeamMembership.objects.filter(case=OuterRef("pk"), ended_at=None)
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    cases = cases_of_team_member(user).filter(status=Case.Status.CLOSED if closed else Case.Status.OPEN)
    order = ["-closed_at", "-pk"] if closed else ["-first_contact_at", "-pk"]
    return cases.annotate(next_meeting_at=_next_meeting(now), team_size=team_size).order_by(*order)


def case_detail(case: Case) -> dict:
    """Everything the case page shows, in a fixed number of queries."""
    memberships = list(
        TeamMembership.objects.filter(case=case).select_related("clinician").order_by("started_at", "pk")
    )
    members = list(
        NetworkMember.objects.filter(case=case).select_related("invite_agreement_by").order_by("closeness", "pk")
    )
    by_id = {m.pk: m for m in members}
    clinicians = {m.clinician_id: m.clinician for m in memberships}
    meetings = list(
        NetworkMeeting.objects.filter(case=case)
        .prefetch_related(Prefetch("attendees", queryset=Attendee.objects.order_by("pk")), "next_steps")
        .order_by("starts_at", "pk")
    )
    missing = {a.clinician_id for m in meetings for a in m.attendees.all() if a.clinician_id} - set(clinicians)
    if missing:
        clinicians.update({u.pk: u for u in User.objects.filter(pk__in=missing)})
    for meeting in meetings:
        for attendee in meeting.attendees.all():
            # Attach the people already fetched instead of one query per attendee.
            if attendee.member_id:
                attendee.member = by_id.get(attendee.member_id)
            if attendee.clinician_id:
                attendee.clinician = clinicians.get(attendee.clinician_id)
            if attendee.is_index_person:
                attendee.case_name = case.name
    now = timezone.now()
    booked = [m for m in meetings if m.is_booked]
    return {
        "current_team": [m for m in memberships if m.is_current],
        "former_team": [m for m in memberships if not m.is_current],
        "members": [m for m in members if not m.is_erased],
        "erased_members": [m for m in members if m.is_erased],
        "booked_meetings": booked,
        "held_meetings": [m for m in meetings if m.is_held][::-1],
        "cancelled_meetings": [m for m in meetings if m.is_cancelled],
        "next_meeting": next((m for m in booked if m.ends_at >= now), None),
        "to_record": [m for m in booked if m.has_started(now)],
    }


def case_history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("created_at", "pk")


def meeting_get(case: Case, pk: int) -> NetworkMeeting:
    """A meeting of ``case`` (404 from the caller when it is not one)."""
    return (
        NetworkMeeting.objects.filter(case=case)
        .prefetch_related(
            Prefetch("attendees", queryset=Attendee.objects.select_related("member", "clinician").order_by("pk")),
            "next_steps",
        )
        .get(pk=pk)
    )


def invitable_members(case: Case) -> QuerySet[NetworkMember]:
    """The members the index person agreed to invite (the form also shows the others, disabled)."""
    return NetworkMember.objects.filter(case=case, erased_at=None).order_by("closeness", "pk")


def network_clinicians() -> QuerySet[User]:
    """The active users with the Network clinician role, for team choices."""
    from accounts.roles import Role

    return User.objects.filter(is_active=True, groups__name=Role.NETWORK_CLINICIAN).distinct().order_by("full_name")


def case_notes(case: Case, user: User) -> dict:
    """The notes the case page shows: the latest signed version of each note (its history one
    click away, its objections counted) and the user's own drafts. Others' drafts stay theirs."""
    from .models import MeetingNote

    notes = list(
        MeetingNote.objects.filter(case=case)
        .select_related("author", "meeting")
        .annotate(n_objections=Count("objections"))
        .order_by("created_at", "pk")
    )
    replaced = {n.replaces_id for n in notes if n.replaces_id and n.is_signed}
    latest = [n for n in notes if n.is_signed and n.pk not in replaced]
    versions: dict = {}
    for note in notes:
        if note.is_signed:
            versions[note.thread] = versions.get(note.thread, 0) + 1
    for note in latest:
        note.n_versions = versions[note.thread]
    return {
        "notes": latest[::-1],
        "my_drafts": [n for n in notes if n.is_draft and n.author_id == user.pk],
    }


def note_thread(note) -> list:
    """Every signed version of ``note`` (and the user's draft correction), oldest first, with
    their objections."""
    from .models import MeetingNote

    return list(
        MeetingNote.objects.filter(thread=note.thread)
        .select_related("author", "meeting")
        .prefetch_related("objections__recorded_by")
        .order_by("version", "pk")
    )


def my_meetings_soon(user: User, *, now: datetime | Moment | None = None, days: int = 7) -> QuerySet[NetworkMeeting]:
    """The booked meetings of ``user``'s open cases in the next ``days`` days, soonest first."""
    now = timezone.now() if now is None else now
    return (
        NetworkMeeting.objects.filter(
            case__in=cases_of_team_member(user).filter(status=Case.Status.OPEN),
            status=MeetingStatus.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def my_draft_notes(user: User) -> QuerySet:
    """``user``'s own unsigned notes on the cases whose team she is on, oldest first."""
    from .models import MeetingNote, NoteStatus

    return (
        MeetingNote.objects.filter(author=user, status=NoteStatus.DRAFT, case__in=cases_of_team_member(user))
        .select_related("case")
        .order_by("created_at", "pk")
    )

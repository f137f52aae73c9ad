"""Factories for network tests. Cases are made through the services, so every case has what a
real one has (its team, its history, its planned alert)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import clinician
from network import services
from network.models import Agreement, Case, NetworkMeeting, NetworkMember, Place, Relation


def case(*, team: list[User] | None = None, name: str = "Alva Lindgren", **fields) -> Case:
    team = team if team is not None else [clinician(), clinician()]
    fields.setdefault("email", "alva@example.org")
    fields.setdefault("language", "sv")
    return services.case_create(by=team[0], name=name, clinicians=team, **fields)


def member(
    of: Case,
    *,
    name: str = "Bo Lindgren",
    relation: str = Relation.SIBLING,
    email: str = "",
    agreed: bool = True,
    reminders: bool = False,
    **fields,
) -> NetworkMember:
    by = of.memberships.first().clinician
    email = email or f"{name.split()[0].lower()}.{NetworkMember.objects.count()}@example.org"
    return services.member_add(
        of,
        by=by,
        name=name,
        relation=relation,
        email=email,
        invite_agreement=Agreement.YES if agreed else Agreement.NOT_ASKED,
        reminders_agreed=reminders,
        **fields,
    )


def meeting(
    of: Case, *, starts_at: datetime | None = None, members: list[NetworkMember] | None = None, **fields
) -> NetworkMeeting:
    by = of.memberships.first().clinician
    return services.meeting_book(
        of,
        by=by,
        starts_at=starts_at or (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0),
        place=fields.pop("place", Place.HOME),
        members=members or [],
        **fields,
    )


def held_meeting(of: Case, *, starts_at: datetime, **fields) -> NetworkMeeting:
    """A meeting booked at ``starts_at`` and recorded as held an hour later (nobody attending)."""
    import time_machine

    with time_machine.travel(starts_at - timedelta(hours=1), tick=False):
        booked = meeting(of, starts_at=starts_at, **fields)
    with time_machine.travel(starts_at + timedelta(hours=1), tick=False):
        return services.meeting_record(booked, by=of.memberships.first().clinician, attended={})

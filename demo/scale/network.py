"""Network cases of the data set: the people in treatment, their teams, their networks and the
meetings with them, over ten years (``seed_scale``). Encrypted fields are written encrypted,
as the application writes them (the field's own ``get_db_prep_save``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection

from network.models import (
    Agreement,
    Case,
    CaseStatus,
    Closeness,
    ContactSource,
    MeetingStatus,
    NetworkMeeting,
    NetworkMember,
    Place,
    Relation,
    TeamMembership,
)
from sessions_app.models import Country

from . import Seed, ids
from .names import PLACES_SE, person

YEARS_BACK = 10
CASES = 3000  # at scale 1: a large region's teams over ten years
MEMBERS = (3, 9)  # people in a case's network
MEETINGS = (2, 14)  # meetings of a case


def _encrypt(model: type, name: str, value):
    field = model._meta.get_field(name)
    return field.get_db_prep_save(value, connection)


@dataclass(frozen=True)
class CaseRow:
    id: int
    first_contact_at: object
    closed_at: object
    team: tuple[int, int]
    first_meeting: object


def seed_cases(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    clinicians = [user[0] for user in seed.data["users"]["clinician"]]
    cases = []
    span = int(365 * YEARS_BACK * 24)
    for pk in range(1, seed.count(CASES) + 1):
        first_contact = seed.now - timedelta(hours=rng.randrange(span))
        closed = first_contact + timedelta(days=rng.randint(60, 700))
        closed_at = closed if closed < seed.now - timedelta(days=7) else None
        first_meeting = first_contact + timedelta(hours=rng.randint(4, 30))
        first, last = person(rng)
        # The clinician1 account is on the team of the first cases: its pages show real lists.
        team = (clinicians[0], clinicians[1]) if pk % 10 == 1 else tuple(rng.sample(clinicians, 2))
        cases.append(CaseRow(pk, first_contact, closed_at, team, first_meeting))
        yield (
            pk,
            _encrypt(Case, "name", f"{first} {last}"),
            _encrypt(Case, "phone", f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"),
            _encrypt(Case, "email", ""),
            _encrypt(Case, "address", f"{rng.choice(PLACES_SE)}"),
            _encrypt(Case, "closed_reason", "The work is done." if closed_at else ""),
            "sv" if rng.random() < 0.8 else "nb",
            rng.random() < 0.7,
            Country.SWEDEN,
            first_contact,
            rng.choice(ContactSource.values),
            first_meeting if first_meeting < seed.now else None,
            CaseStatus.CLOSED if closed_at else CaseStatus.OPEN,
            closed_at,
            team[0],
            first_contact,
        )
    seed.data["cases"] = cases


def seed_memberships(seed: Seed) -> Iterator[tuple]:
    next_id = ids()
    empty = _encrypt(TeamMembership, "start_reason", "")
    for case in seed.data["cases"]:
        for clinician in case.team:
            yield (next(next_id), case.id, clinician, case.first_contact_at, None, empty, empty)


def seed_members(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    next_id = ids()
    members: dict[int, list[tuple[int, bool]]] = {}
    relations = [r for r in Relation.values if r != Relation.PROFESSIONAL]
    for case in seed.data["cases"]:
        members[case.id] = []
        for _ in range(rng.randint(*MEMBERS)):
            pk = next(next_id)
            first, last = person(rng)
            agreed = rng.random() < 0.85
            members[case.id].append((pk, agreed))
            yield (
                pk,
                case.id,
                _encrypt(NetworkMember, "name", f"{first} {last}"),
                rng.choice(relations),
                "",
                _encrypt(NetworkMember, "organisation", ""),
                _encrypt(NetworkMember, "phone", ""),
                _encrypt(NetworkMember, "email", ""),
                "sv",
                rng.choice(Closeness.values),
                Agreement.YES if agreed else Agreement.NO,
                case.first_contact_at,
                case.team[0],
                False,
                case.first_contact_at,
            )
    seed.data["network_members"] = members


def seed_meetings(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    next_id = ids()
    meetings = []
    for case in seed.data["cases"]:
        start = case.first_meeting
        end = case.closed_at or seed.now + timedelta(days=60)
        for number in range(rng.randint(*MEETINGS)):
            starts_at = start + timedelta(days=14 * number + rng.randint(0, 6))
            if starts_at > end:
                break
            pk = next(next_id)
            held = starts_at < seed.now - timedelta(hours=3)
            status = MeetingStatus.HELD if held else MeetingStatus.BOOKED
            meetings.append((pk, case.id, held))
            yield (
                pk,
                case.id,
                starts_at,
                90,
                rng.choice(Place.values),
                _encrypt(NetworkMeeting, "place_detail", ""),
                status,
                0,
                case.team[0],
                starts_at - timedelta(days=rng.randint(1, 10)),
                starts_at + timedelta(hours=2) if held else None,
                None,
            )
    seed.data["network_meetings"] = meetings


def seed_attendees(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    next_id = ids()
    cases = {case.id: case for case in seed.data["cases"]}
    for meeting, case_id, held in seed.data["network_meetings"]:
        yield (next(next_id), meeting, True, None, None, True, True if held else None)
        for clinician in cases[case_id].team:
            yield (next(next_id), meeting, False, None, clinician, True, True if held else None)
        for member, agreed in seed.data["network_members"][case_id]:
            if agreed and rng.random() < 0.6:
                yield (next(next_id), meeting, False, member, None, True, (rng.random() < 0.9) if held else None)

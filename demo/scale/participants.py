"""Participants, registrations (places, waitlist, cancellations), attendance and the anonymous
evaluations of the trainings that took place."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from evaluations.services import evaluation_token
from participants.models import Perspective, RegistrationSource, RegistrationStatus
from sessions_app.models import Course, CourseStatus

from . import Seed, ids
from .names import ascii_slug, person, sentence
from .trainings import DOMAIN, _language

CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


@dataclass(slots=True)
class RegistrationRow:
    id: int
    course: object  # trainings.CourseRow
    participant: tuple[int, str, str, str]  # id, e-mail, name, language
    status: str
    queued_at: datetime
    promoted_at: datetime | None


def _perspective(rng) -> str:
    roll = rng.random()
    return Perspective.STAFF if roll < 0.8 else Perspective.LIVED_EXPERIENCE if roll < 0.93 else Perspective.RELATIVE


def seed_participants(seed: Seed) -> Iterator[tuple]:
    """Participants are made as the registrations need them (most are new, one in eight comes
    back for another training at the same workplace); ``seed_registrations`` places them."""
    rng = seed.rng
    pools: dict[int, list[tuple]] = {}
    plan: list[tuple[object, list[tuple]]] = []
    next_id = ids()
    for course in seed.data["courses"]:
        ahead = course.half_days[0][0] - seed.now
        if ahead > timedelta(days=60):
            wanted = rng.randint(4, 20)
        elif ahead > timedelta(days=0):
            wanted = rng.randint(8, 26)
        else:
            wanted = round(rng.triangular(12, 28, 22))
        pool = pools.setdefault(course.workplace.id, [])
        people, taken = [], set()
        for _ in range(wanted):
            if pool and rng.random() < 0.12:
                again = rng.choice(pool)
                if again[0] not in taken:
                    taken.add(again[0])
                    people.append(again)
                continue
            pk = next(next_id)
            first, last = person(rng)
            language = _language(rng, course.workplace.country)
            participant = (pk, f"{ascii_slug(first)}.{ascii_slug(last)}.{pk}@{DOMAIN}", f"{first} {last}", language)
            pool.append(participant)
            taken.add(pk)
            people.append(participant)
            yield (
                pk,
                participant[2],
                participant[1],
                course.workplace.id,
                language,
                _perspective(rng),
                course.created_at,
            )
        plan.append((course, people))
    seed.data["registration_plan"] = plan


def seed_registrations(seed: Seed) -> Iterator[tuple]:
    """First come first served: the first ``Course.CAPACITY`` are confirmed, the rest waitlisted;
    about one in sixteen cancels, and the first on the waitlist moves up."""
    rng = seed.rng
    registrations: list[RegistrationRow] = []
    next_id = ids()
    for course, people in seed.data.pop("registration_plan"):
        opened = course.created_at
        closes = min(course.half_days[0][0] - timedelta(days=1), seed.now - timedelta(minutes=5))
        span = max((closes - opened).total_seconds(), 60)
        times = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in people)
        rows = []
        for participant, queued_at in zip(people, times, strict=True):
            rows.append(RegistrationRow(next(next_id), course, participant, WAITLISTED, queued_at, None))
        for row in rows[: Course.CAPACITY]:
            row.status = CONFIRMED
        cancelled_at = {}
        for row in rows:
            if rng.random() < 0.06:
                was_confirmed = row.status == CONFIRMED
                row.status = CANCELLED
                cancelled_at[row.id] = row.queued_at + timedelta(seconds=rng.uniform(60, max(span / 4, 120)))
                promoted = next((r for r in rows if r.status == WAITLISTED), None) if was_confirmed else None
                if promoted is not None:
                    promoted.status = CONFIRMED
                    promoted.promoted_at = max(cancelled_at[row.id], promoted.queued_at)
        for row in rows:
            source = rng.choices(
                (RegistrationSource.SIGNUP, RegistrationSource.COORDINATOR, RegistrationSource.IMPORT), (7, 2, 1)
            )[0]
            registrations.append(row)
            yield (
                row.id,
                course.id,
                row.participant[0],
                row.status,
                source,
                row.queued_at,
                row.queued_at if source == RegistrationSource.SIGNUP else None,
                row.promoted_at,
                cancelled_at.get(row.id),
                seed.token(),
                "",  # signup_address: no client address is known for seeded sign-ups
            )
    seed.data["registrations"] = registrations


def _took_place(seed: Seed) -> Iterator[RegistrationRow]:
    for row in seed.data["registrations"]:
        if row.status == CONFIRMED and row.course.took_place:
            yield row


def seed_attendance(seed: Seed) -> Iterator[tuple]:
    facilitator_of = {}
    for _pk, course, facilitator, status, _invited in seed.data["assignments"]:
        if status == "accepted":
            facilitator_of.setdefault(course.id, facilitator)
    facilitator_users = dict(seed.data["facilitators"])
    next_id = ids()
    for row in _took_place(seed):
        recorded_by = facilitator_users.get(facilitator_of.get(row.course.id))
        for half_day, (_starts, ends) in zip(seed.data["half_days"][row.course.id], row.course.half_days, strict=True):
            yield (next(next_id), row.id, half_day, seed.rng.random() < 0.92, ends, recorded_by)


def seed_evaluation_tokens(seed: Seed) -> Iterator[tuple]:
    """One link per participant of a training that took place; two in three were used."""
    answered: dict[int, int] = {}
    next_id = ids()
    for row in _took_place(seed):
        token = evaluation_token(SimpleNamespace(course_id=row.course.id, pk=row.id))
        used = seed.rng.random() < 0.66
        if used:
            answered[row.course.id] = answered.get(row.course.id, 0) + 1
        yield (next(next_id), row.course.id, hashlib.sha256(token.encode()).hexdigest(), used)
    seed.data["evaluations_answered"] = answered


def seed_evaluation_answers(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    courses = {course.id: course for course in seed.data["courses"]}
    for course_id, count in seed.data.pop("evaluations_answered").items():
        course = courses[course_id]
        if course.status not in (CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP):
            continue
        answered_on = (course.half_days[1][1] + timedelta(days=rng.randint(1, 20))).date()
        for _ in range(count):
            scale = [min(5, max(1, round(rng.gauss(4, 0.9)))) for _ in range(4)]
            comment = sentence(rng, rng.randint(5, 25)) if rng.random() < 0.3 else ""
            yield (uuid.UUID(int=rng.getrandbits(128), version=4), course_id, answered_on, *scale, comment)

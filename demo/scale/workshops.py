"""Idea-workshop outcomes, improvement proposals, follow-up meetings and the proposals'
history, for the trainings that took place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sessions_app.models import CourseStatus, RecoveryDomain
from workshops.models import ProposalArea, RaisedBy

from . import Seed, ids
from .names import ascii_slug, person, sentence
from .trainings import DOMAIN

FOLLOWUP_MONTHS = (3, 6)


@dataclass(slots=True)
class FollowUpRow:
    id: int
    course: object
    number: int
    starts_at: datetime
    held: bool
    recorded_by: int | None


def _facilitator_users(seed: Seed) -> dict[int, int]:
    users = dict(seed.data["facilitators"])
    return {
        course.id: users[facilitator]
        for _pk, course, facilitator, status, _invited in seed.data["assignments"]
        if status == "accepted"
    }


def seed_outcomes(seed: Seed) -> Iterator[tuple]:
    """Submitted for every training followed up and most delivered ones; a draft for the rest."""
    outcomes = {}
    by = _facilitator_users(seed)
    next_id = ids()
    for course in seed.data["courses"]:
        if not course.took_place:
            continue
        ended = course.half_days[1][1]
        submitted = course.status == CourseStatus.FOLLOWED_UP or seed.rng.random() < 0.8
        pk = next(next_id)
        submitted_at = ended + timedelta(days=seed.rng.randint(0, 6), hours=2)
        submitted_at = min(submitted_at, seed.now - timedelta(minutes=1)) if submitted else None
        outcomes[course.id] = (pk, submitted_at)
        yield (
            pk,
            course.id,
            "submitted" if submitted else "draft",
            sentence(seed.rng, 20) if seed.rng.random() < 0.5 else "",
            by.get(course.id),
            by.get(course.id) if submitted else None,
            submitted_at,
            ended,
            submitted_at or ended,
        )
    seed.data["outcomes"] = outcomes


def seed_followups(seed: Seed) -> Iterator[tuple]:
    followups = []
    by = _facilitator_users(seed)
    courses = {course.id: course for course in seed.data["courses"]}
    next_id = ids()
    for course_id, (_outcome, submitted_at) in seed.data["outcomes"].items():
        if submitted_at is None:
            continue
        course = courses[course_id]
        tz = ZoneInfo(course.workplace.time_zone)
        for number, months in enumerate(FOLLOWUP_MONTHS, start=1):
            day = (course.half_days[1][0] + timedelta(days=30 * months)).date()
            day += timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else timedelta()
            starts_at = datetime.combine(day, time(10, 0), tzinfo=tz)
            held = starts_at < seed.now - timedelta(days=1)
            recorded_by = by.get(course_id) if held else None
            row = FollowUpRow(next(next_id), course, number, starts_at, held, recorded_by)
            followups.append(row)
            yield (
                row.id,
                course_id,
                number,
                starts_at,
                f"{course.workplace.manager[0].split()[1]}huset",
                "\n".join(" ".join(person(seed.rng)) for _ in range(seed.rng.randint(2, 5))),
                "held" if held else "planned",
                sentence(seed.rng, 15) if held else "",
                starts_at + timedelta(hours=2) if held else None,
                recorded_by,
                submitted_at,
            )
    seed.data["followups"] = followups


def seed_proposals(seed: Seed) -> Iterator[tuple]:
    """Six to nineteen proposals per workshop; their status is where the follow-ups left them."""
    rng = seed.rng
    meetings: dict[int, list[FollowUpRow]] = {}
    for row in seed.data["followups"]:
        meetings.setdefault(row.course.id, []).append(row)
    courses = {course.id: course for course in seed.data["courses"]}
    history = []
    next_id = ids()
    domains, perspectives = RecoveryDomain.values, RaisedBy.values
    for course_id, (outcome_id, submitted_at) in seed.data["outcomes"].items():
        course = courses[course_id]
        created = course.half_days[1][1]
        for _ in range(rng.randint(6, 19)):
            pk = next(next_id)
            status, steps = "proposed", []
            for meeting in meetings.get(course_id, []):
                if not meeting.held or status in ("done", "dropped"):
                    continue
                before = status
                status = rng.choices(
                    ("proposed", "in_progress", "done", "dropped"),
                    (1, 4, 3, 1) if before == "proposed" else (0, 3, 5, 1),
                )[0]
                steps.append((meeting, before, status))
            first, last = person(rng)
            yield (
                pk,
                outcome_id,
                sentence(rng, rng.randint(8, 40)),
                rng.choice(ProposalArea.values),
                json.dumps(rng.sample(domains, rng.randint(1, 2))),
                json.dumps(rng.sample(perspectives, rng.randint(1, 3))),
                f"{first} {last}",
                f"{ascii_slug(first)}.{ascii_slug(last)}.p{pk}@{DOMAIN}",
                (created + timedelta(days=rng.randint(30, 240))).date(),
                status,
                created,
            )
            if submitted_at is not None:
                history.append((pk, None, "", "proposed", submitted_at, None))
                for meeting, before, after in steps:
                    recorded = meeting.starts_at + timedelta(hours=2)
                    history.append((pk, meeting.id, before, after, recorded, meeting.recorded_by))
    seed.data["proposal_history"] = history


def seed_proposal_updates(seed: Seed) -> Iterator[tuple]:
    for pk, (proposal, meeting, before, after, recorded_at, by) in enumerate(
        seed.data.pop("proposal_history"), start=1
    ):
        yield (pk, proposal, meeting, before, after, "", recorded_at, by)

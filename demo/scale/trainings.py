"""Users, organisations, workplaces, trainings, half-days and facilitators' assignments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.roles import Role
from sessions_app.models import Country, CourseStatus, LivedExperience, Theme

from . import Seed, ids
from .names import PLACES_NO, PLACES_SE, UNITS, UNITS_NO, ascii_slug, person, sentence

# Everyone seeded logs in with this password (the benchmark does); the hash is computed once.
PASSWORD = "seed-scale-password"  # noqa: S105 (benchmark data, never production)
# Administrators and network clinicians log in with two factors: each has an authenticator with
# this key (hex, as django-otp stores it), so the benchmark can type the code the app would show.
TOTP_KEY = "62656e63682d6f6e6c792d746f74702d6b65792d31"  # "bench-only-totp-key-1"
TWO_FACTOR_ROLES = ("admin", "clinician")
DOMAIN = "seed.example.org"
YEARS_BACK = 8.5  # half-day 1 of the trainings spreads over 10 years, 1.5 of them ahead
YEARS_AHEAD = 1.5

# role name in e-mail addresses → (Role or None, how many at scale 1, at least)
USERS = {
    "admin": (Role.ADMINISTRATOR, 3, 1),
    "coordinator": (Role.COORDINATOR, 40, 2),
    "facilitator": (Role.FACILITATOR, 20, 4),
    "clinician": (Role.NETWORK_CLINICIAN, 30, 2),
    "norole": (None, 1, 1),
}


def email_of(role: str, n: int) -> str:
    """The address of the n-th seeded user of a role, from 1: ``coordinator1@seed.example.org``."""
    return f"{role}{n}@{DOMAIN}"


def _language(rng, country: str = "SE") -> str:
    roll = rng.random()
    if roll < 0.05:
        return "en"
    return ("nb" if roll < 0.8 else "sv") if country == "NO" else ("sv" if roll < 0.9 else "nb")


def seed_users(seed: Seed) -> Iterator[tuple]:
    password = make_password(PASSWORD)
    users: dict[str, list[tuple]] = {}
    next_id = ids()
    joined = seed.now - timedelta(days=365 * 10)
    for role, (_group, count, minimum) in USERS.items():
        users[role] = []
        for n in range(1, seed.count(count, minimum) + 1):
            first, last = person(seed.rng)
            name = f"{first} {last}"
            language = "sv" if n == 1 else _language(seed.rng)
            pk = next(next_id)
            users[role].append((pk, email_of(role, n), name, language))
            yield (pk, password, None, role == "admin" and n == 1, email_of(role, n), name, language, True, joined)
    seed.data["users"] = users


def seed_user_roles(seed: Seed) -> Iterator[tuple]:
    groups = dict(Group.objects.values_list("name", "pk"))
    next_id = ids()
    for role, (group, _count, _minimum) in USERS.items():
        if group is None:
            continue
        for user in seed.data["users"][role]:
            yield (next(next_id), user[0], groups[group])


def seed_authenticators(seed: Seed) -> Iterator[tuple]:
    """A confirmed TOTP device for every seeded user whose role asks for two factors."""
    next_id = ids()
    for role in TWO_FACTOR_ROLES:
        for user in seed.data["users"][role]:
            # id, user, name, confirmed, key, step, t0, digits, tolerance, drift, last_t,
            # throttling failure timestamp and count, created at
            yield (next(next_id), user[0], "Seeded phone", True, TOTP_KEY, 30, 0, 6, 1, 0, -1, None, 0, seed.now)


def seed_facilitators(seed: Seed) -> Iterator[tuple]:
    facilitators = []
    for pk, user in enumerate(seed.data["users"]["facilitator"], start=1):
        languages = ["sv"] if seed.rng.random() < 0.7 else ["sv", "nb"] if seed.rng.random() < 0.7 else ["nb"]
        facilitators.append((pk, user[0]))
        yield (
            pk,
            user[0],
            seed.rng.choice(LivedExperience.values),
            seed.now - timedelta(days=365),  # consent recorded with the profile
            json.dumps(languages),
            seed.rng.choice(PLACES_SE),
            "",
            True,
            seed.token(),
        )
    seed.data["facilitators"] = facilitators


def seed_organisations(seed: Seed) -> Iterator[tuple]:
    organisations, names = [], set()
    for pk in range(1, seed.count(200) + 1):
        country = Country.NORWAY if seed.rng.random() < 0.3 else Country.SWEDEN
        place = seed.rng.choice(PLACES_NO if country == Country.NORWAY else PLACES_SE)
        kinds = (
            ("{} kommune", "Helse {}", "{} DPS") if country == Country.NORWAY else ("{} kommun", "Region {}", "{} vård")
        )
        name = seed.rng.choice(kinds).format(place)
        while (name, country) in names:
            name = f"{name} {len(names) % 97 + 2}"
        names.add((name, country))
        organisations.append((pk, str(country)))
        yield (pk, name, str(country), seed.now - timedelta(days=3650))
    seed.data["organisations"] = organisations


@dataclass(frozen=True, slots=True)
class WorkplaceRow:
    id: int
    country: str
    time_zone: str
    manager: tuple[str, str, str]  # name, e-mail, language


def seed_workplaces(seed: Seed) -> Iterator[tuple]:
    workplaces = []
    next_id = ids()
    per_organisation = max(1, round(seed.count(1000) / len(seed.data["organisations"])))
    for organisation_id, country in seed.data["organisations"]:
        units = UNITS_NO if country == "NO" else UNITS
        for unit in seed.rng.sample(units, min(per_organisation, len(units))):
            pk = next(next_id)
            first, last = person(seed.rng)
            manager = (
                f"{first} {last}",
                f"{ascii_slug(first)}.{ascii_slug(last)}.w{pk}@{DOMAIN}",
                _language(seed.rng, country),
            )
            workplaces.append(WorkplaceRow(pk, country, Country(country).time_zone, manager))
            yield (
                pk,
                organisation_id,
                unit,
                f"{seed.rng.choice(('Storgatan', 'Kyrkogatan', 'Sjukhusvägen', 'Parkveien'))} {seed.rng.randint(1, 80)}",
                *manager,
                seed.now - timedelta(days=3650),
            )
    seed.data["workplaces"] = workplaces


@dataclass(slots=True)
class CourseRow:
    id: int
    workplace: WorkplaceRow
    coordinator_id: int
    status: str
    half_days: tuple[tuple[datetime, datetime], tuple[datetime, datetime]]
    created_at: datetime

    @property
    def took_place(self) -> bool:
        return self.status in (CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP)


def _at(day: date, hour: int, minute: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz))


def _weekday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _course_status(rng, first: datetime, second_end: datetime, now: datetime) -> str:
    roll = rng.random()
    if second_end < now:
        if roll < 0.07:
            return CourseStatus.CANCELLED
        return (
            CourseStatus.FOLLOWED_UP
            if second_end < now - timedelta(days=200) and roll < 0.9
            else CourseStatus.DELIVERED
        )
    if first < now:  # between the half-days
        return CourseStatus.CONFIRMED
    if first < now + timedelta(days=90):
        return CourseStatus.CONFIRMED if roll < 0.7 else CourseStatus.DRAFT if roll < 0.9 else CourseStatus.CANCELLED
    return CourseStatus.CONFIRMED if roll < 0.35 else CourseStatus.DRAFT if roll < 0.95 else CourseStatus.CANCELLED


def seed_courses(seed: Seed) -> Iterator[tuple]:
    courses = []
    rng = seed.rng
    coordinators = [user[0] for user in seed.data["users"]["coordinator"]]
    today = seed.now.date()
    span = int(365 * (YEARS_BACK + YEARS_AHEAD))
    for pk in range(1, seed.count(5000) + 1):
        workplace = rng.choice(seed.data["workplaces"])
        first_day = _weekday(today - timedelta(days=int(365 * YEARS_BACK)) + timedelta(days=rng.randrange(span)))
        second_day = _weekday(first_day + timedelta(days=rng.choice((7, 14, 21, 28))))
        hour, minute = rng.choice(((8, 30), (9, 0), (13, 0)))
        tz = workplace.time_zone
        first = (_at(first_day, hour, minute, tz), _at(first_day, hour + 4, minute, tz))
        second = (_at(second_day, hour, minute, tz), _at(second_day, hour + 4, minute, tz))
        status = _course_status(rng, first[0], second[1], seed.now)
        created_at = min(first[0] - timedelta(days=rng.randint(30, 150)), seed.now - timedelta(days=1))
        course = CourseRow(pk, workplace, rng.choice(coordinators), status, (first, second), created_at)
        courses.append(course)
        open_ = status in (CourseStatus.DRAFT, CourseStatus.CONFIRMED) and first[0] > seed.now
        yield (
            pk,
            workplace.id,
            f"Room {rng.randint(1, 30)}, {workplace.manager[0].split()[1]}huset",
            course.coordinator_id,
            status,
            "",
            seed.token(),
            open_,
            "",
            "The workplace cancelled." if status == CourseStatus.CANCELLED else "",
            first[0],
            second[0],
            created_at,
            created_at + timedelta(days=rng.randint(0, 20)),
        )
    seed.data["courses"] = courses


def seed_half_days(seed: Seed) -> Iterator[tuple]:
    half_days: dict[int, tuple[int, int]] = {}
    next_id = ids()
    for course in seed.data["courses"]:
        pks = []
        for number, (starts, ends) in enumerate(course.half_days, start=1):
            pk = next(next_id)
            pks.append(pk)
            yield (pk, course.id, number, starts, ends, 0)
        half_days[course.id] = (pks[0], pks[1])
    seed.data["half_days"] = half_days


def seed_half_day_themes(seed: Seed) -> Iterator[tuple]:
    themes = dict(Theme.objects.values_list("number", "pk"))
    next_id = ids()
    for course in seed.data["courses"]:
        first, second = seed.data["half_days"][course.id]
        for number, half_day in ((1, first), (2, first), (3, second), (4, second)):
            yield (next(next_id), course.id, half_day, themes[number])


def seed_assignments(seed: Seed) -> Iterator[tuple]:
    """Two accepted facilitators on every training that is confirmed or took place, never two
    trainings on the same day for one facilitator; drafts have invitations; some declined."""
    rng = seed.rng
    facilitators = [pk for pk, _user in seed.data["facilitators"]]
    busy: dict[int, set[date]] = {pk: set() for pk in facilitators}
    assignments = []
    next_id = ids()
    for course in seed.data["courses"]:
        days = {starts.date() for starts, _ends in course.half_days}
        free = [pk for pk in rng.sample(facilitators, len(facilitators)) if not busy[pk] & days]
        chosen = (free or facilitators)[:3]
        if course.status == CourseStatus.DRAFT:
            statuses = ["invited"] * rng.randint(0, 2)
        else:
            statuses = ["accepted", "accepted"] + (["declined"] if rng.random() < 0.15 else [])
        for facilitator, status in zip(chosen, statuses, strict=False):
            invited_at = course.created_at + timedelta(days=rng.randint(1, 10))
            answered_at = invited_at + timedelta(days=rng.randint(0, 7)) if status != "invited" else None
            if status == "accepted":
                busy[facilitator] |= days
            pk = next(next_id)
            assignments.append((pk, course, facilitator, status, invited_at))
            yield (pk, course.id, facilitator, status, invited_at, answered_at)
    seed.data["assignments"] = assignments


def note(seed: Seed, words: int = 12) -> str:
    return sentence(seed.rng, words)

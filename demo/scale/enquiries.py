"""Contact enquiries over ten years: most closed (and anonymised after the retention period),
the recent ones at every step, each with its face-to-face meeting and history."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from enquiries.models import Status, Topic
from sessions_app.models import Country

from . import Seed, ids
from .names import PLACES_NO, PLACES_SE, ascii_slug, person, sentence
from .trainings import DOMAIN, _language


@dataclass(slots=True)
class EnquiryRow:
    id: int
    name: str
    email: str
    language: str
    time_zone: str
    created_at: datetime
    status: str
    assignee: int | None
    contact_due_at: datetime
    alert_due_at: datetime
    contacted_at: datetime | None
    closed_at: datetime | None
    anonymised: bool
    meeting_at: datetime | None


def _working_days_later(moment: datetime, days: int) -> datetime:
    # Weekends only: near enough for test data (the app itself counts public holidays too).
    while days:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _status(rng, age: timedelta) -> str:
    roll = rng.random()
    if age < timedelta(days=3):
        return Status.NEW if roll < 0.7 else Status.CONTACTED
    if age < timedelta(days=30):
        return rng.choices(Status.values, (1, 3, 3, 2, 1))[0]
    if age < timedelta(days=90):
        return Status.MET if roll < 0.3 else Status.CLOSED
    return Status.CLOSED


def seed_enquiries(seed: Seed) -> Iterator[tuple]:
    rng = seed.rng
    coordinators = [user[0] for user in seed.data["users"]["coordinator"]]
    retention = timedelta(days=30 * settings.ENQUIRY_RETENTION_MONTHS)
    rows = []
    span = 3650 * 24 * 3600
    for pk in range(1, seed.count(20000) + 1):
        created_at = seed.now - timedelta(seconds=rng.uniform(0, span) ** 1.0)
        country = Country.NORWAY if rng.random() < 0.3 else Country.SWEDEN
        tz = Country(country).time_zone
        status = _status(rng, seed.now - created_at)
        first, last = person(rng)
        contact_due = _working_days_later(created_at, settings.ENQUIRY_SLA_REMIND_WORKING_DAYS)
        alert_due = _working_days_later(created_at, settings.ENQUIRY_SLA_ALERT_WORKING_DAYS)
        contacted = None if status == Status.NEW else created_at + timedelta(hours=rng.uniform(2, 60))
        meeting_at = None
        if status in (Status.MEETING_BOOKED, Status.MET) or (status == Status.CLOSED and rng.random() < 0.7):
            contacted = contacted or created_at + timedelta(hours=rng.uniform(2, 60))
            day = (contacted + timedelta(days=rng.randint(3, 20))).date()
            meeting_at = datetime.combine(day, time(rng.choice((9, 10, 13, 14))), tzinfo=ZoneInfo(tz))
            if status == Status.MEETING_BOOKED:
                meeting_at = max(meeting_at, seed.now + timedelta(days=rng.randint(1, 14)))
        closed = None
        if status == Status.CLOSED:
            closed = (meeting_at or contacted or created_at) + timedelta(days=rng.randint(1, 20))
            closed = min(closed, seed.now - timedelta(hours=1))
        anonymised = closed is not None and closed < seed.now - retention
        assignee = rng.choice(coordinators) if status != Status.NEW or rng.random() < 0.5 else None
        row = EnquiryRow(
            pk,
            "" if anonymised else f"{first} {last}",
            "" if anonymised else f"{ascii_slug(first)}.{ascii_slug(last)}.e{pk}@{DOMAIN}",
            _language(rng, country),
            tz,
            created_at,
            status,
            assignee,
            contact_due,
            alert_due,
            contacted,
            closed,
            anonymised,
            meeting_at,
        )
        rows.append(row)
        place = rng.choice(PLACES_NO if country == Country.NORWAY else PLACES_SE)
        yield (
            pk,
            row.name,
            row.email,
            "" if anonymised or rng.random() < 0.5 else f"070-{rng.randint(1000000, 9999999)}",
            f"{place} {rng.choice(('kommun', 'vård', 'DPS', 'region'))}",
            str(country),
            rng.choices(Topic.values, (6, 2, 1, 1))[0],
            "" if anonymised else sentence(rng, rng.randint(10, 80)),
            "" if anonymised else rng.choice(("", "Förmiddagar", "Tisdagar och torsdagar", "Efter 13")),
            row.language,
            created_at,
            status,
            assignee,
            created_at,
            contacted,
            closed,
            contact_due,
            alert_due,
            closed + retention if anonymised else None,
            None,
        )
    seed.data["enquiries"] = rows


def seed_enquiry_meetings(seed: Seed) -> Iterator[tuple]:
    meetings = []
    for enquiry in seed.data["enquiries"]:
        if enquiry.meeting_at is None:
            continue
        pk = len(meetings) + 1
        held = enquiry.status in (Status.MET, Status.CLOSED) and enquiry.meeting_at < seed.now
        meetings.append((pk, enquiry))
        yield (
            pk,
            enquiry.id,
            enquiry.meeting_at,
            seed.rng.choice((60, 60, 90, 120)),
            "" if enquiry.anonymised else f"{seed.rng.choice(PLACES_SE)}, the enquirer's workplace",
            seed.rng.randint(0, 1),
            enquiry.meeting_at + timedelta(hours=2) if held else None,
            "" if enquiry.anonymised or not held else sentence(seed.rng, 20),
        )
    seed.data["enquiry_meetings"] = meetings


def seed_enquiry_meeting_attendees(seed: Seed) -> Iterator[tuple]:
    coordinators = [user[0] for user in seed.data["users"]["coordinator"]]
    next_id = ids()
    for pk, enquiry in seed.data["enquiry_meetings"]:
        attendees = {enquiry.assignee or coordinators[0]}
        if seed.rng.random() < 0.4:
            attendees.add(seed.rng.choice(coordinators))
        for user in sorted(attendees):
            yield (next(next_id), pk, user)


def seed_enquiry_events(seed: Seed) -> Iterator[tuple]:
    next_id = ids()
    for enquiry in seed.data["enquiries"]:
        yield (next(next_id), enquiry.id, "received", None, enquiry.created_at, "", "", "")
        actor = enquiry.assignee
        if actor is not None:
            yield (next(next_id), enquiry.id, "assigned", actor, enquiry.created_at + timedelta(hours=1), "", "", "")
        path = [Status.NEW]
        if enquiry.contacted_at is not None:
            path.append(Status.CONTACTED)
        if enquiry.meeting_at is not None:
            path.append(Status.MEETING_BOOKED)
            if enquiry.status in (Status.MET, Status.CLOSED) and enquiry.meeting_at < seed.now:
                path.append(Status.MET)
        if enquiry.status == Status.CLOSED:
            path.append(Status.CLOSED)
        moment = enquiry.contacted_at or enquiry.created_at
        for before, after in zip(path, path[1:], strict=False):
            if after == Status.MET:
                moment = enquiry.meeting_at + timedelta(hours=2)
            elif after == Status.CLOSED:
                moment = enquiry.closed_at
            yield (next(next_id), enquiry.id, "status_changed", actor, moment, before, after, "")
            moment += timedelta(minutes=5)
        if not enquiry.anonymised and seed.rng.random() < 0.5:
            yield (
                next(next_id),
                enquiry.id,
                "note",
                actor,
                enquiry.created_at + timedelta(hours=3),
                "",
                "",
                sentence(seed.rng, 15),
            )

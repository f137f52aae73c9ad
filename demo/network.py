"""Demo network cases: the demo clinician on two cases (one with a network of six, two held
meetings and a booked one; one new case past the 24-hour mark), and a second clinician's case
that the demo clinician cannot see."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from network import services
from network.models import Agreement, Case, Closeness, ContactSource, NetworkMeeting, Place, Relation, Service


def _member(case: Case, by: User, name: str, relation: str, closeness: int, *, agreed=Agreement.YES, **fields):
    return services.member_add(
        case,
        by=by,
        name=name,
        relation=relation,
        closeness=closeness,
        invite_agreement=agreed,
        language=fields.pop("language", "sv"),
        **fields,
    )


def _held(case: Case, by: User, *, starts_at, members, steps: list[tuple[str, str]]) -> NetworkMeeting:
    """A meeting in the past, recorded as held (demo history: booked ahead, then moved back)."""
    meeting = services.meeting_book(
        case, by=by, starts_at=timezone.now() + timedelta(days=1), place=Place.HOME, members=members
    )
    NetworkMeeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at)
    meeting.refresh_from_db()
    services.meeting_record(
        meeting,
        by=by,
        attended={a.pk: True for a in meeting.attendees.all()},
        next_steps=[services.NextStepInput(text, who) for text, who in steps],
    )
    return meeting


def load_network(accounts: dict[str, User]) -> None:
    maria = accounts["clinician@demo.dialogkurs.se"]
    jonas = accounts["clinician2@demo.dialogkurs.se"]
    now = timezone.now()
    if not maria.network_memberships.exists():
        first_contact = (now - timedelta(days=20)).replace(hour=15, minute=10, second=0, microsecond=0)
        case = services.case_create(
            by=maria,
            name="Elin Sandberg",
            clinicians=[maria, jonas],
            first_contact_at=first_contact,
            contact_source=ContactSource.NETWORK,
            phone="070-123 45 67",
            email="elin.sandberg@demo-network.example",
            address="Storgatan 12, 903 26 Umeå",
            reminders_agreed=True,
            now=first_contact + timedelta(minutes=20),
        )
        mother = _member(
            case,
            maria,
            "Anna Sandberg",
            Relation.PARENT,
            Closeness.CLOSE,
            email="anna.sandberg@demo-network.example",
            reminders_agreed=True,
        )
        brother = _member(
            case,
            maria,
            "Oskar Sandberg",
            Relation.SIBLING,
            Closeness.CLOSE,
            email="oskar.sandberg@demo-network.example",
        )
        friend = _member(
            case,
            maria,
            "Sofia Lind",
            Relation.FRIEND,
            Closeness.MIDDLE,
            email="sofia.lind@demo-network.example",
            reminders_agreed=True,
        )
        _member(case, maria, "Per Olofsson", Relation.NEIGHBOUR, Closeness.DISTANT, agreed=Agreement.NOT_ASKED)
        _member(
            case,
            maria,
            "Karin Ek",
            Relation.WORK_SCHOOL,
            Closeness.MIDDLE,
            agreed=Agreement.NO,
            organisation="Umeå kommun, fritidsförvaltningen",
        )
        doctor = _member(
            case,
            maria,
            "Dr. Lars Berg",
            Relation.PROFESSIONAL,
            Closeness.DISTANT,
            service=Service.GP,
            organisation="Ålidhems vårdcentral",
            email="lars.berg@demo-network.example",
        )
        _held(
            case,
            maria,
            starts_at=first_contact + timedelta(hours=19),
            members=[mother, brother],
            steps=[
                ("Elin sover hemma hos mamma de närmaste nätterna.", "Anna"),
                ("Nytt möte om en vecka, hemma hos Elin.", "Maria"),
            ],
        )
        _held(
            case,
            maria,
            starts_at=first_contact + timedelta(days=8),
            members=[mother, brother, friend, doctor],
            steps=[
                ("Elin och Lars går igenom medicinen tillsammans.", "Lars"),
                ("Sofia följer med Elin till gymmet på tisdagar.", "Sofia"),
            ],
        )
        services.meeting_book(
            case,
            by=maria,
            starts_at=(now + timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0),
            place=Place.HOME,
            members=[mother, friend],
        )
        services.case_create(
            by=maria,
            name="Mikael Andersson",
            clinicians=[maria],
            first_contact_at=now - timedelta(hours=27),
            contact_source=ContactSource.PERSON,
            phone="073-987 65 43",
            now=now - timedelta(hours=26),
        )
    if not Case.objects.filter(created_by=jonas).exists():
        services.case_create(
            by=jonas,
            name="Ingrid Hansen",
            clinicians=[jonas],
            first_contact_at=now - timedelta(days=3),
            contact_source=ContactSource.PROFESSIONAL,
            country="NO",
            language="nb",
            now=now - timedelta(days=3),
        )

"""The idea workshop of the demo's delivered training: an outcome with proposals at different
stages, one recorded follow-up meeting, and enough anonymous evaluation answers to show."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from evaluations import services as services_evaluation
from participants.models import Registration, RegistrationStatus
from sessions_app.models import Course, CourseStatus, RecoveryDomain
from workshops import services as services_workshop
from workshops.models import FollowUpMeeting, RaisedBy, WorkshopOutcome
from workshops.services import ProposalProgress

PROPOSALS = [
    # text, area, domains, raised by, owner, e-mail, due in days, status at follow-up 1, note
    (
        "Bjud in personens eget nätverk till det första mötet, om personen vill det.",
        "treatment",
        [RecoveryDomain.WORKING_RELATIONSHIP, RecoveryDomain.PERSONALLY_DEFINED_RECOVERY],
        [RaisedBy.STAFF, RaisedBy.LIVED_EXPERIENCE],
        "Lena Strand",
        "lena.strand@demo.dialogkurs.se",
        60,
        "done",
        "Ingår i rutinen för nya kontakter sedan förra månaden.",
    ),
    (
        "En peer-supporter i teamet två dagar i veckan.",
        "participation",
        [RecoveryDomain.ORGANISATIONAL_COMMITMENT],
        [RaisedBy.LIVED_EXPERIENCE, RaisedBy.RELATIVE],
        "Anders Nyberg",
        "anders.nyberg@demo.dialogkurs.se",
        150,
        "in_progress",
        "Tjänsten är utannonserad; intervjuer om tre veckor.",
    ),
    (
        "Anhöriga får en namngiven kontaktperson och blir uppringda inom ett dygn.",
        "routines",
        [RecoveryDomain.WORKING_RELATIONSHIP, RecoveryDomain.ORGANISATIONAL_COMMITMENT],
        [RaisedBy.RELATIVE],
        "Sofia Lindgren",
        "sofia.lindgren@demo.dialogkurs.se",
        90,
        "proposed",
        "Inte påbörjat: väntar på det nya telefonisystemet.",
    ),
    (
        "Håll veckogruppen på biblioteket i stället för på mottagningen.",
        "other",
        [RecoveryDomain.CITIZENSHIP],
        [RaisedBy.STAFF],
        "Anders Nyberg",
        "anders.nyberg@demo.dialogkurs.se",
        45,
        "dropped",
        "Biblioteket kan inte låna ut lokalen på kvällarna.",
    ),
]
# Anonymous answers: (working relationship, personally defined recovery, organisational
# commitment, citizenship, comment).
ANSWERS = [
    (5, 4, 3, 4, "Berättelserna från personer med egen erfarenhet stannade kvar hos mig."),
    (4, 4, 3, 3, ""),
    (5, 5, 4, 4, "Mer tid till idéverkstaden, tack."),
    (4, 3, 2, 3, ""),
    (5, 4, 4, 5, "Bra att hela arbetsgruppen var med samtidigt."),
    (3, 4, 3, 3, ""),
    (4, 5, 3, 4, ""),
    (5, 4, 2, 4, "Jag hoppas att chefen följer upp det här."),
    (4, 4, 3, 3, ""),
]


def load_workshop(accounts: dict[str, User]) -> None:
    course = (
        Course.objects.filter(status=CourseStatus.DELIVERED, workplace__name="Psykiatrisk öppenvård Umeå")
        .order_by("pk")
        .first()
    )
    if course is None or WorkshopOutcome.objects.filter(course=course).exists():
        return  # no demo training, or already loaded
    facilitator = accounts["facilitator@demo.dialogkurs.se"]
    held_on = timezone.localdate(course.half_days.get(number=2).starts_at)
    proposals = [
        services_workshop.proposal_save(
            course,
            by=facilitator,
            text=text,
            area=area,
            recovery_domains=domains,
            raised_by=raised_by,
            owner_name=owner,
            owner_email=email,
            due_date=held_on + timedelta(days=due_in),
        )
        for text, area, domains, raised_by, owner, email, due_in, _status, _note in PROPOSALS
    ]
    services_workshop.outcome_save_notes(
        course, notes="Livlig diskussion om väntetider och om hur anhöriga blir bemötta.", by=facilitator
    )
    services_workshop.outcome_submit(course, by=facilitator)

    # The training was only a month ago, so the demo's first follow-up is pretended to have
    # been held a few days ago: moved there, then recorded through the service.
    first = FollowUpMeeting.objects.get(course=course, number=1)
    FollowUpMeeting.objects.filter(pk=first.pk).update(
        starts_at=timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=3), time(10, 0)))
    )
    services_workshop.followup_record(
        first,
        by=accounts["coordinator@demo.dialogkurs.se"],
        progress={
            proposal.pk: ProposalProgress(status, note)
            for proposal, (*_rest, status, note) in zip(proposals, PROPOSALS, strict=True)
        },
        attendees="Lena Strand\nAnders Nyberg\nSofia Lindgren\nKarin Lindqvist",
        notes="Till nästa gång: peer-supportertjänsten och telefonisystemet.",
    )
    _load_evaluation(course)


def _load_evaluation(course: Course) -> None:
    """Answers through the real links of the first participants, as if they had clicked."""
    registrations = Registration.objects.filter(course=course, status=RegistrationStatus.CONFIRMED).order_by("pk")
    for registration, (relationship, recovery, commitment, citizenship, comment) in zip(
        registrations, ANSWERS, strict=False
    ):
        services_evaluation.evaluation_link_issue(registration)
        services_evaluation.evaluation_answer(
            services_evaluation.evaluation_token(registration),
            answers={
                "working_relationship": relationship,
                "personally_defined_recovery": recovery,
                "organisational_commitment": commitment,
                "citizenship": citizenship,
            },
            comment=comment,
        )

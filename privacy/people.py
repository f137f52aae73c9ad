"""Everything dialogkurs holds about one person, found by e-mail address (GDPR art. 15 and 20).

One function per role the person can have; ``person_data`` puts them together for the page and
the JSON download. Network cases are not searched here: their people's details are encrypted
and the case's team answers the index person's and members' requests with the case export
(``network`` app, README "Network records").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.log import HEALTH_FIELDS
from enquiries.models import Enquiry, EnquiryEvent
from participants.models import Attendance, Participant, Registration
from reminders.models import ScheduledMessage
from sessions_app.models import Course, Facilitator, FacilitatorAssignment, Workplace
from workshops.models import FollowUpMeeting, ImprovementProposal

HEALTH_PLACEHOLDER = _("held (health-related: only in the download for the person)")


@dataclass
class Record:
    """One row held about the person: its kind, its number and its fields (name → value)."""

    model: type[Model]
    pk: int
    fields: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)

    def labelled(self) -> list[tuple[str, Any]]:
        """For the page: health-related values are not shown to the administrator (DESIGN §8);
        they are in the JSON download the person receives."""
        health = HEALTH_FIELDS.get(self.model._meta.label_lower, ())
        return [
            (
                _label(self.model, name),
                HEALTH_PLACEHOLDER
                if name in health and value
                else (", ".join(map(str, value)) if isinstance(value, list) else value),
            )
            for name, value in self.fields.items()
        ]


@dataclass
class Section:
    key: str
    title: str
    records: list[Record] = field(default_factory=list)


def _label(model: type[Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name.replace("_", " ")


def _display(obj: Model, name: str) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    if getter is not None:
        return str(getter())
    value = getattr(obj, name)
    if isinstance(value, Model):
        return str(value.pk)
    return value


def _record(obj: Model, names: list[str], **more) -> Record:
    return Record(type(obj), obj.pk, {**{name: _display(obj, name) for name in names}, **more})


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def _email_q(field_name: str, email: str) -> Q:
    return Q(**{f"{field_name}_lower": email})


def users(email: str) -> list[User]:
    return list(User.objects.alias(email_lower=Lower("email")).filter(email_lower=email).prefetch_related("groups"))


def participants(email: str) -> list[Participant]:
    return list(Participant.objects.alias(email_lower=Lower("email")).filter(email_lower=email))


def enquiries(email: str) -> list[Enquiry]:
    return list(Enquiry.objects.alias(email_lower=Lower("email")).filter(email_lower=email).order_by("pk"))


def owned_proposals(email: str) -> list[ImprovementProposal]:
    return list(
        ImprovementProposal.objects.alias(email_lower=Lower("owner_email"))
        .filter(email_lower=email)
        .select_related("outcome__course")
        .order_by("pk")
    )


def managed_workplaces(email: str) -> list[Workplace]:
    return list(Workplace.objects.alias(email_lower=Lower("manager_email")).filter(email_lower=email).order_by("pk"))


def messages(email: str) -> list[ScheduledMessage]:
    # The outbox keeps addresses in lower case.
    return list(ScheduledMessage.objects.filter(recipient=email).order_by("due_at", "pk"))


def person_data(email: str) -> list[Section]:
    """Every section that holds something about ``email`` (empty sections left out)."""
    email = normalise(email)
    sections: list[Section] = []

    accounts = Section("user", str(_("User account")))
    facilitator = Section("facilitator", str(_("Facilitator")))
    staff_work = Section("staff", str(_("Work as staff")))
    for user in users(email):
        accounts.records.append(
            _record(
                user,
                ["email", "full_name", "language", "is_active", "date_joined", "last_login"],
                roles=sorted(group.name for group in user.groups.all()),
            )
        )
        profile = Facilitator.objects.filter(user=user).first()
        if profile is not None:
            names = [f.name for f in Facilitator._meta.concrete_fields if f.name not in ("id", "user", "ical_token")]
            facilitator.records.append(_record(profile, names))
            for assignment in FacilitatorAssignment.objects.filter(facilitator=profile).order_by("pk"):
                facilitator.records.append(_record(assignment, ["course", "status", "invited_at", "answered_at"]))
        for course in Course.objects.filter(coordinator=user).order_by("pk"):
            staff_work.records.append(_record(course, ["status", "workplace"], role=str(_("coordinator"))))
        for enquiry_id in Enquiry.objects.filter(assignee=user).values_list("pk", flat=True):
            staff_work.records.append(Record(Enquiry, enquiry_id, {"role": str(_("assignee"))}))
        notes = EnquiryEvent.objects.filter(actor=user).count()
        if notes:
            staff_work.records.append(Record(EnquiryEvent, 0, {"count": notes}))
    sections += [accounts, facilitator, staff_work]

    participant_section = Section("participant", str(_("Participant")))
    for participant in participants(email):
        participant_section.records.append(
            _record(participant, ["name", "email", "workplace", "language", "perspective", "created_at"])
        )
        for registration in Registration.objects.filter(participant=participant).order_by("pk"):
            participant_section.records.append(
                _record(
                    registration,
                    ["course", "status", "source", "queued_at", "consent_given_at", "promoted_at", "cancelled_at"],
                )
            )
            for attendance in Attendance.objects.filter(registration=registration).select_related("half_day"):
                participant_section.records.append(
                    Record(
                        Attendance,
                        attendance.pk,
                        {"half_day": attendance.half_day.number, "present": attendance.present},
                    )
                )
    sections.append(participant_section)

    enquirer = Section("enquirer", str(_("Contact enquiries")))
    for enquiry in enquiries(email):
        enquirer.records.append(
            _record(
                enquiry,
                ["name", "email", "phone", "organisation", "country", "topic", "message", "preferred_times"]
                + ["language", "consented_at", "status", "created_at", "closed_at", "anonymised_at"],
            )
        )
    sections.append(enquirer)

    owner = Section("proposal_owner", str(_("Owner of improvement proposals")))
    for proposal in owned_proposals(email):
        owner.records.append(
            _record(
                proposal, ["owner_name", "owner_email", "text", "status", "due_date"], course=proposal.outcome.course_id
            )
        )
    sections.append(owner)

    manager = Section("workplace_manager", str(_("Workplace manager")))
    for workplace in managed_workplaces(email):
        manager.records.append(_record(workplace, ["name", "manager_name", "manager_email", "manager_language"]))
        for meeting in FollowUpMeeting.objects.filter(course__workplace=workplace).order_by("pk"):
            if workplace.manager_name and workplace.manager_name in meeting.attendees:
                manager.records.append(_record(meeting, ["course", "starts_at", "attendees"]))
    sections.append(manager)

    recipient = Section("messages", str(_("E-mails to this address")))
    for message in messages(email):
        recipient.records.append(
            _record(message, ["kind", "recipient", "recipient_name", "language", "due_at", "status", "sent_at"])
        )
    sections.append(recipient)
    return [section for section in sections if section.records]


def person_json(email: str) -> dict:
    """The same as ``person_data``, machine-readable (art. 20)."""
    return {
        "email": normalise(email),
        "sections": {
            section.key: [
                {"kind": record.model._meta.label_lower, "id": record.pk, **record.fields} for record in section.records
            ]
            for section in person_data(email)
        },
        "not_included": "network cases: asked of the case's team (the case export)",
    }

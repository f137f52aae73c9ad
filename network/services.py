"""Every write that matters for network cases: one function per state change.

Each service locks the case row first (``_lock``: one lock per transaction, always the case,
so two services never wait on each other in a different order), re-checks what it was asked
to change, writes the change and its history row, and re-plans the messages in the same
transaction. E-mails leave through the reminders outbox after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role

from . import planners
from .models import (
    Agreement,
    Attendee,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ContactSource,
    MeetingStatus,
    NetworkMeeting,
    NetworkMember,
    NextStep,
    Place,
    Relation,
    Service,
    TeamMembership,
)
from .permissions import may_be_invited

PERSON_FIELDS = ("name", "date_of_birth", "phone", "email", "address", "language", "reminders_agreed", "country")


def _lock(case: Case) -> Case:
    """The case re-read under a row lock: the checks that follow see the truth."""
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _event(case: Case, kind: str, *, by: User | None, detail: str = "", now: datetime | None = None) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=by, detail=detail[:300], created_at=now or timezone.now())


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_("This case is closed."), code="closed")


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


def _check_clinicians(clinicians: Sequence[User]) -> None:
    if not clinicians:
        raise ValidationError(_("Choose at least one network clinician for the team."), code="no_team")
    for user in clinicians:
        if not (user.is_active and user.has_role(Role.NETWORK_CLINICIAN)):
            raise ValidationError(
                _("%(name)s is not an active network clinician.") % {"name": user.full_name or user.email},
                code="not_clinician",
            )


def current_team(case: Case) -> list[User]:
    return [
        m.clinician
        for m in TeamMembership.objects.filter(case=case, ended_at=None).select_related("clinician").order_by("pk")
    ]


# --- Cases -------------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    by: User,
    name: str,
    clinicians: Sequence[User],
    first_contact_at: datetime | None = None,
    contact_source: str = ContactSource.PERSON,
    country: str = "SE",
    language: str = "sv",
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    reminders_agreed: bool = False,
    enquiry=None,
    now: datetime | None = None,
) -> Case:
    """Open a case for the index person, with its first team.

    Side effects: the Case row (first contact defaults to now); a team membership per
    clinician; a "created" history row; the first-meeting alert planned for
    NETWORK_FIRST_MEETING_ALERT_HOURS after the first contact (cancelled once a meeting is booked).
    """
    now = now or timezone.now()
    clinicians = list(dict.fromkeys(clinicians))
    _check_clinicians(clinicians)
    first_contact_at = first_contact_at or now
    if first_contact_at > now:
        raise ValidationError({"first_contact_at": _("The first contact cannot be in the future.")})
    case = Case(
        name=_clean_text(name),
        date_of_birth=date_of_birth,
        phone=_clean_text(phone),
        email=_clean_text(email),
        address=_clean_text(address),
        language=language,
        reminders_agreed=reminders_agreed and bool(_clean_text(email)),
        country=country,
        first_contact_at=first_contact_at,
        contact_source=contact_source,
        created_by=by,
        created_at=now,
        enquiry=enquiry,
    )
    case.full_clean()
    case.save()
    TeamMembership.objects.bulk_create(
        [TeamMembership(case=case, clinician=user, started_at=now, added_by=by) for user in clinicians]
    )
    _event(case, CaseEventKind.CREATED, by=by, now=now)
    planners.replan_case(case)
    return case


@transaction.atomic
def case_update_person(case: Case, *, by: User, **fields) -> Case:
    """Change the index person's details (name, date of birth, contact details, language, country,
    agreement to reminders).

    Side effects: the changed fields saved; a history row naming the changed fields (never their
    values); the meetings' reminders re-planned (the agreement or the address may have changed).
    """
    case = _lock(case)
    _require_open(case)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of the index person: {sorted(unknown)}")
    for name in ("name", "phone", "email", "address"):
        if name in fields:
            fields[name] = _clean_text(fields[name])
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, fields[name])
    if not case.email and case.reminders_agreed:
        case.reminders_agreed = False
        changed.append("reminders_agreed")
    if not changed:
        return case
    case.full_clean()
    case.save(update_fields=sorted(set(changed)))
    _event(case, CaseEventKind.DETAILS_CHANGED, by=by, detail=", ".join(sorted(set(changed))))
    _replan_meetings(case)
    return case


@transaction.atomic
def case_close(case: Case, *, by: User, reason: str) -> Case:
    """open → closed. A reason is required; the retention period runs from the closing.

    Side effects: closed time, reason and who; booked meetings cancelled (their invitees told);
    the first-meeting alert cancelled; a "closed" history row.
    """
    case = _lock(case)
    _require_open(case)
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the case is closed.")}, code="reason_required")
    now = timezone.now()
    for meeting in case.meetings.filter(status=MeetingStatus.BOOKED):
        _cancel_meeting(case, meeting, by=by, now=now)
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.closed_reason = reason
    case.closed_by = by
    case.full_clean()
    case.save(update_fields=["status", "closed_at", "closed_reason", "closed_by"])
    _event(case, CaseEventKind.CLOSED, by=by, now=now)
    planners.replan_case(case)
    return case


# --- The team ----------------------------------------------------------------------------------


@transaction.atomic
def team_add(case: Case, clinician: User, *, by: User, reason: str) -> TeamMembership:
    """Put ``clinician`` on the case's team. The same people throughout is the aim, so a change
    needs a reason.

    Side effects: a membership from now; a history row; the other current members told by e-mail.
    """
    case = _lock(case)
    _require_open(case)
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the team changes.")}, code="reason_required")
    _check_clinicians([clinician])
    if TeamMembership.objects.filter(case=case, clinician=clinician, ended_at=None).exists():
        raise ValidationError(_("%(name)s is already on the team.") % {"name": clinician.full_name}, code="member")
    others = current_team(case)
    membership = TeamMembership.objects.create(case=case, clinician=clinician, added_by=by, start_reason=reason)
    _event(case, CaseEventKind.TEAM_JOINED, by=by, detail=clinician.full_name)
    planners.enqueue_team_changed(case, membership, recipients=[u for u in others if u.pk != by.pk])
    for meeting in case.meetings.filter(status=MeetingStatus.BOOKED):
        Attendee.objects.get_or_create(meeting=meeting, clinician=clinician)
    return membership


@transaction.atomic
def team_remove(membership: TeamMembership, *, by: User, reason: str) -> TeamMembership:
    """End a clinician's membership of the team (kept as history). A case keeps at least one
    team member; a change needs a reason.

    Side effects: the membership's end and reason; a history row; the other current members told
    by e-mail; the leaver's place at booked meetings removed (they get no more messages).
    """
    case = _lock(membership.case)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the team changes.")}, code="reason_required")
    if not membership.is_current:
        raise ValidationError(_("This clinician has already left the team."), code="ended")
    if TeamMembership.objects.filter(case=case, ended_at=None).count() <= 1:
        raise ValidationError(
            _("The case needs at least one team member: add the new one before removing the last."), code="last"
        )
    membership.ended_at = timezone.now()
    membership.end_reason = reason
    membership.ended_by = by
    membership.save(update_fields=["ended_at", "end_reason", "ended_by"])
    _event(case, CaseEventKind.TEAM_LEFT, by=by, detail=membership.clinician.full_name)
    Attendee.objects.filter(
        meeting__case=case, meeting__status=MeetingStatus.BOOKED, clinician=membership.clinician
    ).delete()
    others = [u for u in current_team(case) if u.pk != by.pk]
    planners.enqueue_team_changed(case, membership, recipients=others)
    return membership


# --- The network ------------------------------------------------------------------------------


MEMBER_FIELDS = ("name", "relation", "service", "organisation", "phone", "email", "language", "closeness")


def _member_fields(data: dict) -> dict:
    fields = {name: data[name] for name in MEMBER_FIELDS if name in data}
    for name in ("name", "organisation", "phone", "email"):
        if name in fields:
            fields[name] = _clean_text(fields[name])
    if fields.get("relation") not in (None, Relation.PROFESSIONAL):
        fields["service"] = Service.NONE
    return fields


def _set_agreements(member: NetworkMember, *, by: User, now: datetime, invite: str | None, reminders: bool | None):
    """Record the index person's answers; returns the changed field names."""
    changed = []
    if invite is not None and invite != member.invite_agreement:
        member.invite_agreement = invite
        member.invite_agreement_at = now if invite != Agreement.NOT_ASKED else None
        member.invite_agreement_by = by if invite != Agreement.NOT_ASKED else None
        changed += ["invite_agreement", "invite_agreement_at", "invite_agreement_by"]
    wanted = bool(reminders) if reminders is not None else member.reminders_agreed
    if member.invite_agreement != Agreement.YES or not member.email:
        wanted = False  # no reminders to someone who may not be invited
    if wanted != member.reminders_agreed:
        member.reminders_agreed = wanted
        member.reminders_agreed_at = now
        member.reminders_agreed_by = by
        changed += ["reminders_agreed", "reminders_agreed_at", "reminders_agreed_by"]
    return changed


@transaction.atomic
def member_add(
    case: Case, *, by: User, invite_agreement: str = Agreement.NOT_ASKED, reminders_agreed: bool = False, **data
) -> NetworkMember:
    """Add someone to the index person's network, with the person's agreement to invite them
    and to remind them.

    Side effects: the member row (when and by whom each agreement was recorded); a history row.
    """
    case = _lock(case)
    _require_open(case)
    now = timezone.now()
    member = NetworkMember(case=case, created_at=now, **_member_fields(data))
    _set_agreements(member, by=by, now=now, invite=invite_agreement, reminders=reminders_agreed)
    member.full_clean()
    member.save()
    _event(case, CaseEventKind.MEMBER_ADDED, by=by, now=now)
    return member


@transaction.atomic
def member_update(
    member: NetworkMember,
    *,
    by: User,
    invite_agreement: str | None = None,
    reminders_agreed: bool | None = None,
    **data,
) -> NetworkMember:
    """Change a network member's details or the index person's agreements.

    Side effects: the changed fields (an agreement with when and by whom); a history row naming
    the changed fields; when an agreement is withdrawn, the member is taken off the booked
    meetings and their planned messages are stopped.
    """
    case = _lock(member.case)
    _require_open(case)
    member = NetworkMember.objects.get(pk=member.pk)
    if member.is_erased:
        raise ValidationError(_("This person was removed from the network at their request."), code="erased")
    now = timezone.now()
    fields = _member_fields(data)
    changed = [name for name, value in fields.items() if getattr(member, name) != value]
    for name in changed:
        setattr(member, name, fields[name])
    agreement_changes = _set_agreements(member, by=by, now=now, invite=invite_agreement, reminders=reminders_agreed)
    if not changed and not agreement_changes:
        return member
    member.full_clean()
    member.save(update_fields=changed + agreement_changes)
    if changed:
        _event(case, CaseEventKind.MEMBER_CHANGED, by=by, now=now, detail=", ".join(changed))
    if agreement_changes:
        _event(case, CaseEventKind.AGREEMENT_RECORDED, by=by, now=now)
    if not may_be_invited(member):
        Attendee.objects.filter(member=member, meeting__status=MeetingStatus.BOOKED).delete()
    _replan_meetings(case)
    return member


# --- Meetings ---------------------------------------------------------------------------------


def _check_invitees(case: Case, members: Iterable[NetworkMember]) -> list[NetworkMember]:
    members = list(members)
    for member in members:
        if member.case_id != case.pk:
            raise ValidationError(_("Only people in this case's network can be invited."), code="other_case")
        if not may_be_invited(member):
            raise ValidationError(
                _("%(name)s cannot be invited: the index person has not agreed, or there is no e-mail address.")
                % {"name": member.name},
                code="no_agreement",
            )
    return members


def _check_when(starts_at: datetime, duration_minutes: int, place: str, place_detail: str) -> None:
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The meeting must be in the future.")}, code="past")
    if place in (Place.VIDEO, Place.OTHER) and not place_detail:
        raise ValidationError(
            {"place_detail": _("Give the video link or the address of the place.")}, code="place_detail"
        )


@transaction.atomic
def meeting_book(
    case: Case,
    *,
    by: User,
    starts_at: datetime,
    duration_minutes: int = NetworkMeeting.DEFAULT_MINUTES,
    place: str,
    place_detail: str = "",
    members: Iterable[NetworkMember] = (),
    index_person_invited: bool = True,
) -> NetworkMeeting:
    """Book a network meeting. The index person decides who is invited: only members with their
    agreement (and an e-mail address) can be.

    Side effects: the meeting with its attendees (the index person, the invited members and the
    current team); a history row; an invitation with an .ics to the index person, each invited
    member and each team member, after commit; a reminder the day before to those who agreed to
    reminders; the first-meeting alert cancelled.
    """
    case = _lock(case)
    _require_open(case)
    place_detail = _clean_text(place_detail)
    _check_when(starts_at, duration_minutes, place, place_detail)
    members = _check_invitees(case, members)
    meeting = NetworkMeeting(
        case=case,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        place_detail=place_detail,
        booked_by=by,
    )
    meeting.full_clean()
    meeting.save()
    Attendee.objects.bulk_create(
        [Attendee(meeting=meeting, is_index_person=True, invited=index_person_invited)]
        + [Attendee(meeting=meeting, member=member) for member in members]
        + [Attendee(meeting=meeting, clinician=user) for user in current_team(case)]
    )
    _event(case, CaseEventKind.MEETING_BOOKED, by=by, detail=str(meeting.pk))
    planners.replan_meeting(meeting)
    planners.replan_case(case)
    planners.enqueue_invitations(meeting)
    return meeting


@transaction.atomic
def meeting_change(
    meeting: NetworkMeeting,
    *,
    by: User,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    place_detail: str = "",
    members: Iterable[NetworkMember] = (),
    index_person_invited: bool = True,
) -> NetworkMeeting:
    """Move a booked meeting or change who is invited.

    Side effects: the meeting's time and place (its calendar sequence bumped when either
    changed: everyone invited gets a new invitation that replaces the old calendar entry); newly
    invited members get an invitation, members no longer invited a cancellation; the reminders
    moved; a history row.
    """
    case = _lock(meeting.case)
    _require_open(case)
    meeting = NetworkMeeting.objects.get(pk=meeting.pk)
    if not meeting.can_be_changed:
        raise ValidationError(_("Only a booked meeting can be changed."), code="not_booked")
    place_detail = _clean_text(place_detail)
    _check_when(starts_at, duration_minutes, place, place_detail)
    members = _check_invitees(case, members)
    before = planners.invitation_recipients(meeting)
    moved = (meeting.starts_at, meeting.duration_minutes, meeting.place, meeting.place_detail) != (
        starts_at,
        duration_minutes,
        place,
        place_detail,
    )
    meeting.starts_at, meeting.duration_minutes = starts_at, duration_minutes
    meeting.place, meeting.place_detail = place, place_detail
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=["starts_at", "duration_minutes", "place", "place_detail", "sequence"])
    wanted = {m.pk for m in members}
    meeting.attendees.filter(member__isnull=False).exclude(member__in=wanted).delete()
    have = set(meeting.attendees.filter(member__isnull=False).values_list("member_id", flat=True))
    Attendee.objects.bulk_create([Attendee(meeting=meeting, member=m) for m in members if m.pk not in have])
    meeting.attendees.filter(is_index_person=True).update(invited=index_person_invited)
    _event(case, CaseEventKind.MEETING_MOVED, by=by, detail=str(meeting.pk))
    planners.replan_meeting(meeting)
    after = planners.invitation_recipients(meeting)
    planners.enqueue_invitations(meeting)  # new recipients, or everyone after a move
    planners.enqueue_cancellations(meeting, [r for r in before if r.email not in {a.email for a in after}])
    return meeting


def _cancel_meeting(case: Case, meeting: NetworkMeeting, *, by: User, now: datetime) -> None:
    recipients = planners.invitation_recipients(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = now
    meeting.save(update_fields=["status", "cancelled_at"])
    _event(case, CaseEventKind.MEETING_CANCELLED, by=by, now=now, detail=str(meeting.pk))
    planners.replan_meeting(meeting)
    planners.enqueue_cancellations(meeting, recipients)


@transaction.atomic
def meeting_cancel(meeting: NetworkMeeting, *, by: User) -> NetworkMeeting:
    """Cancel a booked meeting.

    Side effects: status cancelled; its reminders stopped; everyone who was invited told (after
    commit); the first-meeting alert planned again if no other meeting is booked; a history row.
    """
    case = _lock(meeting.case)
    meeting = NetworkMeeting.objects.get(pk=meeting.pk)
    if not meeting.can_be_changed:
        raise ValidationError(_("Only a booked meeting can be cancelled."), code="not_booked")
    _cancel_meeting(case, meeting, by=by, now=timezone.now())
    planners.replan_case(case)
    return meeting


@dataclass(frozen=True)
class NextStepInput:
    text: str
    responsible: str = ""


@dataclass(frozen=True)
class NextMeetingInput:
    starts_at: datetime
    duration_minutes: int
    place: str
    place_detail: str = ""
    members: tuple[NetworkMember, ...] = ()


@transaction.atomic
def meeting_record(
    meeting: NetworkMeeting,
    *,
    by: User,
    attended: dict[int, bool],
    next_steps: Sequence[NextStepInput] = (),
    next_meeting: NextMeetingInput | None = None,
) -> NetworkMeeting:
    """Record a meeting as held: who came, the next steps agreed and the next meeting, at once.

    ``attended`` maps attendee ids to whether they came. Side effects: the meeting held; each
    attendee's attendance; the next steps; the case's first held meeting (the 24-hour rule is
    measured to its start); the reminders of the meeting stopped if any were still planned; a
    history row; the next meeting booked with its invitations (``meeting_book``).
    """
    case = _lock(meeting.case)
    _require_open(case)
    meeting = NetworkMeeting.objects.get(pk=meeting.pk)
    if not meeting.is_booked:
        raise ValidationError(_("This meeting is not booked: it was cancelled or already recorded."), code="state")
    now = timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(_("The meeting has not started yet."), code="not_started")
    attendees = list(meeting.attendees.all())
    for attendee in attendees:
        attendee.attended = bool(attended.get(attendee.pk, False))
    Attendee.objects.bulk_update(attendees, ["attended"])
    steps = [
        NextStep(meeting=meeting, text=_clean_text(s.text), responsible=_clean_text(s.responsible), position=i)
        for i, s in enumerate(s for s in next_steps if _clean_text(s.text))
    ]
    for step in steps:
        step.full_clean()
    NextStep.objects.bulk_create(steps)
    meeting.status = MeetingStatus.HELD
    meeting.held_recorded_at = now
    meeting.save(update_fields=["status", "held_recorded_at"])
    if case.first_meeting_at is None or meeting.starts_at < case.first_meeting_at:
        case.first_meeting_at = meeting.starts_at
        case.save(update_fields=["first_meeting_at"])
    _event(case, CaseEventKind.MEETING_HELD, by=by, now=now, detail=str(meeting.pk))
    planners.replan_meeting(meeting)
    planners.replan_case(case)
    if next_meeting is not None:
        meeting_book(
            case,
            by=by,
            starts_at=next_meeting.starts_at,
            duration_minutes=next_meeting.duration_minutes,
            place=next_meeting.place,
            place_detail=next_meeting.place_detail,
            members=next_meeting.members,
        )
    return meeting


def _replan_meetings(case: Case) -> None:
    for meeting in case.meetings.filter(status=MeetingStatus.BOOKED):
        planners.replan_meeting(meeting)


# --- From an enquiry -------------------------------------------------------------------------


@transaction.atomic
def case_from_enquiry(
    enquiry,
    *,
    by: User,
    clinicians: Sequence[User],
    enquirer_is_index_person: bool,
    relation: str = "",
    index_person_name: str = "",
) -> Case:
    """A *network meetings* enquiry becomes a case in one step (a coordinator's action).

    The enquirer becomes the index person, or a member of the index person's network with the
    given relation (agreement to invite: not asked yet). The first contact is the enquiry's
    arrival. Side effects: everything ``case_create`` does; the member row; the enquiry marked
    handed over (``enquiries.services.enquiry_hand_over``), which shows nothing of the case.
    """
    from enquiries import services as enquiry_services
    from enquiries.models import Topic

    if enquiry.topic != Topic.NETWORK_MEETINGS:
        raise ValidationError(_("Only an enquiry about network meetings can become a case."), code="topic")
    enquiry = enquiry_services.enquiry_hand_over(enquiry, by=by)  # locks the enquiry, refuses a second time
    person = {"name": enquiry.name, "email": enquiry.email, "phone": enquiry.phone}
    if not enquirer_is_index_person:
        if not relation or not _clean_text(index_person_name):
            raise ValidationError(_("Give the index person's name and the enquirer's relation."), code="member")
        person = {"name": index_person_name}
    case = case_create(
        by=by,
        clinicians=clinicians,
        first_contact_at=enquiry.created_at,
        contact_source=ContactSource.ENQUIRY,
        country=enquiry.country,
        language=enquiry.language,
        enquiry=enquiry,
        **person,
    )
    if not enquirer_is_index_person:
        member_add(
            case,
            by=by,
            name=enquiry.name,
            relation=relation,
            email=enquiry.email,
            phone=enquiry.phone,
            language=enquiry.language,
        )
    return case

"""Which e-mails a case and its meetings should have, on the reminders outbox (DESIGN §3).

Planned (re-planned in the transaction of every change):
- ``first_meeting_alert`` — NETWORK_FIRST_MEETING_ALERT_HOURS (12) after the first contact, to
  the team, if no meeting is booked or held by then (about the Case);
- ``meeting_reminder`` — REMINDERS_NETWORK_MEETING_OFFSETS (1 day) before a booked meeting, with
  an .ics, only to those who agreed to reminders: the index person, and members whom the index
  person agreed to invite and to remind (about the NetworkMeeting).
One-off (``message_enqueue``):
- ``meeting_invitation`` — on booking (and after a move), with an .ics: the index person,
  the invited members who may be invited, the team;
- ``meeting_cancelled`` — to everyone who had been invited;
- ``team_changed`` — to the other current team members.

What a message may say: the time, the place and the clinicians' names. Never a note, health
information, or who else is invited. Whether a recipient may get a message at all is decided
by ``network.permissions`` — at planning and again when it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogkurs.links import absolute_url
from reminders.models import ScheduledMessage
from reminders.planning import (
    IcsEvent,
    Planned,
    ics_attachment,
    local_offset,
    message_enqueue,
    register_kind,
    register_planner,
    replan,
)

from .models import Case, MeetingStatus, NetworkMeeting, TeamMembership
from .permissions import index_person_may_be_reminded, is_current_team_member, may_be_invited, may_be_reminded

KIND_FIRST_MEETING_ALERT = "network.first_meeting_alert"
KIND_MEETING_INVITATION = "network.meeting_invitation"
KIND_MEETING_REMINDER = "network.meeting_reminder"
KIND_MEETING_CANCELLED = "network.meeting_cancelled"
KIND_TEAM_CHANGED = "network.team_changed"
KIND_EMERGENCY_ACCESS = "network.emergency_access"


@dataclass(frozen=True)
class Recipient:
    """Someone a message about a meeting may go to. ``role`` is "index", "member" or "team"."""

    email: str
    name: str
    language: str
    role: str


def _team(case: Case) -> list:
    return [
        m.clinician
        for m in TeamMembership.objects.filter(case=case, ended_at=None).select_related("clinician").order_by("pk")
        if is_current_team_member(m.clinician, case)
    ]


def invitation_recipients(meeting: NetworkMeeting) -> list[Recipient]:
    """Who is invited to ``meeting`` and may be written to: the index person (when invited and
    with an address), each invited member the index person agreed to, each current team member."""
    case = meeting.case
    recipients = []
    for attendee in meeting.attendees.select_related("member", "clinician"):
        if not attendee.invited:
            continue
        if attendee.is_index_person and case.email:
            recipients.append(Recipient(case.email.lower(), case.name, case.language, "index"))
        elif attendee.member is not None and may_be_invited(attendee.member):
            member = attendee.member
            recipients.append(Recipient(member.email.lower(), member.name, member.language, "member"))
    team_ids = {a.clinician_id for a in meeting.attendees.all() if a.clinician_id}
    recipients += [
        Recipient(user.email.lower(), user.full_name, user.language, "team")
        for user in _team(case)
        if user.pk in team_ids
    ]
    return list({r.email: r for r in recipients}.values())


def reminder_recipients(meeting: NetworkMeeting) -> list[Recipient]:
    """Only those who agreed to reminders: the index person and members (staff have the .ics)."""
    case = meeting.case
    recipients = []
    for attendee in meeting.attendees.select_related("member"):
        if not attendee.invited:
            continue
        if attendee.is_index_person and index_person_may_be_reminded(case):
            recipients.append(Recipient(case.email.lower(), case.name, case.language, "index"))
        elif attendee.member is not None and may_be_reminded(attendee.member):
            member = attendee.member
            recipients.append(Recipient(member.email.lower(), member.name, member.language, "member"))
    return list({r.email: r for r in recipients}.values())


def _planned(recipient: Recipient, kind: str, due_at, occasion: str, case: Case) -> Planned:
    # The name stays out of the outbox (it is encrypted in the case); the e-mail greets by the
    # name read from the case when it is rendered.
    return Planned(
        kind=kind,
        recipient=recipient.email,
        due_at=due_at,
        occasion=occasion,
        language=recipient.language,
        time_zone=case.time_zone,
    )


def plan_case(case: Case) -> list[Planned]:
    """The first-meeting alert, while the case is open and has no booked or held meeting."""
    statuses = list(case.meetings.values_list("status", flat=True))
    if not case.is_open or MeetingStatus.BOOKED in statuses or MeetingStatus.HELD in statuses:
        return []
    # A cancelled meeting brings the alert back: a new occasion, since a stopped row stays stopped.
    occasion = f"first-meeting-{statuses.count(MeetingStatus.CANCELLED)}"
    return [
        Planned(
            kind=KIND_FIRST_MEETING_ALERT,
            recipient=user.email,
            due_at=case.first_meeting_alert_at,
            occasion=occasion,
            language=user.language,
            time_zone=case.time_zone,
        )
        for user in _team(case)
    ]


def plan_meeting(meeting: NetworkMeeting) -> list[Planned]:
    if not meeting.is_booked or not meeting.case.is_open:
        return []
    planned = []
    for offset in settings.REMINDERS_NETWORK_MEETING_OFFSETS:
        due = local_offset(meeting.starts_at, -offset, tz=meeting.case.time_zone)
        occasion = f"before:{offset.days}d" if offset.days else f"before:{int(offset.total_seconds())}s"
        planned += [
            _planned(r, KIND_MEETING_REMINDER, due, occasion, meeting.case) for r in reminder_recipients(meeting)
        ]
    return planned


def replan_case(case: Case) -> None:
    replan(case)


def replan_meeting(meeting: NetworkMeeting) -> None:
    replan(meeting)


def enqueue_invitations(meeting: NetworkMeeting) -> None:
    """An invitation to each recipient. The occasion carries the calendar sequence: a moved meeting
    invites everyone again; a newly invited member of an unchanged meeting gets only theirs."""
    now = timezone.now()
    for recipient in invitation_recipients(meeting):
        message_enqueue(
            meeting, _planned(recipient, KIND_MEETING_INVITATION, now, f"v{meeting.sequence}", meeting.case)
        )


def enqueue_cancellations(meeting: NetworkMeeting, recipients: list[Recipient]) -> None:
    now = timezone.now()
    for recipient in recipients:
        message_enqueue(meeting, _planned(recipient, KIND_MEETING_CANCELLED, now, f"v{meeting.sequence}", meeting.case))


def enqueue_team_changed(case: Case, membership: TeamMembership, *, recipients: list) -> None:
    now = timezone.now()
    occasion = f"membership-{membership.pk}-{'left' if membership.ended_at else 'joined'}"
    for user in recipients:
        if is_current_team_member(user, case):
            message_enqueue(
                case,
                Planned(
                    kind=KIND_TEAM_CHANGED,
                    recipient=user.email,
                    due_at=now,
                    occasion=occasion,
                    language=user.language,
                    time_zone=case.time_zone,
                ),
            )


def enqueue_emergency_access(case: Case, grant) -> None:
    """The team is told at once who opened their case by emergency access, and until when (not
    why: the reason may hold health information; it is on the case page)."""
    now = timezone.now()
    for user in _team(case):
        message_enqueue(
            case,
            Planned(
                kind=KIND_EMERGENCY_ACCESS,
                recipient=user.email,
                due_at=now,
                occasion=f"emergency-{grant.pk}",
                language=user.language,
                time_zone=case.time_zone,
            ),
        )


def emergency_access_context(message: ScheduledMessage) -> dict | None:
    case = message.content_object
    if case is None or not any(user.email.lower() == message.recipient.lower() for user in _team(case)):
        return None
    grant = case.emergency_accesses.select_related("user").filter(pk=int(message.occasion.split("-")[-1])).first()
    if grant is None:
        return None
    return {
        "case": case,
        "grant": grant,
        "case_url": absolute_url(reverse("network:case_detail", args=[case.pk])) if settings.SITE_URL else "",
    }


def forget_case_messages(case_ids: list[int], meeting_ids: list[int]) -> int:
    """Retention and erasure: the outbox rows about these cases and meetings go (they hold
    addresses). Returns how many rows were deleted."""
    rows = ScheduledMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id__in=case_ids
    ) | ScheduledMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(NetworkMeeting), object_id__in=meeting_ids
    )
    return rows.delete()[0]


def forget_recipient(case: Case, address: str) -> None:
    """A member erased at their request: the outbox rows to their address lose it."""
    address = address.strip().lower()
    meetings = list(case.meetings.values_list("pk", flat=True))
    ScheduledMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(NetworkMeeting), object_id__in=meetings, recipient=address
    ).delete()


# --- Rendering: the context is computed when the message is sent, and checks again ----------------


def _find(message: ScheduledMessage, recipients: list[Recipient]) -> Recipient | None:
    return next((r for r in recipients if r.email == message.recipient.lower()), None)


def _clinicians(meeting: NetworkMeeting) -> list[str]:
    return [user.full_name for user in _team(meeting.case)]


def _meeting_context(message: ScheduledMessage, recipients_of) -> dict | None:
    meeting = message.content_object
    if meeting is None or not meeting.case.is_open:
        return None
    recipient = _find(message, recipients_of(meeting))
    if recipient is None:
        return None  # no longer invited, agreement withdrawn, or left the team: not sent
    return {
        "meeting": meeting,
        "recipient_name": recipient.name,
        "for_team": recipient.role == "team",
        "clinicians": _clinicians(meeting),
        "case_url": absolute_url(reverse("network:case_detail", args=[meeting.case_id]))
        if recipient.role == "team" and settings.SITE_URL
        else "",
    }


def invitation_context(message: ScheduledMessage) -> dict | None:
    meeting = message.content_object
    if meeting is None or not meeting.is_booked:
        return None
    return _meeting_context(message, invitation_recipients)


def reminder_context(message: ScheduledMessage) -> dict | None:
    meeting = message.content_object
    if meeting is None or not meeting.is_booked:
        return None
    return _meeting_context(message, reminder_recipients)


def cancelled_context(message: ScheduledMessage) -> dict | None:
    meeting = message.content_object
    if meeting is None:
        return None
    return {"meeting": meeting, "clinicians": _clinicians(meeting)}


def meeting_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    meeting = message.content_object
    if meeting is None:
        return []
    cancelled = meeting.status == MeetingStatus.CANCELLED
    with translation.override(message.language):
        event = IcsEvent(
            uid=f"network-meeting-{meeting.pk}@dialogkurs",
            start=meeting.starts_at,
            end=meeting.ends_at,
            summary=_("Meeting"),
            location=place_text(meeting),
            description=_("With %(names)s.") % {"names": ", ".join(_clinicians(meeting))},
            # A cancellation is final: one above the last invitation's sequence.
            sequence=meeting.sequence + (1 if cancelled else 0),
            cancelled=cancelled,
        )
    return [ics_attachment([event], filename="meeting.ics")]


def place_text(meeting: NetworkMeeting) -> str:
    label = str(meeting.get_place_display())
    return f"{label}: {meeting.place_detail}" if meeting.place_detail else label


def first_meeting_alert_context(message: ScheduledMessage) -> dict | None:
    case = message.content_object
    if case is None or not case.is_open or case.meetings.exclude(status=MeetingStatus.CANCELLED).exists():
        return None
    if not any(user.email.lower() == message.recipient.lower() for user in _team(case)):
        return None
    return {
        "case": case,
        "hours": settings.NETWORK_FIRST_MEETING_HOURS,
        "alert_hours": settings.NETWORK_FIRST_MEETING_ALERT_HOURS,
        "deadline": case.first_meeting_deadline,
        "case_url": absolute_url(reverse("network:case_detail", args=[case.pk])) if settings.SITE_URL else "",
    }


def team_changed_context(message: ScheduledMessage) -> dict | None:
    case = message.content_object
    if case is None or not any(user.email.lower() == message.recipient.lower() for user in _team(case)):
        return None
    return {
        "case": case,
        "team": [user.full_name for user in _team(case)],
        "case_url": absolute_url(reverse("network:case_detail", args=[case.pk])) if settings.SITE_URL else "",
    }


def register() -> None:
    """Called once from ``NetworkConfig.ready``."""
    register_kind(
        KIND_FIRST_MEETING_ALERT,
        template="network/email/first_meeting_alert",
        context=first_meeting_alert_context,
        label=gettext_lazy("Network: no meeting booked after first contact"),
    )
    register_kind(
        KIND_MEETING_INVITATION,
        template="network/email/meeting_invitation",
        context=invitation_context,
        attachments=meeting_attachments,
        label=gettext_lazy("Network: meeting invitation"),
    )
    register_kind(
        KIND_MEETING_REMINDER,
        template="network/email/meeting_reminder",
        context=reminder_context,
        attachments=meeting_attachments,
        label=gettext_lazy("Network: meeting reminder"),
    )
    register_kind(
        KIND_MEETING_CANCELLED,
        template="network/email/meeting_cancelled",
        context=cancelled_context,
        attachments=meeting_attachments,
        label=gettext_lazy("Network: meeting cancelled"),
    )
    register_kind(
        KIND_TEAM_CHANGED,
        template="network/email/team_changed",
        context=team_changed_context,
        label=gettext_lazy("Network: the team changed"),
    )
    register_kind(
        KIND_EMERGENCY_ACCESS,
        template="network/email/emergency_access",
        context=emergency_access_context,
        label=gettext_lazy("Network: a case opened by emergency access"),
    )
    register_planner(Case, plan_case, kinds=[KIND_FIRST_MEETING_ALERT])
    register_planner(NetworkMeeting, plan_meeting, kinds=[KIND_MEETING_REMINDER])

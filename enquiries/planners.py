"""Which e-mails an enquiry should have (DESIGN §3), on the reminders engine.

Planned (re-planned on every change of the enquiry, in the same transaction):
- ``sla_reminder`` — still "new" at the contact deadline (2 working days): to the assignee,
  or to every coordinator while nobody is assigned;
- ``sla_alert`` — still "new" at 3 working days: to every coordinator;
  both only from ENQUIRY_SLA_PLAN_AHEAD (a day) before the contact deadline, when the outbox
  sweep plans them (``services.enquiries_plan_sla``, a sweep planner): planned on arrival they
  were a row per coordinator and step for every enquiry (82 rows for 40 coordinators), nearly
  all cancelled unsent when the enquiry was contacted in time;
- ``meeting_reminder`` — the day before the face-to-face meeting, with an .ics: to the sender
  and to everyone who attends from us.
One-off (``message_enqueue``):
- ``confirmation`` — to the sender on arrival: what happens next;
- ``meeting_invitation`` — on booking or moving the meeting, with an .ics: to both sides.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
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

from . import selectors
from .models import Enquiry, EnquiryMeeting, Status

KIND_CONFIRMATION = "enquiries.confirmation"
KIND_SLA_REMINDER = "enquiries.sla_reminder"
KIND_SLA_ALERT = "enquiries.sla_alert"
KIND_MEETING_INVITATION = "enquiries.meeting_invitation"
KIND_MEETING_REMINDER = "enquiries.meeting_reminder"
PLANNED_KINDS = (KIND_SLA_REMINDER, KIND_SLA_ALERT, KIND_MEETING_REMINDER)


def _to_staff(user, kind: str, due_at, occasion: str, time_zone: str | None = None) -> Planned:
    return Planned(
        kind=kind,
        recipient=user.email,
        due_at=due_at,
        occasion=occasion,
        language=user.language,
        time_zone=time_zone or settings.TIME_ZONE,
        recipient_name=user.full_name,
    )


def _to_sender(enquiry: Enquiry, kind: str, due_at, occasion: str) -> Planned:
    return Planned(
        kind=kind,
        recipient=enquiry.email,
        due_at=due_at,
        occasion=occasion,
        language=enquiry.language,
        time_zone=enquiry.time_zone,
        recipient_name=enquiry.name,
    )


def meeting_reminder_due(enquiry: Enquiry, meeting: EnquiryMeeting) -> datetime:
    """The day before the meeting at the same wall-clock time where it happens: not 24 hours
    before, which is an hour off when the clocks change in between."""
    return local_offset(meeting.starts_at, days=-settings.ENQUIRY_MEETING_REMINDER_DAYS, tz=enquiry.time_zone)


def sla_planned_from(enquiry: Enquiry) -> datetime:
    """From this moment the enquiry's SLA reminder and alert are planned (while it is new):
    ENQUIRY_SLA_PLAN_AHEAD before its contact deadline."""
    return enquiry.contact_due_at - settings.ENQUIRY_SLA_PLAN_AHEAD


def enquiries_awaiting_sla_planning(now: datetime) -> QuerySet[Enquiry]:
    """The new enquiries past ``sla_planned_from`` (its queryset twin) whose SLA messages are not
    planned yet (no alert row, whatever its status), soonest first. Those whose alert is past by
    more than REMINDERS_MAX_LATENESS are left alone: anything planned now would be missed."""
    alerts = ScheduledMessage.objects.filter(
        content_type=ContentType.objects.get_for_model(Enquiry), object_id=OuterRef("pk"), kind=KIND_SLA_ALERT
    )
    return (
        Enquiry.objects.filter(
            status=Status.NEW,
            contact_due_at__lte=now + settings.ENQUIRY_SLA_PLAN_AHEAD,
            alert_due_at__gte=now - settings.REMINDERS_MAX_LATENESS,
        )
        .filter(~Exists(alerts))
        .order_by("contact_due_at", "pk")
    )


def plan_enquiry(enquiry: Enquiry) -> list[Planned]:
    """The reminders that should exist for ``enquiry`` now."""
    if enquiry.is_anonymised:
        return []
    planned: list[Planned] = []
    if enquiry.status == Status.NEW and timezone.now() >= sla_planned_from(enquiry):
        coordinators = list(selectors.coordinators())
        assignee = enquiry.assignee if enquiry.assignee_id and enquiry.assignee.is_active else None
        reminded = [assignee] if assignee else coordinators
        planned += [_to_staff(u, KIND_SLA_REMINDER, enquiry.contact_due_at, "contact-due") for u in reminded]
        planned += [_to_staff(u, KIND_SLA_ALERT, enquiry.alert_due_at, "contact-overdue") for u in coordinators]
    elif enquiry.status == Status.MEETING_BOOKED:
        meeting = enquiry.meeting
        due = meeting_reminder_due(enquiry, meeting)
        planned.append(_to_sender(enquiry, KIND_MEETING_REMINDER, due, "meeting-day-before"))
        planned += [
            _to_staff(u, KIND_MEETING_REMINDER, due, "meeting-day-before", enquiry.time_zone)
            for u in meeting.attendees.all()
        ]
    return planned


def replan_enquiry(enquiry: Enquiry, *, now: datetime | None = None) -> None:
    replan(enquiry, now=now)


def enqueue_confirmation(enquiry: Enquiry) -> None:
    message_enqueue(enquiry, _to_sender(enquiry, KIND_CONFIRMATION, enquiry.created_at, "received"))


def enqueue_meeting_invitations(enquiry: Enquiry, meeting: EnquiryMeeting) -> None:
    """An invitation to both sides. The occasion carries the meeting's sequence: a moved meeting
    sends new invitations; a new attendee of an unchanged meeting gets only theirs."""
    occasion = f"meeting-v{meeting.sequence}"
    now = timezone.now()
    message_enqueue(enquiry, _to_sender(enquiry, KIND_MEETING_INVITATION, now, occasion))
    for user in meeting.attendees.all():
        message_enqueue(enquiry, _to_staff(user, KIND_MEETING_INVITATION, now, occasion, enquiry.time_zone))


def forget_recipient(enquiry: Enquiry, address: str) -> None:
    """Anonymisation: the outbox rows about ``enquiry`` no longer name its sender."""
    content_type = ContentType.objects.get_for_model(Enquiry)
    # The outbox keeps addresses in lower case (its dedupe key ignores case).
    ScheduledMessage.objects.filter(
        content_type=content_type, object_id=enquiry.pk, recipient=address.strip().lower()
    ).update(recipient="", recipient_name="")


# --- Rendering ------------------------------------------------------------------------------


def _live_enquiry(message: ScheduledMessage) -> Enquiry | None:
    enquiry = message.content_object
    if enquiry is None or enquiry.is_anonymised:
        return None
    return enquiry


def _is_sender(message: ScheduledMessage, enquiry: Enquiry) -> bool:
    return message.recipient.lower() == enquiry.email.lower()


def confirmation_context(message: ScheduledMessage) -> dict | None:
    enquiry = _live_enquiry(message)
    if enquiry is None:
        return None
    return {
        "enquiry": enquiry,
        "working_days": settings.ENQUIRY_SLA_REMIND_WORKING_DAYS,
        "retention_months": settings.ENQUIRY_RETENTION_MONTHS,
    }


def sla_context(message: ScheduledMessage) -> dict | None:
    # A reminder no longer wanted (the sender was contacted) is cancelled by replan in the same
    # transaction as the contact; here only a vanished or anonymised enquiry stops it.
    enquiry = _live_enquiry(message)
    if enquiry is None:
        return None
    return {
        "enquiry": enquiry,
        "recipient_name": message.recipient_name,
        "is_assignee": bool(enquiry.assignee_id) and message.recipient.lower() == enquiry.assignee.email.lower(),
        "remind_days": settings.ENQUIRY_SLA_REMIND_WORKING_DAYS,
        "alert_days": settings.ENQUIRY_SLA_ALERT_WORKING_DAYS,
        "detail_url": absolute_url(reverse("enquiries:detail", args=[enquiry.pk])),
    }


def _booked_meeting(message: ScheduledMessage) -> tuple[Enquiry, EnquiryMeeting] | None:
    enquiry = _live_enquiry(message)
    meeting = EnquiryMeeting.objects.filter(enquiry=enquiry).first() if enquiry else None
    return (enquiry, meeting) if meeting else None


def meeting_context(message: ScheduledMessage) -> dict | None:
    found = _booked_meeting(message)
    if found is None:
        return None
    enquiry, meeting = found
    for_sender = _is_sender(message, enquiry)
    attendees = list(meeting.attendees.all())
    return {
        "enquiry": enquiry,
        "meeting": meeting,
        "attendees": attendees,
        # Whom the sender writes to if the time does not suit after all.
        "contact": enquiry.assignee or (attendees[0] if attendees else None),
        "for_sender": for_sender,
        "recipient_name": message.recipient_name,
        "detail_url": "" if for_sender else absolute_url(reverse("enquiries:detail", args=[enquiry.pk])),
    }


def meeting_attachments(message: ScheduledMessage) -> list[tuple[str, bytes, str]]:
    found = _booked_meeting(message)
    if found is None:
        return []
    enquiry, meeting = found
    with translation.override(message.language):
        if _is_sender(message, enquiry):
            summary = _("Meeting about your enquiry")
        else:
            summary = _("Meeting about enquiry %(number)s (%(organisation)s)") % {
                "number": enquiry.pk,
                "organisation": enquiry.organisation,
            }
        event = IcsEvent(
            uid=f"enquiry-meeting-{meeting.pk}@dialogkurs",
            start=meeting.starts_at,
            end=meeting.ends_at,
            summary=summary,
            location=meeting.location,
            description=_("A face-to-face meeting about the enquiry sent on %(date)s.")
            % {"date": enquiry.created_at.date().isoformat()},
            sequence=meeting.sequence,
        )
        return [ics_attachment([event], filename="meeting.ics")]


def register() -> None:
    """Called once from ``EnquiriesConfig.ready``."""
    register_kind(
        KIND_CONFIRMATION,
        template="enquiries/email/confirmation",
        context=confirmation_context,
        label=gettext_lazy("Enquiry: confirmation to the sender"),
    )
    register_kind(
        KIND_SLA_REMINDER,
        template="enquiries/email/sla_reminder",
        context=sla_context,
        label=gettext_lazy("Enquiry: not contacted within 2 working days"),
    )
    register_kind(
        KIND_SLA_ALERT,
        template="enquiries/email/sla_alert",
        context=sla_context,
        label=gettext_lazy("Enquiry: coordinators alerted at 3 working days"),
    )
    register_kind(
        KIND_MEETING_INVITATION,
        template="enquiries/email/meeting_invitation",
        context=meeting_context,
        attachments=meeting_attachments,
        label=gettext_lazy("Enquiry: meeting invitation"),
    )
    register_kind(
        KIND_MEETING_REMINDER,
        template="enquiries/email/meeting_reminder",
        context=meeting_context,
        attachments=meeting_attachments,
        label=gettext_lazy("Enquiry: meeting reminder the day before"),
    )
    register_planner(Enquiry, plan_enquiry, kinds=PLANNED_KINDS)

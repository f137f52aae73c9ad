"""Turning an outbox row into an e-mail: templates per kind, in the recipient's language and
time zone, with calendar files made by ``icalendar``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formataddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from icalendar import Calendar, Event

from . import registry
from .models import ScheduledMessage


class ObjectGone(Exception):
    """What the message is about no longer exists (or no longer wants the message)."""


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def render_message(
    message: ScheduledMessage, *, kind: str | None = None, language: str | None = None
) -> RenderedMessage:
    """Render ``message`` with its kind's templates, in its language and time zone.

    ``kind`` and ``language`` render the same message another way (the coordinators'
    preview); nothing is saved. Raises :class:`ObjectGone` when the context callable says
    the object is gone, LookupError for an unknown kind, and template errors as they are.
    """
    spec = registry.get_kind(kind or message.kind)
    if kind or language:
        message = _unsaved_copy(message, kind=kind or message.kind, language=language or message.language)
    if message.content_object is None:
        raise ObjectGone
    with translation.override(message.language), timezone.override(ZoneInfo(message.time_zone)):
        context = spec.context(message)
        if context is None:
            raise ObjectGone
        context = {
            "message": message,
            "recipient_name": message.recipient_name,
            "site_name": "dialogkurs",
            **context,
        }
        subject = render_to_string(f"{spec.template}_subject.txt", context)
        text = render_to_string(f"{spec.template}.txt", context)
        html = render_to_string(f"{spec.template}.html", context)
        attachments = list(spec.attachments(message)) if spec.attachments else []
    # A subject is one line, whatever the template's line breaks.
    subject = " ".join(subject.split())
    return RenderedMessage(subject=subject, text=text.strip() + "\n", html=html, attachments=attachments)


def _unsaved_copy(message: ScheduledMessage, **changes) -> ScheduledMessage:
    copy = ScheduledMessage(**{f.attname: getattr(message, f.attname) for f in message._meta.concrete_fields})
    for name, value in changes.items():
        setattr(copy, name, value)
    # Keep the already fetched object: the preview renders what the row is about.
    if ScheduledMessage.content_object.is_cached(message):
        ScheduledMessage.content_object.set_cached_value(copy, message.content_object)
    return copy


def message_id_header(message: ScheduledMessage) -> str:
    """A Message-ID stable across attempts: a repeated send after a lost worker carries the same
    id, so mail systems and clients can recognise the duplicate."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "dialogkurs.localhost"
    return f"<reminder-{message.pk}@{domain}>"


def build_email(message: ScheduledMessage, rendered: RenderedMessage, connection=None) -> EmailMultiAlternatives:
    to = formataddr((message.recipient_name, message.recipient)) if message.recipient_name else message.recipient
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Message-ID": message_id_header(message),
            "Auto-Submitted": "auto-generated",
            "Content-Language": message.language,
        },
        connection=connection,
    )
    email.attach_alternative(rendered.html, "text/html")
    for filename, content, mimetype in rendered.attachments:
        email.attach(filename, content, mimetype)
    return email


# --- Calendar files -------------------------------------------------------------------------


@dataclass(frozen=True)
class IcsEvent:
    uid: str  # stable per event: a later file with the same uid (and a higher sequence) replaces it
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0


def ics_attachment(events: list[IcsEvent], filename: str = "invite.ics") -> tuple[str, bytes, str]:
    """An ``.ics`` attachment (filename, content, mimetype) with ``events``. Times are written in
    UTC, which every calendar shows in its own time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//dialogkurs//reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = timezone.now().astimezone(UTC)
    for item in events:
        if timezone.is_naive(item.start) or timezone.is_naive(item.end):
            raise ValueError("Calendar events need timezone-aware start and end times.")
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(UTC))
        event.add("dtend", item.end.astimezone(UTC))
        event.add("summary", str(item.summary))
        event.add("sequence", item.sequence)
        if item.location:
            event.add("location", str(item.location))
        if item.description:
            event.add("description", str(item.description))
        calendar.add_component(event)
    return filename, calendar.to_ical(), "text/calendar"


__all__ = [
    "IcsEvent",
    "ObjectGone",
    "RenderedMessage",
    "build_email",
    "ics_attachment",
    "message_id_header",
    "render_message",
]

"""Turning an outbox row into an e-mail: templates per kind, in the recipient's language and
time zone, with the calendar files of ``dialogkurs.ics``."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import formataddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dialogkurs.fields import single_line

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
    # A subject is one line, whatever the template's line breaks or the user text in it (a
    # workplace's name): a line break in a header would fail the message for good.
    subject = single_line(subject)
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
    # User text never reaches a header as it is: the display name is put on one line (rows
    # saved before SingleLineCharField may still hold a line break) and quoted by formataddr.
    name = single_line(message.recipient_name)
    to = formataddr((name, message.recipient)) if name else message.recipient
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


__all__ = [
    "ObjectGone",
    "RenderedMessage",
    "build_email",
    "message_id_header",
    "render_message",
]

"""Test-only kinds and a planner about ``accounts.User``, registered by fixtures and by the
worker processes the reliability tests start — never by production code.

The planner treats ``user.date_joined`` as "the event": a reminder 7 days and 1 day before it,
in the user's language and (nb → Oslo, otherwise Stockholm) time zone. Deactivating the user
cancels the reminders; moving date_joined moves them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings

from accounts.models import User
from reminders.planning import (
    IcsEvent,
    Planned,
    ics_attachment,
    local_offset,
    register_kind,
    register_planner,
    unregister_kind,
    unregister_planner,
)

EVENT_REMINDER = "reminders_tests.event_reminder"
NOTICE = "reminders_tests.notice"
BROKEN = "reminders_tests.broken"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
OFFSET_DAYS = (7, 1)


def time_zone_of(user: User) -> str:
    return "Europe/Oslo" if user.language == "nb" else "Europe/Stockholm"


def plan_user(user: User) -> list[Planned]:
    if not user.is_active:
        return []
    tz = time_zone_of(user)
    return [
        Planned(
            kind=EVENT_REMINDER,
            recipient=user.email,
            due_at=local_offset(user.date_joined, days=-days, tz=tz),
            occasion=f"{days}d",
            language=user.language,
            time_zone=tz,
            recipient_name=user.full_name,
        )
        for days in OFFSET_DAYS
    ]


def event_context(message) -> dict | None:
    user = message.content_object
    if not user.is_active:
        return None
    return {"user": user, "event_at": user.date_joined}


def event_ics(message) -> list[tuple[str, bytes, str]]:
    user = message.content_object
    start = user.date_joined
    return [
        ics_attachment(
            [IcsEvent(uid=f"user-{user.pk}@test", start=start, end=start + timedelta(hours=4), summary="Event")],
            filename="event.ics",
        )
    ]


def notice_context(message) -> dict | None:
    return {"user": message.content_object}


def register() -> None:
    register_kind(
        EVENT_REMINDER,
        template="reminders_tests/email/event_reminder",
        context=event_context,
        attachments=event_ics,
        label="Test event reminder",
    )
    register_kind(NOTICE, template="reminders_tests/email/notice", context=notice_context)
    register_kind(BROKEN, template="reminders_tests/email/no_such_template", context=notice_context)
    register_planner(User, plan_user, kinds=[EVENT_REMINDER])


def unregister() -> None:
    unregister_planner(User, plan_user)
    for kind in (EVENT_REMINDER, NOTICE, BROKEN):
        unregister_kind(kind)


def add_template_dir() -> None:
    """Let the template engine find the test templates (worker processes; fixtures use the
    ``settings`` fixture instead)."""
    dirs = settings.TEMPLATES[0]["DIRS"]
    if TEMPLATE_DIR not in dirs:
        dirs.append(TEMPLATE_DIR)

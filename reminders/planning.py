"""The public surface of ``reminders`` for the domain apps (README, "Reminders").

A domain app registers, from its ``AppConfig.ready()`` (importing its ``planners.py``)::

    register_kind("sessions_app.halfday_reminder", template="sessions_app/email/halfday_reminder",
                  context=halfday_context, attachments=halfday_ics)
    register_planner(Course, plan_course, kinds=["sessions_app.halfday_reminder", ...])

and calls ``replan(course)`` in the transaction that changed the course, or
``message_enqueue(obj, Planned(...))`` for a one-off message; ``plan_new(obj, enqueue=[...])``
does both in one statement for an object created in that transaction. Messages planned only
shortly before they are due (to every holder of a role) are planned by a function the sweep runs
first: ``register_sweep_planner(fn)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from dialogkurs.ics import IcsEvent, ics_attachment  # re-exported: the calendar files of e-mails

from .registry import (
    register_kind,
    register_planner,
    register_sweep_planner,
    registered_kinds,
    unregister_kind,
    unregister_planner,
    unregister_sweep_planner,
)
from .services import message_enqueue, messages_for, plan_new, replan


@dataclass(frozen=True)
class Planned:
    """One message that should exist. The dedupe key is kind + object + recipient + occasion."""

    kind: str  # a registered kind, e.g. "sessions_app.halfday_reminder"
    recipient: str  # e-mail address
    due_at: datetime  # timezone-aware
    occasion: str = ""  # distinguishes same kind/object/recipient, e.g. "halfday-1:7d"
    language: str = "sv"  # "en" | "sv" | "nb"
    time_zone: str = "Europe/Stockholm"
    recipient_name: str = ""


def local_offset(
    dt: datetime,
    delta: timedelta | None = None,
    *,
    days: int = 0,
    hours: int = 0,
    minutes: int = 0,
    at: time | None = None,
    tz: str | ZoneInfo = "Europe/Stockholm",
) -> datetime:
    """``dt`` moved by ``delta`` (or days/hours/minutes) in local wall-clock time of ``tz``.

    "1 day before 09:00 on the Monday after the October change" is 09:00 on Sunday, although
    that Sunday has 25 hours: plain UTC arithmetic would give 10:00 or 08:00 local. ``at``
    then sets the wall-clock time (e.g. the evaluation request at 09:00 the day after).
    Negative offsets go back: ``local_offset(start, days=-1)``. A wall-clock time that does
    not exist (spring forward) is moved forward by the gap; an ambiguous one (fall back) is
    read as the first of the two. Returns an aware datetime in ``tz``.
    """
    if timezone.is_naive(dt):
        raise ValueError("local_offset needs a timezone-aware datetime.")
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    wall = dt.astimezone(zone).replace(tzinfo=None)
    wall += (delta or timedelta()) + timedelta(days=days, hours=hours, minutes=minutes)
    if at is not None:
        wall = datetime.combine(wall.date(), at)
    # Through UTC and back: a non-existent local time comes out as the real moment after the gap.
    return wall.replace(tzinfo=zone, fold=0).astimezone(ZoneInfo("UTC")).astimezone(zone)


__all__ = [
    "IcsEvent",
    "Planned",
    "ics_attachment",
    "local_offset",
    "message_enqueue",
    "messages_for",
    "plan_new",
    "register_kind",
    "register_planner",
    "register_sweep_planner",
    "registered_kinds",
    "replan",
    "unregister_kind",
    "unregister_planner",
    "unregister_sweep_planner",
]

"""Signals for the apps above sessions_app, which it must not import (DESIGN §4)."""

from django.dispatch import Signal

# Sent inside the transaction that changed the course's schedule or status (cancelling too),
# with ``course``, after the course's own reminders were re-planned: the apps above re-plan
# what hangs on the course (participants' registrations, the evaluation request).
course_changed = Signal()

# Sent inside the transaction that cancelled the course, with ``course``.
course_cancelled = Signal()

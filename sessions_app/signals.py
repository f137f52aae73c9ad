"""Signals for the apps above sessions_app, which it must not import (DESIGN §4)."""

from django.dispatch import Signal

# Sent inside the transaction that cancelled the course, with ``course``.
course_cancelled = Signal()

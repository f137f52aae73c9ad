"""Template context of the accounts app."""

from __future__ import annotations

from django.conf import settings

from .sessions import session_seconds_left


def session_timeout(request) -> dict:
    """What the session warning of base.html needs (accounts/sessions.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            "seconds_left": session_seconds_left(request.session),
            "warn_before": int(settings.SESSION_WARNING.total_seconds()),
            "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
        }
    }

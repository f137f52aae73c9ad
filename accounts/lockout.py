"""Login protection: django-axes with two thresholds.

Axes counts failed logins in the database (every web process sees them) and compares one count
with one limit. Two are wanted here:

- per account and address (``AXES_FAILURE_LIMIT``, 5): a guessed password is stopped early, and
  an attacker elsewhere cannot lock a colleague out;
- per address across accounts (``AXES_IP_FAILURE_LIMIT``, 30): one address trying many accounts
  is stopped too, at a threshold an office behind one address does not reach by honest typos.

Both within ``AXES_COOLOFF_TIME`` (15 minutes). Axes keeps one row per account, address and
browser, stamped with its latest failure; rows older than the cool-off no longer count.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request) -> int:
    """Failed logins from the request's address within the cool-off, whatever the account."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginFailureHandler(AxesDatabaseHandler):
    """Axes' database handler; an address over ``AXES_IP_FAILURE_LIMIT`` counts as locked for
    every account (axes compares the count this returns with ``AXES_FAILURE_LIMIT``)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.AXES_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

"""Rate limits of the public forms (the contact form, a training's sign-up link).

Each public form has two limits per client address:

- a limit on *accepted* submissions (``ENQUIRY_RATE_LIMIT``, ``SIGNUP_RATE_LIMIT``): a whole
  region or a work group at the office shares one address, so typos and re-shown forms must
  not use it up;
- a higher cap on *all* posts (``ENQUIRY_POST_RATE_LIMIT``, ``SIGNUP_POST_RATE_LIMIT``), which
  bounds what a script can make the server do. Posts are counted with django-ratelimit's atomic
  counter in the default cache — Redis (``REDIS_URL``) in production, so every web process
  counts together.

Accepted sign-ups are counted in the database, under the course's lock
(``participants.services.registration_create``): exact however many arrive at once. Accepted
enquiries are counted in the cache (:class:`AcceptedLimit`); two posts at the same moment may
both pass its check, and the cap on all posts bounds that.

A post over either limit is answered with 429 and the form filled in with what was typed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(name: str, text: str) -> tuple[int, timedelta]:
    """``"30/h"`` → (30, one hour); ``"5/10m"`` → (5, ten minutes). The syntax is
    django-ratelimit's; a bad value fails loudly, naming the setting."""
    match = _RATE.match(text.strip())
    if not match or int(match.group(1)) < 1 or match.group(2) == "0":
        raise ImproperlyConfigured(f"{name} must look like 30/h (count/period, period s, m, h or d); got {text!r}.")
    count, multiplier, unit = match.groups()
    return int(count), timedelta(seconds=int(multiplier or 1) * _UNIT_SECONDS[unit])


def per_second(text: str) -> float:
    count, period = parse_rate("rate", text)
    return count / period.total_seconds()


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the header named by
    RATELIMIT_IP_META_KEY (e.g. HTTP_X_REAL_IP). The first entry of a list (X-Forwarded-For)."""
    key = settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR"
    return (request.META.get(key) or "").split(",")[0].strip()


def address_key(address: str) -> str:
    """A keyed hash of a client address, for grouping what came from one internet connection
    without storing the address itself (it is personal data)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"dialogkurs.address:{address}".encode(), hashlib.sha256).hexdigest()


def _address(group, request) -> str:
    return client_address(request)


def _address_and_token(group, request) -> str:
    """One counter per client address and public link (the sign-up link's token)."""
    token = request.resolver_match.kwargs.get("token", "") if request.resolver_match else ""
    return f"{client_address(request)}:{token}"


def posts_limited(request, *, group: str, rate: str, per_link: bool = False) -> bool:
    """Count this POST against ``rate`` for the client's address (and the link's token when
    ``per_link``); True once the count is over it. Never counts a GET."""
    from django_ratelimit.core import is_ratelimited

    if request.method != "POST":
        return False
    key = _address_and_token if per_link else _address
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


@dataclass(frozen=True)
class AcceptedLimit:
    """Accepted submissions per client address in the shared cache: ask :meth:`reached` before
    handling a post, call :meth:`count` once it was accepted."""

    group: str
    setting: str

    def _usage(self, request, *, increment: bool):
        from django_ratelimit.core import get_usage

        return get_usage(
            request, group=self.group, key=_address, rate=getattr(settings, self.setting), increment=increment
        )

    def reached(self, request) -> bool:
        usage = self._usage(request, increment=False)
        # Without a cache to ask, get_usage answers limit 0: refuse rather than let everything in.
        return usage is not None and usage["count"] >= usage["limit"]

    def count(self, request) -> None:
        self._usage(request, increment=True)

"""Absolute links for e-mails, which the workers send with no request to take the host from, and
the links of a list's rows, reversed once for the page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``SITE_URL``), or "" when that is not set: an
    e-mail then leaves the link out or names the page instead (``check --deploy`` warns)."""
    site = settings.SITE_URL.rstrip("/")
    return f"{site}{path}" if site else ""


def url_filler(name: str):
    """A function giving the URL of ``name`` (one argument, an id) for each row of a list:
    reversed once, then filled in (``reverse`` costs about 0.1 ms, ``{% url %}`` more)."""
    mark = "987654321000"
    prefix, suffix = reverse(name, args=[mark]).split(mark)
    return lambda pk: f"{prefix}{pk}{suffix}"

"""Absolute links for e-mails, which the workers send with no request to take the host from."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``SITE_URL``), or "" when that is not set: an
    e-mail then leaves the link out or names the page instead (``check --deploy`` warns)."""
    site = settings.SITE_URL.rstrip("/")
    return f"{site}{path}" if site else ""

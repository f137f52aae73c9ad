"""Deployment checks for the e-mails the workers send."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_check(app_configs, **kwargs):
    """Workers have no request to take the host from: without SITE_URL the cancel and
    evaluation links in e-mails would be relative, and useless to the people who get them."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.netloc:
        return []
    return [
        Warning(
            "SITE_URL is not an https:// address; links in e-mails sent by the workers will not work.",
            hint="Set SITE_URL to the site's public address, e.g. https://dialogkurs.example.org.",
            id="reminders.W001",
        )
    ]

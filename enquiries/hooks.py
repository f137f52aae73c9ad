"""Hooks for the apps above enquiries, which enquiries must not import (DESIGN §4).

The network app turns a *network meetings* enquiry into a case; enquiries knows only that an
action exists for a topic (registered from that app's ``AppConfig.ready``) and, afterwards,
that the enquiry was handed over.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from .models import Enquiry


@dataclass(frozen=True)
class EnquiryAction:
    topic: str
    label: str | Promise
    url_name: str  # reversed with the enquiry's id


_actions: list[EnquiryAction] = []


def register_enquiry_action(*, topic: str, label: str | Promise, url_name: str) -> None:
    """Offer ``label`` (a link to ``url_name``) on the page of each open enquiry about ``topic``."""
    action = EnquiryAction(topic, label, url_name)
    if action not in _actions:
        _actions.append(action)


def actions_for(enquiry: Enquiry) -> list[dict]:
    """The registered actions that apply to ``enquiry`` now: open, not yet handed over."""
    if not enquiry.is_open or enquiry.is_handed_over:
        return []
    return [
        {"label": a.label, "url": reverse(a.url_name, args=[enquiry.pk])} for a in _actions if a.topic == enquiry.topic
    ]

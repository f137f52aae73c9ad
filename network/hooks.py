"""What the network app offers the apps below it, through their hooks (they never import it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from enquiries.hooks import register_enquiry_action
    from enquiries.models import Topic

    register_enquiry_action(
        topic=Topic.NETWORK_MEETINGS,
        label=_("Hand over to the network team"),
        url_name="network:enquiry_to_case",
    )

"""Reading e-mails in tests."""

from __future__ import annotations

from email.utils import getaddresses


def addresses(message) -> list[str]:
    """The bare addresses a message goes to ("Name <a@b>" → "a@b")."""
    return [address for _name, address in getaddresses(message.to)]

"""Test clients logged in as someone."""

from __future__ import annotations

from django.test import Client


def client_for(user) -> Client:
    """A test client logged in as ``user`` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client

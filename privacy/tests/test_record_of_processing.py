from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import administrator, coordinator
from dialogkurs.testing.clients import client_for

pytestmark = pytest.mark.django_db
PAGE = reverse("privacy:record_of_processing")


def test_the_record_follows_the_settings(settings):
    settings.PARTICIPANT_RETENTION_MONTHS = 30
    settings.MESSAGE_RETENTION_DAYS = 45
    page = client_for(administrator()).get(PAGE).content.decode()
    assert "anonymised 30 months after the person&#x27;s last training ended" in page
    assert "removed 45 days after the message" in page
    assert "PARTICIPANT_RETENTION_MONTHS" in page


def test_only_administrators_read_the_record():
    assert client_for(coordinator()).get(PAGE).status_code == 403

"""What PostgreSQL is asked for the lookups every sign-up makes (read from plans, not timings)."""

from __future__ import annotations

import pytest

from dialogkurs.testing.explain import indexes_used
from participants.services import _by_email

pytestmark = pytest.mark.django_db


def test_a_participant_is_found_by_e_mail_address_through_the_unique_index():
    # Every sign-up looks the address up, in any case: a scan of 100,000 participants before.
    assert indexes_used(_by_email("Anna@Example.org")) == {"participant_unique_email"}

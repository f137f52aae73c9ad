"""The searches use trigram indexes on PostgreSQL (issue 13: a sequential scan of 20,000
enquiries for every search). Read from PostgreSQL's plans, never from timings."""

from __future__ import annotations

import operator
from functools import reduce

import pytest
from django.db.models import Q

from dialogkurs.testing.explain import indexes_used
from enquiries.models import Enquiry
from participants.models import Participant
from sessions_app.models import Organisation, Workplace

pytestmark = pytest.mark.django_db


def test_the_inbox_search_reads_a_trigram_index_for_each_field_it_searches():
    fields = ("name", "email", "organisation", "message", "phone")
    rows = Enquiry.objects.filter(reduce(operator.or_, (Q(**{f"{field}__icontains": "andersson"}) for field in fields)))
    assert indexes_used(rows.order_by()) == {
        "enquiries_enquiry_name_trgm",
        "enquiries_enquiry_email_trgm",
        "enquiries_enquiry_organisation_trgm",
        "enquiries_enquiry_message_trgm",
        "enquiries_enquiry_phone_trgm",
    }


@pytest.mark.parametrize(
    ("queryset", "index"),
    [
        (lambda: Participant.objects.filter(name__icontains="lind"), "participants_participant_name_trgm"),
        (lambda: Participant.objects.filter(email__icontains="lind"), "participants_participant_email_trgm"),
        (lambda: Workplace.objects.filter(name__icontains="psyk"), "sessions_app_workplace_name_trgm"),
        (lambda: Organisation.objects.filter(name__icontains="region"), "sessions_app_organisation_name_trgm"),
    ],
)
def test_icontains_on_a_searched_field_reads_its_trigram_index(queryset, index):
    assert indexes_used(queryset().order_by()) == {index}

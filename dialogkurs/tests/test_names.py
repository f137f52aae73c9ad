"""A model that says what its name reads (``STR_SELECT_RELATED``, used where a page names many
objects of several models: the outbox's "About") says all of it: its name costs no query."""

from __future__ import annotations

import pytest
from django.apps import apps

from enquiries.tests.factories import EnquiryFactory
from network.tests import factories as network_factories
from participants.tests.factories import ParticipantFactory, register
from sessions_app import services as sessions_services
from sessions_app.tests.factories import FacilitatorFactory, confirmed_course
from workshops.tests.factories import submitted_outcome

pytestmark = pytest.mark.django_db


def test_a_name_reads_only_the_rows_its_model_names_in_str_select_related(django_assert_num_queries):
    course = confirmed_course()
    register(course, ParticipantFactory())
    sessions_services.facilitator_assign(course, FacilitatorFactory())
    submitted_outcome()
    EnquiryFactory()
    network_factories.meeting(network_factories.case())
    names = {}
    for model in apps.get_models():
        related = getattr(model, "STR_SELECT_RELATED", None)
        if related is None:
            continue
        rows = model._base_manager.select_related(*related) if related else model._base_manager.all()
        objects = list(rows[:3])
        with django_assert_num_queries(0):
            names[model._meta.label] = [str(obj) for obj in objects]
    assert {label: bool(shown) for label, shown in names.items()} == {
        "enquiries.Enquiry": True,
        "network.Case": True,
        "network.NetworkMeeting": True,
        "participants.Registration": True,
        "sessions_app.Course": True,
        "sessions_app.FacilitatorAssignment": True,
        "workshops.FollowUpMeeting": True,
    }

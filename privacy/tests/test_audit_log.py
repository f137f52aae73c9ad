from __future__ import annotations

import pytest
from django.db import transaction

from accounts.tests.factories import administrator, coordinator
from audit.log import acting_as, audit_record, audit_snapshot
from audit.models import AuditEntry, Origin
from audit.selectors import entry_summary, object_history
from participants.tests.factories import ParticipantFactory, register
from sessions_app import services
from sessions_app.tests.factories import FacilitatorFactory, WorkplaceFactory, ready_course

pytestmark = pytest.mark.django_db


def _entries(obj, action: str) -> list[AuditEntry]:
    return [entry for entry in object_history(obj, limit=100) if entry.object_id == obj.pk and entry.action == action]


def test_confirming_a_course_records_who_and_the_status_old_and_new():
    course = ready_course()
    user = coordinator()
    with acting_as(user):
        services.course_confirm(course)
    [entry] = _entries(course, "confirm")
    assert (entry.actor, entry.origin) == (user, Origin.USER)
    assert entry.changes == {"fields": {"status": {"old": "draft", "new": "confirmed"}}}


def test_outside_a_request_the_entry_is_the_systems():
    course = ready_course()
    services.course_confirm(course)
    [entry] = _entries(course, "confirm")
    assert (entry.actor, entry.origin) == (None, Origin.SYSTEM)


def test_an_anonymous_request_is_recorded_as_a_public_page():
    from django.contrib.auth.models import AnonymousUser

    course = ready_course()
    with acting_as(AnonymousUser()):
        services.course_confirm(course)
    [entry] = _entries(course, "confirm")
    assert (entry.actor, entry.origin) == (None, Origin.PUBLIC)


def test_personal_fields_are_recorded_as_changed_without_their_values():
    workplace = WorkplaceFactory(manager_name="Anna Chef", manager_email="anna@example.org")
    services.workplace_update(
        workplace, manager_name="Berit Chef", manager_email="berit@example.org", manager_language="nb"
    )
    [entry] = _entries(workplace, "update")
    assert entry.changes == {
        "fields": {"manager_name": {}, "manager_email": {}, "manager_language": {"old": "sv", "new": "nb"}}
    }
    assert "Chef" not in str(entry.changes) and "example.org" not in str(entry.changes)


def test_health_related_choices_are_recorded_without_their_values():
    participant = ParticipantFactory(perspective="staff")
    before = audit_snapshot(participant, ["perspective"])
    participant.perspective = "relative"
    audit_record(participant, "update", before=before)
    [entry] = _entries(participant, "update")
    assert entry.changes == {"fields": {"perspective": {}}}
    assert entry_summary(entry) == "perspective changed"


def test_the_entry_rolls_back_with_the_change():
    course = ready_course()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.course_confirm(course)
        raise RuntimeError
    assert _entries(course, "confirm") == []


def test_a_registration_is_shown_in_its_trainings_history():
    course = ready_course()
    registration = register(course)
    history = object_history(course)
    assert [(e.action, e.object_id) for e in history if e.content_type.model == "registration"] == [
        ("register", registration.pk)
    ]


def test_a_facilitators_lived_experience_is_never_in_the_log():
    facilitator = FacilitatorFactory()
    audit_record(facilitator, "create", fields=["lived_experience", "home_area", "active"])
    [entry] = _entries(facilitator, "create")
    assert entry.changes == {"fields": {"lived_experience": {}, "home_area": {}, "active": {"new": True}}}


def test_role_changes_name_the_roles_given_and_taken():
    from accounts.services import user_set_roles

    user = administrator()
    user_set_roles(user, ["Coordinator"])
    [entry] = _entries(user, "set_roles")[:1]
    assert entry.changes == {"extra": {"added": ["Coordinator"], "removed": ["Administrator"]}}

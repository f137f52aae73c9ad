"""Every network page, for every role (DESIGN §2.4): only the case's current team sees anything
of a case; for everyone else — other clinicians, a former team member, coordinators,
facilitators, administrators, anonymous visitors — the case does not exist."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse

from enquiries.models import Topic
from enquiries.tests.factories import EnquiryFactory
from network.tests.conftest import ROLE_USERS, World, client_for

pytestmark = pytest.mark.django_db

# kind "clinician": a network clinician's own pages; "case": one case's pages.
VIEWS: list[tuple[str, str, str, Callable[[World], list]]] = [
    ("case_list", "get", "clinician", lambda w: []),
    ("case_create", "get", "clinician", lambda w: []),
    ("case_create", "post", "clinician", lambda w: []),
    ("case_detail", "get", "case", lambda w: [w.case.pk]),
    ("case_history", "get", "case", lambda w: [w.case.pk]),
    ("case_edit", "get", "case", lambda w: [w.case.pk]),
    ("case_edit", "post", "case", lambda w: [w.case.pk]),
    ("case_close", "get", "case", lambda w: [w.case.pk]),
    ("case_close", "post", "case", lambda w: [w.case.pk]),
    ("team", "get", "case", lambda w: [w.case.pk]),
    ("team", "post", "case", lambda w: [w.case.pk]),
    ("team_remove", "get", "case", lambda w: [w.case.pk, w.membership.pk]),
    ("team_remove", "post", "case", lambda w: [w.case.pk, w.membership.pk]),
    ("member_add", "get", "case", lambda w: [w.case.pk]),
    ("member_add", "post", "case", lambda w: [w.case.pk]),
    ("member_edit", "get", "case", lambda w: [w.case.pk, w.agreed.pk]),
    ("member_edit", "post", "case", lambda w: [w.case.pk, w.agreed.pk]),
    ("network_map", "get", "case", lambda w: [w.case.pk]),
    ("meeting_book", "get", "case", lambda w: [w.case.pk]),
    ("meeting_book", "post", "case", lambda w: [w.case.pk]),
    ("meeting_detail", "get", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_edit", "get", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_edit", "post", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_record", "get", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_record", "post", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_cancel", "get", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("meeting_cancel", "post", "case", lambda w: [w.case.pk, w.meeting.pk]),
    ("note_new", "get", "case", lambda w: [w.case.pk]),
    ("note_new", "post", "case", lambda w: [w.case.pk]),
    ("note_detail", "get", "case", lambda w: [w.case.pk, w.note.pk]),
    ("note_correct", "get", "case", lambda w: [w.case.pk, w.note.pk]),
    ("note_correct", "post", "case", lambda w: [w.case.pk, w.note.pk]),
    ("note_objection", "get", "case", lambda w: [w.case.pk, w.note.pk]),
    ("note_objection", "post", "case", lambda w: [w.case.pk, w.note.pk]),
    ("note_edit", "get", "case", lambda w: [w.case.pk, w.draft.pk]),
    ("note_edit", "post", "case", lambda w: [w.case.pk, w.draft.pk]),
    ("note_sign", "get", "case", lambda w: [w.case.pk, w.draft.pk]),
    ("note_autosave", "post", "case", lambda w: [w.case.pk, w.draft.pk]),
    ("case_export", "get", "case", lambda w: [w.case.pk]),
    ("case_export_json", "get", "case", lambda w: [w.case.pk]),
    ("member_erase", "get", "case", lambda w: [w.case.pk, w.not_asked.pk]),
    ("access_log", "get", "administrator", lambda w: []),
    ("emergency_list", "get", "administrator", lambda w: []),
    ("emergency_access", "get", "emergency", lambda w: []),
]

CLINICIANS = ("administrator and clinician", "clinician of another team", "former team member", "team member")


def expected(kind: str, role: str) -> int | str:
    if kind == "case":
        return "ok" if role == "team member" else 404
    if role == "anonymous":
        return "login"
    if kind == "administrator":
        return "ok" if role.startswith("administrator") else 403
    if kind == "emergency":
        return "ok" if role.startswith("administrator") or role in CLINICIANS else 403
    if kind == "clinician":
        return "ok" if role in CLINICIANS else 403
    raise AssertionError(kind)


def outcome(response) -> int | str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "ok"
    return "ok" if response.status_code == 200 else response.status_code


@pytest.mark.parametrize(("name", "method", "kind", "args"), VIEWS, ids=[f"{v[1]} {v[0]}" for v in VIEWS])
def test_each_role_gets_what_it_may_see_of_each_network_page(world, name, method, kind, args):
    url = reverse(f"network:{name}", args=args(world))
    # The team member comes last (ROLE_USERS' order): an empty POST that changes something
    # cannot change what the roles before it see.
    outcomes = {role: outcome(getattr(client_for(make(world)), method)(url)) for role, make in ROLE_USERS.items()}
    assert outcomes == {role: expected(kind, role) for role in ROLE_USERS}


def test_a_case_that_does_not_exist_looks_like_one_the_user_may_not_see(world):
    client = client_for(world.member)
    missing_url = reverse("network:case_detail", args=[world.other_case.pk + 1000])
    hidden_url = reverse("network:case_detail", args=[world.other_case.pk])
    missing, hidden = client.get(missing_url), client.get(hidden_url)
    assert (missing.status_code, hidden.status_code) == (404, 404)

    def page(response, url: str) -> bytes:
        # Alike but for the CSRF token and the page's own address (the language switcher's "next").
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content).replace(url.encode(), b"")

    assert page(missing, missing_url) == page(hidden, hidden_url)


def test_a_clinician_who_leaves_the_team_loses_the_case_at_once(world):
    client = client_for(world.partner)
    url = reverse("network:case_detail", args=[world.case.pk])
    assert client.get(url).status_code == 200
    client_for(world.member).post(
        reverse("network:team_remove", args=[world.case.pk, world.membership.pk]), {"reason": "Parental leave"}
    )
    assert client.get(url).status_code == 404


def test_a_meeting_of_another_case_is_not_found_through_ones_own_case(world):
    other_meeting = world.other_case.meetings.create(starts_at=world.meeting.starts_at, place="clinic")
    url = reverse("network:meeting_detail", args=[world.case.pk, other_meeting.pk])
    assert client_for(world.member).get(url).status_code == 404


def test_a_member_of_another_case_cannot_be_edited_through_ones_own_case(world):
    from network.tests.factories import member

    stranger = member(world.other_case, name="Stranger Person")
    url = reverse("network:member_edit", args=[world.case.pk, stranger.pk])
    assert client_for(world.member).get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", "login"), ("no role", 403), ("facilitator", 403), ("team member", 403), ("coordinator", "ok")],
)
def test_only_coordinators_hand_an_enquiry_over_to_the_network_team(world, role, status):
    enquiry = EnquiryFactory(topic=Topic.NETWORK_MEETINGS)
    response = client_for(ROLE_USERS[role](world)).get(reverse("network:enquiry_to_case", args=[enquiry.pk]))
    assert outcome(response) == status


def test_a_training_enquiry_cannot_be_handed_over(world):
    enquiry = EnquiryFactory(topic=Topic.TRAINING)
    response = client_for(ROLE_USERS["coordinator"](world)).get(reverse("network:enquiry_to_case", args=[enquiry.pk]))
    assert response.status_code == 404

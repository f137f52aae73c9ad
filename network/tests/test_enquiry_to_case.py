"""A network-meetings enquiry becomes a case in one step; the enquiry then shows only that it
was handed over, and enquiries never imports network."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import clinician, coordinator
from enquiries import services as enquiry_services
from enquiries.models import Enquiry, Status, Topic
from enquiries.tests.factories import EnquiryFactory
from network.models import Case, ContactSource, Relation
from network.tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry():
    return EnquiryFactory(
        topic=Topic.NETWORK_MEETINGS,
        name="Kari Nilsen",
        email="kari@example.org",
        phone="+47 900 00 000",
        country="NO",
        language="nb",
        created_at=timezone.now() - timedelta(hours=5),
    )


def test_the_enquirer_becomes_the_index_person_and_the_enquiry_is_handed_over(enquiry):
    staff, team = coordinator(), [clinician(), clinician()]
    response = client_for(staff).post(
        reverse("network:enquiry_to_case", args=[enquiry.pk]),
        {"clinicians": [u.pk for u in team], "enquirer_is": "index"},
    )
    assert response["Location"] == reverse("enquiries:detail", args=[enquiry.pk])
    case = Case.objects.get()
    assert (case.name, case.email, case.phone, case.country, case.language) == (
        "Kari Nilsen",
        "kari@example.org",
        "+47 900 00 000",
        "NO",
        "nb",
    )
    assert case.first_contact_at == enquiry.created_at
    assert case.contact_source == ContactSource.ENQUIRY
    assert sorted(case.memberships.values_list("clinician", flat=True)) == sorted(u.pk for u in team)
    assert case.members.count() == 0
    enquiry.refresh_from_db()
    assert enquiry.is_handed_over
    assert enquiry.status == Status.CLOSED


def test_the_enquirer_can_become_a_member_of_the_index_persons_network(enquiry):
    staff = coordinator()
    client_for(staff).post(
        reverse("network:enquiry_to_case", args=[enquiry.pk]),
        {
            "clinicians": [clinician().pk],
            "enquirer_is": "member",
            "relation": Relation.PARENT,
            "index_person_name": "Jonas Nilsen",
        },
    )
    case = Case.objects.get()
    assert case.name == "Jonas Nilsen"
    assert case.email == ""
    member = case.members.get()
    assert (member.name, member.relation, member.email, member.invite_agreement) == (
        "Kari Nilsen",
        Relation.PARENT,
        "kari@example.org",
        "not_asked",
    )


def test_the_enquiry_page_shows_the_hand_over_and_nothing_of_the_case(enquiry):
    staff = coordinator()
    client = client_for(staff)
    page = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    assert "Hand over to the network team" in page
    client.post(
        reverse("network:enquiry_to_case", args=[enquiry.pk]),
        {"clinicians": [clinician(full_name="Maja Clinician").pk], "enquirer_is": "index"},
    )
    case = Case.objects.get()
    page = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    assert "Handed over to the network team on" in page
    assert "Hand over to the network team</a>" not in page
    assert "Maja Clinician" not in page
    assert reverse("network:case_detail", args=[case.pk]) not in page
    assert client.get(reverse("network:case_detail", args=[case.pk])).status_code == 404


def test_an_enquiry_is_handed_over_once(enquiry):
    staff = coordinator()
    data = {"clinicians": [clinician().pk], "enquirer_is": "index"}
    client_for(staff).post(reverse("network:enquiry_to_case", args=[enquiry.pk]), data)
    response = client_for(staff).post(reverse("network:enquiry_to_case", args=[enquiry.pk]), data)
    assert response.status_code == 404
    assert Case.objects.count() == 1


def test_bad_input_saves_nothing_and_says_why(enquiry):
    staff = coordinator()
    response = client_for(staff).post(
        reverse("network:enquiry_to_case", args=[enquiry.pk]),
        {"clinicians": [], "enquirer_is": "member", "relation": "", "index_person_name": "\x00"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose the enquirer&#x27;s relation to the index person." in page
    assert "Give the index person&#x27;s name." in page
    assert Case.objects.count() == 0
    assert not Enquiry.objects.get().is_handed_over


def test_a_booked_face_to_face_meeting_keeps_the_enquiry_open_and_its_reminders(enquiry, celery_eager):
    staff, nurse = coordinator(), clinician()
    enquiry_services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=timezone.now() + timedelta(days=1),
        duration_minutes=60,
        location="Bodø",
        attendees=[nurse],
    )
    client_for(staff).post(
        reverse("network:enquiry_to_case", args=[enquiry.pk]), {"clinicians": [nurse.pk], "enquirer_is": "index"}
    )
    enquiry.refresh_from_db()
    assert enquiry.is_handed_over and enquiry.status == Status.MEETING_BOOKED


def test_network_clinicians_are_offered_for_the_face_to_face_meeting_of_a_network_enquiry(enquiry):
    staff, nurse = coordinator(), clinician(full_name="Nora Nurse")
    page = client_for(staff).get(reverse("enquiries:meeting", args=[enquiry.pk])).content.decode()
    assert f'value="{nurse.pk}"' in page
    training = EnquiryFactory(topic=Topic.TRAINING)
    assert "Nora Nurse" not in client_for(staff).get(reverse("enquiries:meeting", args=[training.pk])).content.decode()


def test_enquiries_never_imports_network():
    root = Path(__file__).resolve().parents[2] / "enquiries"
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n == "network" or n.startswith("network.")]
        if '"network:' in path.read_text() or "'network:" in path.read_text():
            offenders.append(f"{path.name}: a network URL name")
    assert offenders == []

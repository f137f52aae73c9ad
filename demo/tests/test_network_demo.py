import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from demo.data import load_demo
from network.models import Case, NetworkMeeting, NetworkMember

pytestmark = pytest.mark.django_db


def test_the_demo_clinician_has_a_full_case_and_a_flagged_one_and_cannot_see_a_colleagues_case():
    load_demo()
    counts = (Case.objects.count(), NetworkMember.objects.count(), NetworkMeeting.objects.count())
    load_demo()
    assert (Case.objects.count(), NetworkMember.objects.count(), NetworkMeeting.objects.count()) == counts
    maria = User.objects.get(email="clinician@demo.dialogkurs.se")
    mine = Case.objects.filter(memberships__clinician=maria, memberships__ended_at=None)
    assert mine.count() == 2
    full = next(c for c in mine if c.members.count() == 6)
    assert sorted(full.meetings.values_list("status", flat=True)) == ["booked", "held", "held"]
    assert not full.is_first_meeting_late()
    new = next(c for c in mine if c.pk != full.pk)
    assert new.is_first_meeting_late(timezone.now())
    hidden = Case.objects.exclude(pk__in=mine.values("pk")).get()
    client = Client()
    client.force_login(maria)
    assert client.get(reverse("network:case_detail", args=[hidden.pk])).status_code == 404
    page = client.get(reverse("network:case_list")).content.decode()
    assert "Elin Sandberg" in page and "Mikael Andersson" in page and "Ingrid Hansen" not in page
    assert "No meeting held within 24 hours of first contact." in page
    assert client.get(reverse("network:network_map", args=[full.pk])).status_code == 200

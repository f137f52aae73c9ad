"""The printable sign-in sheet of a half-day: confirmed participants, a signature column and the
half-day's themes."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import UserFactory, administrator, coordinator
from participants.services import registration_cancel
from participants.tests.factories import register
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import BEFORE_TRAINING, february_training

pytestmark = pytest.mark.django_db
# Session, user and roles, the course, the half-day with its themes, the confirmed participants.
QUERIES = 8


def rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_sheet_lists_the_confirmed_in_name_order_with_an_empty_signature_column_and_the_themes(client):
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        register(course, name="Cecilia Ek")
        register(course, name="Anders Berg")
        registration_cancel(register(course, name="Bo Gone"))
    client.force_login(coordinator())
    response = client.get(reverse("participants:sign_in_sheet", args=[course.pk, 2]))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == ["1 Anders Berg", "2 Cecilia Ek"]
    assert '<th scope="col" class="sign-in-signature">Signature</th>' in html
    assert "3. Own recovery work" in html and "4. Idea workshop" in html
    assert "1. Create contact and establish an alliance" not in html
    assert "<h1>Sign-in sheet, half-day 2</h1>" in html


def test_the_sheet_speaks_swedish(client):
    course = february_training()
    client.force_login(coordinator())
    client.cookies["django_language"] = "sv"
    html = client.get(reverse("participants:sign_in_sheet", args=[course.pk, 1])).content.decode()
    assert "<h1>Närvarolista, halvdag 1</h1>" in html
    assert "Underskrift" in html


def test_an_unknown_half_day_is_not_found(client):
    course = february_training()
    client.force_login(coordinator())
    assert client.get(reverse("participants:sign_in_sheet", args=[course.pk, 3])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("no_role", 403),
        ("administrator", 403),
        ("other_facilitator", 404),
        ("course_facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_who_may_print_a_sign_in_sheet(client, who, status):
    course = february_training()
    other = february_training()
    users = {
        "no_role": UserFactory,
        "administrator": administrator,
        "coordinator": coordinator,
        "course_facilitator": lambda: (
            course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user
        ),
        "other_facilitator": lambda: other.assignments.first().facilitator.user,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    assert client.get(reverse("participants:sign_in_sheet", args=[course.pk, 1])).status_code == status


@pytest.mark.parametrize("count", [1, 5])
def test_the_sheet_asks_the_same_queries_for_one_participant_and_for_five(client, django_assert_num_queries, count):
    course = february_training()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        for _ in range(count):
            register(course)
    client.force_login(coordinator())
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("participants:sign_in_sheet", args=[course.pk, 1]))
    assert len(rows(response.content.decode())) == count

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory, administrator, coordinator
from audit.log import acting_as
from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.tests.factories import FacilitatorFactory, ready_course

pytestmark = pytest.mark.django_db

SEARCH = reverse("privacy:audit_search")

# The search page: view × role → status.
POLICY = {
    "administrator": 200,
    "coordinator": 403,
    "facilitator": 403,
    "network clinician": 403,
    "no role": 403,
}
USERS = {
    "administrator": administrator,
    "coordinator": coordinator,
    "facilitator": lambda: FacilitatorFactory().user,
    "network clinician": lambda: UserFactory(roles=[Role.NETWORK_CLINICIAN]),
    "no role": UserFactory,
}


@pytest.mark.parametrize("role", POLICY)
def test_only_administrators_search_the_audit_log(role):
    assert client_for(USERS[role]()).get(SEARCH).status_code == POLICY[role]


def test_anonymous_visitors_are_sent_to_log_in():
    response = client_for(None).get(SEARCH)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_course_page_shows_who_confirmed_it():
    course = ready_course()
    user = coordinator(full_name="Cora Samordnare")
    course.coordinator = user
    course.save(update_fields=["coordinator"])
    with acting_as(user):
        services.course_confirm(course)
    page = client_for(user).get(reverse("sessions_app:course_detail", args=[course.pk])).content.decode()
    assert "History" in page
    assert (
        "Cora Samordnare" in page
        and "confirmed" in page
        and "draft → confirmed" in page.replace("Draft", "draft").replace("Confirmed", "confirmed")
    )


def test_the_search_finds_by_user_object_and_period_and_exports_csv():
    course = ready_course()
    user = coordinator(email="cora@example.org")
    with acting_as(user):
        services.course_confirm(course)
    client = client_for(administrator())
    query = {"actor": "CORA@example.org", "content_type": course_type(), "object_id": course.pk}
    page = client.get(SEARCH, query)
    assert page.status_code == 200
    assert [entry.action for entry in page.context["page_obj"]] == ["confirm"]
    csv = client.get(SEARCH, {**query, "format": "csv"})
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and f"#{course.pk}" in lines[1] and "confirmed" in lines[1]
    assert client.get(SEARCH, {"since": "2999-01-01"}).context["page_obj"].paginator.count == 0


def test_a_bad_search_is_explained_and_lists_nothing():
    response = client_for(administrator()).get(SEARCH, {"object_id": "12", "since": "not a date"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    form = response.context["form"]
    assert set(form.errors) == {"content_type", "since"}


def course_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    from sessions_app.models import Course

    return ContentType.objects.get_for_model(Course).pk


def test_the_search_page_costs_the_same_queries_for_1_and_5_courses(django_assert_num_queries):
    client = client_for(administrator())
    ready_course()
    client.get(SEARCH)  # warm the content-type cache
    with django_assert_num_queries(7) as one:
        client.get(SEARCH)
    for _ in range(4):
        ready_course()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(SEARCH)
    assert response.context["page_obj"].paginator.count > 20

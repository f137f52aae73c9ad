"""The admin's list of courses stays one page of queries however many courses there are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from dialogkurs.pagination import PAGE_SIZE
from sessions_app.tests.factories import CourseFactory, OrganisationFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, PAGE_SIZE + 5])
def test_the_admin_course_list_takes_the_same_queries_for_one_course_or_many(client, django_assert_num_queries, rows):
    for n in range(rows):
        CourseFactory(workplace=WorkplaceFactory(organisation=OrganisationFactory(name=f"Region {n}")))
    client.force_login(UserFactory(is_superuser=True))
    # The request's session, user and second factor; one COUNT and the page of courses with their
    # workplace, organisation and coordinator (no second COUNT, no date hierarchy).
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:sessions_app_course_changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert (changelist.result_count, len(changelist.result_list)) == (rows, min(rows, PAGE_SIZE))
    # No filter of every organisation: they are found by searching their name.
    assert b"workplace__organisation__id__exact" not in response.content


def test_the_admin_finds_the_courses_of_an_organisation_by_its_name(client):
    wanted = CourseFactory(workplace=WorkplaceFactory(organisation=OrganisationFactory(name="Region Gävleborg")))
    CourseFactory(workplace=WorkplaceFactory(organisation=OrganisationFactory(name="Region Dalarna")))
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("admin:sessions_app_course_changelist"), {"q": "Gävleborg"})
    assert list(response.context["cl"].result_list) == [wanted]

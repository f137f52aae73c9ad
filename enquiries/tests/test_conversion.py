"""A training enquiry becomes a draft course for its workplace in one step, linked both ways."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import coordinator
from enquiries import services
from enquiries.models import Enquiry, EventKind, Topic
from enquiries.tests.factories import EnquiryFactory
from sessions_app.models import Course, CourseStatus, Organisation, Workplace
from sessions_app.tests.factories import OrganisationFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = coordinator()
    client.force_login(user)
    return user


NEW_WORKPLACE = {
    "organisation": "",
    "organisation_name": "Region Västerbotten",
    "workplace": "",
    "workplace_name": "Psykiatriska mottagningen Umeå",
    "visiting_address": "Storgatan 1, Umeå",
    "manager_name": "Lena Berg",
    "manager_email": "lena.berg@example.org",
    "location": "Konferensrummet",
    "notes": "",
}


def test_a_training_enquiry_becomes_a_draft_course_with_a_new_organisation_and_workplace(client, staff):
    enquiry = EnquiryFactory(organisation="Region Västerbotten", country="SE", language="sv")
    url = reverse("enquiries:convert", args=[enquiry.pk])
    assert client.get(url).context["form"]["organisation_name"].value() == "Region Västerbotten"
    response = client.post(url, NEW_WORKPLACE)
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.status, course.coordinator, course.location) == (CourseStatus.DRAFT, staff, "Konferensrummet")
    assert course.notes == f"From enquiry {enquiry.pk}."
    workplace = course.workplace
    assert (workplace.name, workplace.visiting_address, workplace.manager_email) == (
        "Psykiatriska mottagningen Umeå",
        "Storgatan 1, Umeå",
        "lena.berg@example.org",
    )
    assert (workplace.organisation.name, workplace.organisation.country) == ("Region Västerbotten", "SE")
    assert Enquiry.objects.get().course == course
    assert list(course.enquiries.all()) == [enquiry]
    assert Enquiry.objects.get().events.last().kind == EventKind.CONVERTED
    detail = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    assert "A course for Psykiatriska mottagningen Umeå (Region Västerbotten), status: Draft." in detail
    assert "Create a draft course" not in detail


def test_an_existing_workplace_is_used_as_it_is(client, staff):
    workplace = WorkplaceFactory()
    enquiry = EnquiryFactory()
    data = {**NEW_WORKPLACE, "workplace": str(workplace.pk), "organisation_name": "", "workplace_name": ""}
    assert client.post(reverse("enquiries:convert", args=[enquiry.pk]), data).status_code == 302
    assert Course.objects.get().workplace == workplace
    assert (Organisation.objects.count(), Workplace.objects.count()) == (1, 1)


def test_known_names_are_found_instead_of_duplicated():
    staff = coordinator()
    organisation = OrganisationFactory(name="Region Västerbotten", country="SE")
    workplace = WorkplaceFactory(organisation=organisation, name="Psykiatriska mottagningen Umeå")
    course = services.enquiry_convert_to_course(
        EnquiryFactory(),
        by=staff,
        organisation_name="region västerbotten",
        workplace_name="PSYKIATRISKA mottagningen umeå",
    )
    assert course.workplace == workplace
    assert (Organisation.objects.count(), Workplace.objects.count()) == (1, 1)


def test_a_norwegian_enquiry_creates_a_norwegian_organisation():
    course = services.enquiry_convert_to_course(
        EnquiryFactory(country="NO", language="nb"),
        by=coordinator(),
        organisation_name="Helse Bergen",
        workplace_name="DPS Bjørgvin",
    )
    assert course.workplace.organisation.country == "NO"
    assert course.workplace.manager_language == "nb"


@pytest.mark.parametrize("topic", [Topic.NETWORK_MEETINGS, Topic.RESEARCH, Topic.OTHER])
def test_only_training_enquiries_convert(client, staff, topic):
    enquiry = EnquiryFactory(topic=topic)
    assert client.get(reverse("enquiries:convert", args=[enquiry.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.enquiry_convert_to_course(enquiry, by=staff, organisation_name="X", workplace_name="Y")
    assert not Course.objects.exists()


def test_an_enquiry_converts_once(client, staff):
    enquiry = EnquiryFactory()
    client.post(reverse("enquiries:convert", args=[enquiry.pk]), NEW_WORKPLACE)
    response = client.post(reverse("enquiries:convert", args=[enquiry.pk]), NEW_WORKPLACE)
    assert "This enquiry already has a draft course." in response.content.decode()
    assert Course.objects.count() == 1


def test_a_closed_enquiry_does_not_convert(staff):
    enquiry = EnquiryFactory()
    services.enquiry_close(enquiry, by=staff, reason="Dubblett")
    with pytest.raises(ValidationError):
        services.enquiry_convert_to_course(enquiry, by=staff, organisation_name="X", workplace_name="Y")


BAD = [
    ({"organisation_name": "", "organisation": ""}, "Choose an organisation or give the name of a new one."),
    ({"workplace_name": ""}, "Choose a workplace or give the name of a new one."),
    ({"workplace": "999999"}, "Select a valid choice. That choice is not one of the available choices."),
    ({"organisation_name": "o" * 201}, "Ensure this value has at most 200 characters (it has 201)."),
    ({"manager_email": "lena-at-example"}, "Enter a valid email address."),
    ({"location": "l" * 301}, "Ensure this value has at most 300 characters (it has 301)."),
]


@pytest.mark.parametrize(("overrides", "error"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_conversion_input_shows_a_clear_error_and_creates_nothing(client, staff, overrides, error):
    enquiry = EnquiryFactory()
    response = client.post(reverse("enquiries:convert", args=[enquiry.pk]), {**NEW_WORKPLACE, **overrides})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (Course.objects.count(), Organisation.objects.count(), Workplace.objects.count()) == (0, 0, 0)


def test_a_workplace_of_another_country_is_not_offered(client, staff):
    norwegian = WorkplaceFactory(organisation=OrganisationFactory(country="NO"))
    enquiry = EnquiryFactory(country="SE")
    response = client.post(
        reverse("enquiries:convert", args=[enquiry.pk]), {**NEW_WORKPLACE, "workplace": str(norwegian.pk)}
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Course.objects.exists()

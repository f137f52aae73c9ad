"""Organisations and workplaces: lists, forms and their training history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator
from sessions_app.models import Country, Organisation, Workplace
from sessions_app.tests.factories import (
    OrganisationFactory,
    WorkplaceFactory,
    confirmed_course,
    scheduled_course,
)
from sessions_app.tests.helpers import assert_error_above_form, assert_error_at_field, messages_of

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)


def workplace_data(organisation: Organisation, **overrides) -> dict:
    return {
        "organisation": organisation.pk,
        "name": "Psykosmottagningen",
        "visiting_address": "Södra vägen 3, Umeå",
        "manager_name": "Lena Ek",
        "manager_email": "lena.ek@example.org",
        "manager_language": "sv",
    } | overrides


# --- Organisations -----------------------------------------------------------------------------


def test_the_organisation_list_counts_workplaces_and_trainings(coordinator_client):
    region = OrganisationFactory(name="Region Västerbotten")
    first, second = WorkplaceFactory(organisation=region), WorkplaceFactory(organisation=region)
    scheduled_course(DAY, workplace=first)
    scheduled_course(DAY + timedelta(days=20), workplace=first)
    scheduled_course(DAY, workplace=second)
    OrganisationFactory(name="Tromsø kommune", country=Country.NORWAY)
    response = coordinator_client.get(reverse("sessions_app:organisation_list"))
    rows = [(o.name, o.workplace_count, o.course_count) for o in response.context["organisations"]]
    assert rows == [("Region Västerbotten", 2, 3), ("Tromsø kommune", 0, 0)]
    assert "Norway" in response.content.decode()


def test_the_organisation_list_searches_by_name(coordinator_client):
    OrganisationFactory(name="Region Västerbotten")
    OrganisationFactory(name="Tromsø kommune")
    response = coordinator_client.get(reverse("sessions_app:organisation_list"), {"q": "tromsø"})
    assert [o.name for o in response.context["organisations"]] == ["Tromsø kommune"]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_organisation_list_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    for _ in range(rows):
        scheduled_course(DAY, workplace=WorkplaceFactory())
    client.force_login(coordinator())
    with django_assert_num_queries(5):
        response = client.get(reverse("sessions_app:organisation_list"))
    assert len(response.context["organisations"]) == rows


def test_adding_an_organisation(coordinator_client):
    response = coordinator_client.post(
        reverse("sessions_app:organisation_create"), {"name": "  Region Norrbotten ", "country": "SE"}, follow=True
    )
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.country) == ("Region Norrbotten", "SE")
    assert response.redirect_chain == [(organisation.get_absolute_url(), 302)]
    assert messages_of(response) == ["The organisation Region Norrbotten has been added."]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "country": "SE"}, "name", "This field is required."),
        (
            {"name": "Region Norrbotten", "country": "DK"},
            "country",
            "Select a valid choice. DK is not one of the available choices.",
        ),
    ],
)
def test_adding_an_organisation_with_bad_input_saves_nothing(coordinator_client, data, field, message):
    response = coordinator_client.post(reverse("sessions_app:organisation_create"), data)
    assert_error_at_field(response, field, message)
    assert Organisation.objects.count() == 0


def test_an_organisation_cannot_be_added_twice_in_one_country(coordinator_client):
    OrganisationFactory(name="Region Norrbotten", country="SE")
    response = coordinator_client.post(
        reverse("sessions_app:organisation_create"), {"name": "Region Norrbotten", "country": "SE"}
    )
    assert_error_above_form(response, "Organisation with this Name and Country already exists.")
    assert Organisation.objects.count() == 1


def test_the_organisation_page_shows_its_workplaces_and_training_history(coordinator_client):
    region = OrganisationFactory()
    workplace = WorkplaceFactory(organisation=region, name="Beroendemottagningen")
    course = confirmed_course(DAY, workplace=workplace)
    elsewhere = scheduled_course(DAY)
    response = coordinator_client.get(region.get_absolute_url())
    assert list(response.context["workplaces"]) == [workplace]
    assert _pks(response.context["courses"]) == _pks([course])
    assert elsewhere.workplace.name not in response.content.decode()
    assert f'href="{reverse("sessions_app:workplace_create")}?organisation={region.pk}"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_organisation_page_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    region = OrganisationFactory()
    for _ in range(rows):
        confirmed_course(DAY, workplace=WorkplaceFactory(organisation=region))
    client.force_login(coordinator())
    with django_assert_num_queries(8):
        response = client.get(region.get_absolute_url())
    assert len(response.context["courses"]) == rows


# --- Workplaces ---------------------------------------------------------------------------------


def test_the_workplace_list_shows_each_workplace_with_its_organisation_and_trainings(coordinator_client):
    workplace = WorkplaceFactory(name="Psykosmottagningen", organisation=OrganisationFactory(name="Region Kalmar"))
    scheduled_course(DAY, workplace=workplace)
    WorkplaceFactory(name="Ungdomsmottagningen", organisation=OrganisationFactory(name="Region Blekinge"))
    response = coordinator_client.get(reverse("sessions_app:workplace_list"))
    rows = [(w.organisation.name, w.name, w.course_count) for w in response.context["workplaces"]]
    assert rows == [("Region Blekinge", "Ungdomsmottagningen", 0), ("Region Kalmar", "Psykosmottagningen", 1)]


def test_the_workplace_list_searches_name_organisation_manager_and_address(coordinator_client):
    WorkplaceFactory(name="Psykosmottagningen", manager_name="Lena Ek", visiting_address="Södra vägen 3")
    WorkplaceFactory(name="Ungdomsmottagningen", organisation=OrganisationFactory(name="Region Kalmar"))
    url = reverse("sessions_app:workplace_list")
    for query, expected in [
        ("psykos", ["Psykosmottagningen"]),
        ("kalmar", ["Ungdomsmottagningen"]),
        ("lena", ["Psykosmottagningen"]),
        ("södra", ["Psykosmottagningen"]),
    ]:
        assert [w.name for w in coordinator_client.get(url, {"q": query}).context["workplaces"]] == expected


@pytest.mark.parametrize("rows", [1, 5])
def test_the_workplace_list_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    for _ in range(rows):
        scheduled_course(DAY, workplace=WorkplaceFactory())
    client.force_login(coordinator())
    with django_assert_num_queries(5):
        response = client.get(reverse("sessions_app:workplace_list"))
    assert len(response.context["workplaces"]) == rows


def test_adding_a_workplace_from_its_organisation(coordinator_client):
    region = OrganisationFactory()
    form = coordinator_client.get(reverse("sessions_app:workplace_create"), {"organisation": region.pk}).context["form"]
    assert str(form["organisation"].value()) == str(region.pk)
    response = coordinator_client.post(reverse("sessions_app:workplace_create"), workplace_data(region), follow=True)
    workplace = Workplace.objects.get()
    assert (workplace.organisation, workplace.name, workplace.manager_email) == (
        region,
        "Psykosmottagningen",
        "lena.ek@example.org",
    )
    assert response.redirect_chain == [(workplace.get_absolute_url(), 302)]
    assert messages_of(response) == ["The workplace Psykosmottagningen has been added."]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"manager_email": "lena.ek"}, "manager_email", "Enter a valid email address."),
        ({"organisation": ""}, "organisation", "This field is required."),
        (
            {"manager_language": "de"},
            "manager_language",
            "Select a valid choice. de is not one of the available choices.",
        ),
    ],
)
def test_adding_a_workplace_with_bad_input_saves_nothing(coordinator_client, overrides, field, message):
    response = coordinator_client.post(
        reverse("sessions_app:workplace_create"), workplace_data(OrganisationFactory()) | overrides
    )
    assert_error_at_field(response, field, message)
    assert Workplace.objects.count() == 0


def test_a_workplace_name_is_unique_within_its_organisation(coordinator_client):
    existing = WorkplaceFactory(name="Psykosmottagningen")
    response = coordinator_client.post(reverse("sessions_app:workplace_create"), workplace_data(existing.organisation))
    assert_error_above_form(response, "Workplace with this Organisation and Name already exists.")
    assert Workplace.objects.count() == 1


def test_editing_a_workplace_keeps_its_organisation(coordinator_client):
    workplace = WorkplaceFactory()
    organisation = workplace.organisation
    other = OrganisationFactory()
    response = coordinator_client.post(
        reverse("sessions_app:workplace_edit", args=[workplace.pk]),
        workplace_data(other, name="Nytt namn", manager_email="ny.chef@example.org"),
        follow=True,
    )
    workplace.refresh_from_db()
    assert (workplace.organisation, workplace.name, workplace.manager_email) == (
        organisation,
        "Nytt namn",
        "ny.chef@example.org",
    )
    assert messages_of(response) == ["The workplace has been saved."]


def test_editing_a_workplace_with_bad_input_saves_nothing(coordinator_client):
    workplace = WorkplaceFactory(name="Psykosmottagningen")
    response = coordinator_client.post(
        reverse("sessions_app:workplace_edit", args=[workplace.pk]),
        workplace_data(workplace.organisation, name="", manager_email="not-an-address"),
    )
    assert_error_at_field(response, "name", "This field is required.")
    assert response.context["form"].errors["manager_email"] == ["Enter a valid email address."]
    workplace.refresh_from_db()
    assert workplace.name == "Psykosmottagningen"


def test_the_workplace_page_shows_its_training_history_and_a_booking_link(coordinator_client):
    workplace = WorkplaceFactory()
    sooner = confirmed_course(DAY, workplace=workplace)
    later = scheduled_course(DAY + timedelta(days=90), workplace=workplace)
    response = coordinator_client.get(workplace.get_absolute_url())
    assert _pks(response.context["courses"]) == _pks([sooner, later])
    assert f'href="{reverse("sessions_app:course_create")}?workplace={workplace.pk}"' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_workplace_page_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    workplace = WorkplaceFactory()
    for n in range(rows):
        confirmed_course(DAY + timedelta(days=20 * n), workplace=workplace)
    client.force_login(coordinator())
    with django_assert_num_queries(7):
        response = client.get(workplace.get_absolute_url())
    assert len(response.context["courses"]) == rows


# --- Training history: coming first, the past paged ------------------------------------------


TODAY = timezone.localdate()


def _pks(rows) -> list[int]:
    """The trainings of a history page (``CourseRow``s) or of a list of courses, by id, in order."""
    return [row.pk for row in rows]


def _history_of(workplace, *, coming: int, past: int) -> tuple[list, list]:
    """Coming trainings a month apart from 30 days ahead, past ones a month apart from 60 days ago."""
    ahead = [scheduled_course(TODAY + timedelta(days=30 * (n + 1)), workplace=workplace) for n in range(coming)]
    behind = [scheduled_course(TODAY - timedelta(days=30 * (n + 2)), workplace=workplace) for n in range(past)]
    return ahead, behind


def test_the_workplace_history_shows_the_coming_trainings_first_and_pages_the_past(coordinator_client):
    workplace = WorkplaceFactory()
    ahead, behind = _history_of(workplace, coming=2, past=9)
    url = workplace.get_absolute_url()
    first = coordinator_client.get(url)
    # The soonest coming training first, then the latest past one: ten to a page.
    assert _pks(first.context["courses"]) == _pks([*ahead, *behind[:8]])
    assert (first.context["coming_count"], first.context["past_count"]) == (2, 9)
    body = first.content.decode()
    assert "Coming or not yet planned: 2. Past: 9." in body
    assert 'aria-label="Pages of the training history"' in body
    assert "Page 1 of 2" in body
    second = coordinator_client.get(url, {"page": 2})
    assert _pks(second.context["courses"]) == _pks(behind[8:])


def test_the_organisation_history_spans_its_workplaces_coming_first(coordinator_client):
    region = OrganisationFactory()
    one, other = WorkplaceFactory(organisation=region), WorkplaceFactory(organisation=region)
    ahead_one, behind_one = _history_of(one, coming=1, past=1)
    ahead_other = scheduled_course(TODAY + timedelta(days=10), workplace=other)
    scheduled_course(TODAY + timedelta(days=5))  # another organisation's
    response = coordinator_client.get(region.get_absolute_url())
    assert _pks(response.context["courses"]) == _pks([ahead_other, *ahead_one, *behind_one])
    assert (response.context["coming_count"], response.context["past_count"]) == (2, 1)
    counts = {w.pk: (w.coming_count, w.past_count) for w in response.context["workplaces"]}
    assert counts == {one.pk: (1, 1), other.pk: (1, 0)}


@pytest.mark.parametrize(("coming", "past", "on_page_2"), [(0, 1, 1), (3, 12, 5)])
def test_the_place_pages_take_the_same_queries_however_long_the_history(
    client, django_assert_num_queries, coming, past, on_page_2
):
    workplace = WorkplaceFactory()
    _history_of(workplace, coming=coming, past=past)
    client.force_login(coordinator())
    # Session, user, roles, the workplace with its counts, a page of trainings with their
    # half-days, their facilitators, the history (audit) entries: no count of its own for the
    # paginator.
    with django_assert_num_queries(7):
        response = client.get(workplace.get_absolute_url(), {"page": 2})
    assert len(response.context["courses"]) == on_page_2  # a page past the end gives the last
    with django_assert_num_queries(8):
        response = client.get(workplace.organisation.get_absolute_url())
    assert len(response.context["courses"]) == min(coming + past, 10)


def test_the_workplace_pages_history_gives_each_change_its_local_time_in_the_readers_language(coordinator_client):
    from django.utils import formats, translation

    from audit.models import AuditEntry
    from sessions_app import services

    workplace = WorkplaceFactory()
    services.workplace_update(workplace, manager_name="Ny Chef")
    entry = AuditEntry.objects.filter(object_id=workplace.pk, action="update").latest("at")
    AuditEntry.objects.filter(pk=entry.pk).update(at=datetime(2026, 7, 31, 22, 30, tzinfo=UTC))
    entry.refresh_from_db()
    coordinator_client.cookies["django_language"] = "sv"
    body = coordinator_client.get(workplace.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    with translation.override("sv"):
        expected = formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT")
    assert expected == "2026-08-01 00:30"  # Stockholm's summer time, the next day
    assert f"<td>{expected}</td>" in body

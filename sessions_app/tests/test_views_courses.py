"""The course pages of coordinators: list, booking, editing, rescheduling, the course page and
its actions. Permissions per role are in test_views_permissions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import escape

from accounts.tests.factories import UserFactory, coordinator, facilitator_user
from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.models import AssignmentStatus, Course, CourseStatus, HalfDayTheme
from sessions_app.tests.factories import (
    CourseFactory,
    FacilitatorFactory,
    OrganisationFactory,
    WorkplaceFactory,
    at,
    confirmed_course,
    ready_course,
    schedule,
    scheduled_course,
)
from sessions_app.tests.helpers import (
    assert_error_above_form,
    assert_error_at_field,
    course_form_data,
    messages_of,
)

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)
LIST = reverse("sessions_app:course_list")


def detail(course: Course) -> str:
    return reverse("sessions_app:course_detail", args=[course.pk])


# --- The list ------------------------------------------------------------------------------------


def test_each_training_is_a_row_with_its_workplace_dates_status_and_facilitators(coordinator_client):
    course = confirmed_course(DAY, workplace=WorkplaceFactory(name="Barnpsykiatrin Umeå"))
    response = coordinator_client.get(LIST)
    [row] = response.context["courses"]
    assert row.pk == course.pk
    body = response.content.decode()
    assert "Barnpsykiatrin Umeå" in body
    assert course.workplace.organisation.name in body
    assert '<span class="status-badge">Confirmed</span>' in body
    names = sorted(str(a.facilitator) for a in course.assignments.all())
    assert all(f"{name} (accepted)" in body for name in names)


def test_a_row_is_written_out_in_full(coordinator_client):
    """The rows are written in Python (``course_rows``): the whole row, escaped, with the dates in
    the page's formats."""
    workplace = WorkplaceFactory(name="Barn & unga <BUP>", organisation=OrganisationFactory(name="Region <Öst>"))
    course = confirmed_course(DAY, workplace=workplace)
    names = "".join(
        f'<span class="d-block">{escape(str(a.facilitator))} (accepted)</span>'
        for a in course.assignments.order_by("invited_at")
    )
    half_days = "".join(
        f'<span class="d-block text-nowrap">{date_format(at(day, 8), "SHORT_DATE_FORMAT")} '
        f"{time_format(at(day, 8), 'TIME_FORMAT')}–{time_format(at(day, 12), 'TIME_FORMAT')}</span>"
        for day in (DAY, DAY + timedelta(days=7))
    )
    body = coordinator_client.get(LIST).content.decode()
    start = body.index("<tr><td><a")
    assert body[start : body.index("</tr>", start) + 5] == (
        f'<tr><td><a href="{detail(course)}">Barn &amp; unga &lt;BUP&gt;<span class="visually-hidden">, starting '
        f'{date_format(DAY, "DATE_FORMAT")}</span></a> <span class="text-body-secondary">#{course.pk}</span></td>'
        f'<td>Region &lt;Öst&gt;</td><td>{half_days}</td><td><span class="status-badge">Confirmed</span></td>'
        f"<td>0</td><td>{names}</td></tr>"
    )


def test_a_training_without_half_days_or_facilitators_says_so_in_its_row(coordinator_client):
    course = CourseFactory()
    body = coordinator_client.get(LIST).content.decode()
    assert f"not planned yet, number {course.pk}" in body
    assert "<td>Not planned yet</td>" in body
    assert "<td>None yet</td>" in body


def test_the_search_finds_a_training_by_its_location(coordinator_client):
    course = scheduled_course(DAY, location="Aulan, Sunderby sjukhus")
    scheduled_course(DAY)
    found = coordinator_client.get(LIST, {"q": "sunderby"}).context["courses"]
    assert [c.pk for c in found] == [course.pk]


def test_the_search_takes_wildcards_and_quotes_as_text(coordinator_client):
    """The search's SQL is written out (filters.search_condition): % and _ are letters there as
    in Django's icontains, and a quote is a value, not SQL."""
    percent = scheduled_course(DAY, workplace=WorkplaceFactory(name="Mottagning 50% Nord"))
    quoted = scheduled_course(DAY, location="O'Brien-salen")
    scheduled_course(DAY, workplace=WorkplaceFactory(name="Mottagning 500 Syd"))

    def found(q: str) -> list[int]:
        return [c.pk for c in coordinator_client.get(LIST, {"q": q}).context["courses"]]

    assert found("50%") == [percent.pk]
    assert found("%") == [percent.pk]
    assert found("_") == []
    assert found("o'brien") == [quoted.pk]
    assert found("'; DROP TABLE x; --") == []


def test_the_list_filters_by_status_period_organisation_workplace_and_facilitator(coordinator_client):
    region = OrganisationFactory(name="Region Västerbotten")
    early = scheduled_course(DAY, workplace=WorkplaceFactory(organisation=region, name="Öppenvården"))
    late = confirmed_course(DAY + timedelta(days=60))
    cancelled = services.course_cancel(scheduled_course(DAY + timedelta(days=20)), reason="Ombyggnad")
    unplanned = CourseFactory()

    def found(**params) -> list[int]:
        return [c.pk for c in coordinator_client.get(LIST, params).context["courses"]]

    assert found(status="confirmed") == [late.pk]
    assert found(status="cancelled") == [cancelled.pk]
    assert found(starts_from=(DAY + timedelta(days=10)).isoformat()) == [late.pk, cancelled.pk]
    assert found(starts_to=(DAY + timedelta(days=10)).isoformat()) == [early.pk]
    assert found(organisation="västerbotten") == [early.pk]
    assert found(workplace="Öppenvården") == [early.pk]
    assert found(workplace=late.workplace.name) == [late.pk]
    assert found(facilitator=late.assignments.first().facilitator.pk) == [late.pk]
    assert found(q="västerbotten") == [early.pk]
    assert found(q="öppenvården") == [early.pk]
    # Unplanned drafts first, then the latest half-day 1 first.
    assert found() == [unplanned.pk, late.pk, cancelled.pk, early.pk]


def test_a_bad_filter_value_is_explained_and_the_list_still_shows(coordinator_client):
    scheduled_course(DAY)
    response = coordinator_client.get(LIST, {"starts_from": "not a date"})
    assert response.status_code == 200
    assert response.context["form"].errors["starts_from"] == ["Enter a valid date."]
    assert 'href="#id_starts_from"' in response.content.decode()


def test_the_filters_offer_organisations_and_workplaces_by_type_ahead_not_as_options(coordinator_client):
    WorkplaceFactory.create_batch(3)
    response = coordinator_client.get(LIST)
    form = response.context["form"]
    body = response.content.decode()
    for name in ("organisation", "workplace"):
        url = reverse("sessions_app:place_suggestions", args=[f"{name}s"])
        assert (
            f'<input type="text" name="{name}" autocomplete="off" class="suggestinput form-control" id="id_{name}" '
            f'list="id_{name}_suggestions" data-suggest-url="{url}"><datalist id="id_{name}_suggestions"></datalist>'
        ) in body
        assert not hasattr(form.fields[name], "queryset")
    filters = body[body.index('<form method="get" role="search"') :]
    filters = filters[: filters.index("</form>")]
    assert filters.count("<option") == len(form.fields["status"].choices) + len(form.fields["facilitator"].choices)


def test_type_ahead_suggests_names_that_contain_the_text_those_that_start_with_it_first(coordinator_client):
    region = OrganisationFactory(name="Region Västerbotten")
    for name in ("Öppenvården Umeå", "Barnpsykiatrin Umeå", "Umeå beroendemottagning", "Skellefteå öppenvård"):
        WorkplaceFactory(name=name, organisation=region)
    WorkplaceFactory(name="Barnpsykiatrin Umeå")  # the same name at another organisation: once

    def suggested(kind: str, text: str):
        response = coordinator_client.get(reverse("sessions_app:place_suggestions", args=[kind]), {"q": text})
        assert response.status_code == 200
        return response.json()

    assert suggested("workplaces", "umeå") == ["Umeå beroendemottagning", "Barnpsykiatrin Umeå", "Öppenvården Umeå"]
    assert suggested("workplaces", "ÖPPENVÅRD") == ["Öppenvården Umeå", "Skellefteå öppenvård"]
    assert suggested("organisations", "väster") == ["Region Västerbotten"]
    assert suggested("workplaces", "u") == []  # two letters at least
    assert suggested("workplaces", "\x00%_") == []


def test_type_ahead_offers_at_most_ten_names(coordinator_client):
    for n in reversed(range(12)):
        WorkplaceFactory(name=f"Mottagning {n:02}")
    response = coordinator_client.get(reverse("sessions_app:place_suggestions", args=["workplaces"]), {"q": "mott"})
    assert response.json() == [f"Mottagning {n:02}" for n in range(10)]


@pytest.mark.parametrize("make_user", [facilitator_user, UserFactory])
def test_only_coordinators_get_type_ahead_names(client, make_user):
    WorkplaceFactory(name="Barnpsykiatrin")
    client.force_login(make_user())
    response = client.get(reverse("sessions_app:place_suggestions", args=["workplaces"]), {"q": "barn"})
    assert response.status_code == 403


def test_a_rescheduled_training_takes_its_new_place_in_the_list(coordinator_client):
    moved, other = scheduled_course(DAY), scheduled_course(DAY + timedelta(days=10))
    assert [c.pk for c in coordinator_client.get(LIST).context["courses"]] == [other.pk, moved.pk]
    services.course_set_schedule(moved, schedule(DAY + timedelta(days=20)))
    moved.refresh_from_db()
    assert moved.first_starts_at == moved.half_days.get(number=1).starts_at == at(DAY + timedelta(days=20), 8)
    assert [c.pk for c in coordinator_client.get(LIST).context["courses"]] == [moved.pk, other.pk]


def test_the_list_is_paginated(coordinator_client):
    for _ in range(26):
        CourseFactory()
    first = coordinator_client.get(LIST)
    assert len(first.context["courses"]) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = coordinator_client.get(LIST, {"page": 2, "status": "draft"})
    assert len(second.context["courses"]) == 1
    assert 'href="?page=1&amp;status=draft"' in second.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_list_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    for _ in range(rows):
        confirmed_course(DAY)
    client.force_login(coordinator())
    with django_assert_num_queries(7):
        response = client.get(LIST, {"status": "confirmed"})
    assert len(response.context["courses"]) == rows


@pytest.mark.parametrize("rows", [26, 30])
def test_a_later_page_takes_as_many_queries_as_the_first(client, django_assert_num_queries, rows):
    for index in range(rows):
        scheduled_course(DAY + timedelta(days=index))
    client.force_login(coordinator())
    with django_assert_num_queries(7):
        response = client.get(LIST, {"page": 2, "q": "Konferens"})
    assert len(response.context["courses"]) == rows - 25


# --- Booking -------------------------------------------------------------------------------------


def test_the_booking_form_suggests_the_default_theme_plan_and_the_current_coordinator(client):
    user = coordinator()
    workplace = WorkplaceFactory()
    client.force_login(user)
    form = client.get(reverse("sessions_app:course_create"), {"workplace": workplace.pk}).context["form"]
    assert {name: form[name].value() for name in ("theme_1", "theme_2", "theme_3", "theme_4")} == {
        "theme_1": 1,
        "theme_2": 1,
        "theme_3": 2,
        "theme_4": 2,
    }
    assert form["coordinator"].value() == user.pk
    assert form["workplace"].value() == str(workplace)
    assert form.fields["theme_4"].label == "Half-day for theme 4, Idea workshop"


def test_booking_saves_a_draft_with_both_half_days_and_the_theme_plan(client):
    user = coordinator()
    workplace = WorkplaceFactory()
    client.force_login(user)
    response = client.post(
        reverse("sessions_app:course_create"),
        course_form_data(workplace, user, DAY, theme_2="2", end_1="12:30", end_2="13:30"),
        follow=True,
    )
    course = Course.objects.get()
    assert response.redirect_chain == [(detail(course), 302)]
    assert messages_of(response) == ["The training has been booked as a draft."]
    assert (course.workplace, course.coordinator, course.status, course.location) == (
        workplace,
        user,
        CourseStatus.DRAFT,
        "Konferensrummet, plan 2",
    )
    assert [(h.starts_at, h.ends_at) for h in course.half_days.order_by("number")] == [
        (at(DAY, 9), at(DAY, 12, 30)),
        (at(DAY + timedelta(days=7), 9), at(DAY + timedelta(days=7), 13, 30)),
    ]
    plan = dict(HalfDayTheme.objects.filter(course=course).values_list("theme__number", "half_day__number"))
    assert plan == {1: 1, 2: 2, 3: 2, 4: 2}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_1": "08:00"}, "end_1", "Half-day 1 must end after it starts."),
        (
            {"date_1": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "date_1",
            "Half-day 1 has already begun or passed: a new or moved half-day must be in the future.",
        ),
        ({"theme_4": "1"}, "theme_4", "The idea workshop belongs on half-day 2."),
        ({"theme_4": "3"}, "theme_4", "Select a valid choice. 3 is not one of the available choices."),
        ({"date_1": "31.02.2026"}, "date_1", "Enter a valid date."),
        ({"start_2": "nine"}, "start_2", "Enter a valid time."),
        ({"workplace": ""}, "workplace", "This field is required."),
        ({"location": "x" * 301}, "location", "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_a_booking_with_bad_input_shows_the_error_at_the_field_and_saves_nothing(client, overrides, field, message):
    user = coordinator()
    client.force_login(user)
    data = course_form_data(WorkplaceFactory(), user, DAY) | overrides
    response = client.post(reverse("sessions_app:course_create"), data)
    assert_error_at_field(response, field, message)
    assert Course.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"date_2": DAY.isoformat(), "start_2": "13:30", "end_2": "17:30"},
            f"Half-day 1 and half-day 2 must be on different dates; both are on {DAY:%m/%d/%Y}.",
        ),
        ({"date_2": (DAY - timedelta(days=3)).isoformat()}, "Half-day 1 must come before half-day 2."),
        (
            {"end_1": "11:00", "end_2": "13:00"},
            "The two half-days must last 7.5 to 8.5 hours in all; half-day 1 lasts 2 hours "
            "and half-day 2 4 hours, 6 hours in all.",
        ),
    ],
)
def test_a_rule_about_both_half_days_is_shown_above_the_schedule_and_saves_nothing(client, overrides, message):
    user = coordinator()
    client.force_login(user)
    response = client.post(
        reverse("sessions_app:course_create"), course_form_data(WorkplaceFactory(), user, DAY) | overrides
    )
    assert_error_above_form(response, message)
    form = response.context["form"]
    assert [name for name in form.errors if name != "__all__"] == []
    body = response.content.decode()
    assert body.index(escape(message)) < body.index('id="id_date_1"')
    assert Course.objects.count() == 0


def test_a_booking_with_half_days_too_far_apart_says_so_above_the_schedule(client):
    user = coordinator()
    client.force_login(user)
    data = course_form_data(WorkplaceFactory(), user, DAY, date_2=(DAY + timedelta(days=43)).isoformat())
    response = client.post(reverse("sessions_app:course_create"), data)
    first, second = DAY, DAY + timedelta(days=43)
    assert_error_above_form(
        response,
        "Half-day 2 must be at most 42 days after half-day 1; half-day 1 is on "
        f"{first:%m/%d/%Y} and half-day 2 43 days later, on {second:%m/%d/%Y}.",
    )
    intro = "with half-day 2 at most 42 days after half-day 1; a new or moved half-day must be in the future."
    assert intro in response.content.decode()
    assert Course.objects.count() == 0


def test_only_a_coordinator_can_be_named_coordinator_of_a_booking(client):
    user = coordinator()
    someone = UserFactory()
    client.force_login(user)
    response = client.post(reverse("sessions_app:course_create"), course_form_data(WorkplaceFactory(), someone, DAY))
    assert_error_at_field(
        response, "coordinator", "Select a valid choice. That choice is not one of the available choices."
    )
    assert Course.objects.count() == 0


# --- Editing and rescheduling ---------------------------------------------------------------------


def test_editing_saves_the_plain_fields(coordinator_client):
    course = scheduled_course(DAY)
    other = coordinator()
    response = coordinator_client.post(
        reverse("sessions_app:course_edit", args=[course.pk]),
        {"location": "Aulan", "coordinator": other.pk, "notes": "Fika kl 10", "consent_text": ""},
        follow=True,
    )
    course.refresh_from_db()
    assert (course.location, course.coordinator, course.notes) == ("Aulan", other, "Fika kl 10")
    assert messages_of(response) == ["The training has been saved."]


def test_editing_with_bad_input_saves_nothing(coordinator_client):
    course = scheduled_course(DAY)
    response = coordinator_client.post(
        reverse("sessions_app:course_edit", args=[course.pk]),
        {"location": "x" * 301, "coordinator": "", "notes": "changed"},
    )
    assert_error_at_field(response, "coordinator", "This field is required.")
    assert response.context["form"].errors["location"] == ["Ensure this value has at most 300 characters (it has 301)."]
    course.refresh_from_db()
    assert (course.location, course.notes) == ("Konferensrummet", "")


def test_a_cancelled_training_cannot_be_edited_and_says_why(coordinator_client):
    course = services.course_cancel(scheduled_course(DAY), reason="")
    response = coordinator_client.post(
        reverse("sessions_app:course_edit", args=[course.pk]),
        {"location": "Aulan", "coordinator": course.coordinator.pk},
    )
    assert_error_above_form(response, "This training is cancelled and can no longer be changed.")
    course.refresh_from_db()
    assert course.location == "Konferensrummet"


def test_the_schedule_form_starts_from_the_saved_half_days_and_themes(coordinator_client):
    course = scheduled_course(DAY)
    services.course_set_schedule(course, schedule(DAY), {1: 1, 2: 2, 3: 2, 4: 2})
    form = coordinator_client.get(reverse("sessions_app:course_reschedule", args=[course.pk])).context["form"]
    values = {name: str(form[name].value()) for name in ("date_1", "start_1", "end_1", "date_2", "theme_2")}
    assert values == {
        "date_1": DAY.isoformat(),
        "start_1": "08:00:00",
        "end_1": "12:00:00",
        "date_2": (DAY + timedelta(days=7)).isoformat(),
        "theme_2": "2",
    }


def test_rescheduling_moves_the_half_days(coordinator_client):
    course = scheduled_course(DAY)
    new_day = DAY + timedelta(days=14)
    data = course_form_data(course.workplace, course.coordinator, new_day)
    response = coordinator_client.post(reverse("sessions_app:course_reschedule", args=[course.pk]), data, follow=True)
    assert messages_of(response) == ["The half-days and themes have been saved."]
    assert [h.starts_at for h in course.half_days.order_by("number")] == [
        at(new_day, 9),
        at(new_day + timedelta(days=7), 9),
    ]


def test_rescheduling_onto_a_facilitators_other_training_is_refused_and_named(coordinator_client):
    facilitator = FacilitatorFactory(user=UserFactory(full_name="Jonas Berg"))
    busy = scheduled_course(DAY + timedelta(days=1), workplace=WorkplaceFactory(name="Vuxenpsykiatrin"))
    services.facilitator_assign(busy, facilitator)
    course = scheduled_course(DAY + timedelta(days=40))
    services.facilitator_assign(course, facilitator)
    data = course_form_data(
        course.workplace, course.coordinator, DAY + timedelta(days=1), start_1="10:00", end_1="14:00"
    )
    response = coordinator_client.post(reverse("sessions_app:course_reschedule", args=[course.pk]), data)
    when = f"{DAY + timedelta(days=1):%Y-%m-%d} 08:00"
    assert_error_above_form(response, f"Jonas Berg already has a training at that time (Vuxenpsykiatrin, {when}).")
    assert course.half_days.get(number=1).starts_at == at(DAY + timedelta(days=40), 8)


def test_rescheduling_with_bad_input_shows_the_rule_and_keeps_the_old_schedule(coordinator_client):
    course = scheduled_course(DAY)
    data = course_form_data(
        course.workplace, course.coordinator, DAY, date_2=DAY.isoformat(), start_2="13:30", end_2="17:30"
    )
    response = coordinator_client.post(reverse("sessions_app:course_reschedule", args=[course.pk]), data)
    assert_error_above_form(
        response, f"Half-day 1 and half-day 2 must be on different dates; both are on {DAY:%m/%d/%Y}."
    )
    assert course.half_days.get(number=2).starts_at == at(DAY + timedelta(days=7), 8)


def test_between_its_half_days_a_training_keeps_the_held_one_and_moves_the_next(client):
    course = confirmed_course(DAY)
    url = reverse("sessions_app:course_reschedule", args=[course.pk])
    with time_machine.travel(at(DAY + timedelta(days=2), 9), tick=False):
        client.force_login(course.coordinator)
        form = client.get(url).context["form"]
        data = course_form_data(course.workplace, course.coordinator, DAY, start_1="08:00", end_1="12:00")
        data |= {"date_2": (DAY + timedelta(days=9)).isoformat(), "start_2": "08:00", "end_2": "12:00"}
        assert {name: str(form[name].value()) for name in ("date_1", "start_1", "end_1")} == {
            "date_1": DAY.isoformat(),
            "start_1": "08:00:00",
            "end_1": "12:00:00",
        }
        response = client.post(url, data, follow=True)
        # The first message; warnings may follow when a date falls on a holiday (DAY is relative).
        assert messages_of(response)[0] == "The half-days and themes have been saved."
        moved = data | {"start_1": "09:00", "end_1": "13:00", "date_2": (DAY + timedelta(days=10)).isoformat()}
        response = client.post(url, moved)
        assert_error_at_field(
            response, "date_1", "Half-day 1 has already begun or passed: a new or moved half-day must be in the future."
        )
    assert [h.starts_at for h in course.half_days.order_by("number")] == [at(DAY, 8), at(DAY + timedelta(days=9), 8)]


# --- The course page ---------------------------------------------------------------------------------


def test_the_course_page_lists_the_readiness_rules_in_words(coordinator_client):
    course = scheduled_course(DAY)
    services.assignment_accept(services.facilitator_assign(course, FacilitatorFactory()))
    body = coordinator_client.get(detail(course)).content.decode()
    assert "<strong>Done:</strong> Two half-days of 8 hours in all, on different dates, with the four themes" in body
    assert "<strong>Done:</strong> A location at the workplace" in body
    assert "<strong>Not yet:</strong> 2 facilitators have accepted (1 of 2)" in body


def test_the_course_page_shows_half_days_with_their_themes_and_the_facilitators_answers(coordinator_client):
    course = scheduled_course(DAY)
    accepted = services.facilitator_assign(course, FacilitatorFactory(user=UserFactory(full_name="Ingrid Solberg")))
    services.assignment_accept(accepted)
    services.facilitator_assign(course, FacilitatorFactory(user=UserFactory(full_name="Jonas Berg")))
    response = coordinator_client.get(detail(course))
    assert [[str(link.theme) for link in h.theme_links.all()] for h in response.context["half_days"]] == [
        ["1. Create contact and establish an alliance", "2. Become collaboration partners"],
        ["3. Own recovery work", "4. Idea workshop"],
    ]
    assert [(str(a.facilitator), a.status) for a in response.context["assignments"]] == [
        ("Ingrid Solberg", AssignmentStatus.ACCEPTED),
        ("Jonas Berg", AssignmentStatus.INVITED),
    ]
    body = response.content.decode()
    assert '<th scope="row">Ingrid Solberg</th>\n        <td><span class="status-badge">Accepted</span>' in body


def test_the_assign_form_offers_active_facilitators_not_yet_on_the_training(coordinator_client):
    course = scheduled_course(DAY)
    on_it = FacilitatorFactory()
    services.facilitator_assign(course, on_it)
    declined = FacilitatorFactory()
    services.assignment_decline(services.facilitator_assign(course, declined))
    free = FacilitatorFactory()
    FacilitatorFactory(active=False)
    form = coordinator_client.get(detail(course)).context["assign_form"]
    assert set(form.fields["facilitator"].queryset) == {declined, free}


def test_assigning_invites_the_facilitator(coordinator_client):
    course = scheduled_course(DAY)
    facilitator = FacilitatorFactory(user=UserFactory(full_name="Jonas Berg"))
    response = coordinator_client.post(
        reverse("sessions_app:course_assign", args=[course.pk]), {"facilitator": facilitator.pk}, follow=True
    )
    assert messages_of(response) == ["Jonas Berg has been invited to lead the training."]
    assert course.assignments.get().status == AssignmentStatus.INVITED


def test_an_overlapping_assignment_is_refused_at_the_field_on_the_course_page(coordinator_client):
    facilitator = FacilitatorFactory(user=UserFactory(full_name="Jonas Berg"))
    services.facilitator_assign(scheduled_course(DAY, workplace=WorkplaceFactory(name="Vuxenpsykiatrin")), facilitator)
    course = scheduled_course(DAY)
    response = coordinator_client.post(
        reverse("sessions_app:course_assign", args=[course.pk]), {"facilitator": facilitator.pk}
    )
    when = f"{DAY:%Y-%m-%d} 08:00"
    assert_error_at_field(
        response,
        "facilitator",
        f"Jonas Berg already has a training at that time (Vuxenpsykiatrin, {when}).",
        form="assign_form",
    )
    assert response.context["course"] == course  # still the course page
    assert course.assignments.count() == 0


def test_assigning_without_choosing_is_an_error_at_the_field(coordinator_client):
    course = scheduled_course(DAY)
    FacilitatorFactory()
    response = coordinator_client.post(reverse("sessions_app:course_assign", args=[course.pk]), {"facilitator": ""})
    assert_error_at_field(response, "facilitator", "This field is required.", form="assign_form")
    assert course.assignments.count() == 0


def test_a_cancelled_training_takes_no_new_facilitator_and_says_why(coordinator_client):
    course = services.course_cancel(scheduled_course(DAY))
    facilitator = FacilitatorFactory()
    response = coordinator_client.post(
        reverse("sessions_app:course_assign", args=[course.pk]), {"facilitator": facilitator.pk}
    )
    assert_error_at_field(
        response, "facilitator", "This training is cancelled and can no longer be changed.", form="assign_form"
    )
    assert course.assignments.count() == 0


def test_confirming_an_unready_training_names_every_unmet_rule(coordinator_client):
    course = CourseFactory(location="")
    response = coordinator_client.post(reverse("sessions_app:course_confirm", args=[course.pk]), follow=True)
    assert messages_of(response) == [
        "The training cannot be confirmed yet: The two half-days are not planned yet. The training has no location. "
        "A training needs 2 facilitators who have accepted; it has 0."
    ]
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_confirming_a_ready_training(coordinator_client):
    course = ready_course(DAY)
    response = coordinator_client.post(reverse("sessions_app:course_confirm", args=[course.pk]), follow=True)
    assert messages_of(response) == ["The training has been confirmed."]
    assert response.context["course"].status == CourseStatus.CONFIRMED
    assert '<strong class="status-badge" data-testid="course-status">Confirmed</strong>' in response.content.decode()


def test_cancelling_asks_first_and_needs_a_reason(coordinator_client):
    course = confirmed_course(DAY)
    url = reverse("sessions_app:course_cancel", args=[course.pk])
    page = coordinator_client.get(url)
    assert "This cannot be undone" in page.content.decode()
    response = coordinator_client.post(url, {"reason": "  "})
    assert_error_at_field(response, "reason", "This field is required.")
    course.refresh_from_db()
    assert course.status == CourseStatus.CONFIRMED


def test_cancelling_with_a_reason(coordinator_client):
    course = confirmed_course(DAY)
    services.course_set_signup_open(course, is_open=True)
    response = coordinator_client.post(
        reverse("sessions_app:course_cancel", args=[course.pk]), {"reason": "Verksamheten flyttar"}, follow=True
    )
    assert messages_of(response) == ["The training has been cancelled."]
    course.refresh_from_db()
    assert (course.status, course.cancel_reason, course.signup_open) == (
        CourseStatus.CANCELLED,
        "Verksamheten flyttar",
        False,
    )
    assert "Verksamheten flyttar" in response.content.decode()


def test_opening_and_closing_the_sign_up_link(coordinator_client):
    course = scheduled_course(DAY)
    url = reverse("sessions_app:course_signup", args=[course.pk])
    response = coordinator_client.post(url, {"open": "1"}, follow=True)
    assert messages_of(response) == ["The sign-up link is open."]
    course.refresh_from_db()
    assert course.signup_open is True
    response = coordinator_client.post(url, {"open": "0"}, follow=True)
    assert messages_of(response) == ["The sign-up link is closed."]
    course.refresh_from_db()
    assert course.signup_open is False


def test_a_cancelled_trainings_sign_up_link_cannot_be_opened(coordinator_client):
    course = services.course_cancel(scheduled_course(DAY))
    response = coordinator_client.post(
        reverse("sessions_app:course_signup", args=[course.pk]), {"open": "1"}, follow=True
    )
    assert messages_of(response) == ["This training is cancelled and can no longer be changed."]
    course.refresh_from_db()
    assert course.signup_open is False


def test_a_facilitator_sees_none_of_the_coordinators_actions(world):
    services.assignment_accept(world.assignment)
    body = client_for(world.facilitator.user).get(detail(world.course)).content.decode()
    assert "Invite a facilitator" not in body
    assert "Ready to confirm?" not in body
    assert reverse("sessions_app:course_cancel", args=[world.course.pk]) not in body


def test_marking_delivered_waits_for_the_second_half_day(coordinator_client):
    course = confirmed_course(DAY)
    url = reverse("sessions_app:course_mark_delivered", args=[course.pk])
    body = coordinator_client.get(detail(course)).content.decode()
    assert f'action="{url}"' not in body
    assert "The training can be marked as delivered after its second half-day." in body
    response = coordinator_client.post(url, follow=True)
    assert messages_of(response) == ["A training is delivered only after its second half-day has ended."]
    with time_machine.travel(at(DAY + timedelta(days=7), 12, 30)):
        client = client_for(course.coordinator)  # a session from 37 days ago has expired
        assert f'action="{url}"' in client.get(detail(course)).content.decode()
        response = client.post(url, follow=True)
    assert messages_of(response) == ["The training has been marked as delivered."]
    course.refresh_from_db()
    assert course.status == CourseStatus.DELIVERED


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("sv", ["Dialogutbildning på", "Redo att bekräftas?", "Halvdagar och teman", "Bjud in en utbildare"]),
        ("nb", ["Dialogopplæring på", "Klar til å bekreftes?", "Halvdager og temaer", "Inviter en kursholder"]),
    ],
)
def test_the_course_page_speaks_swedish_and_norwegian(coordinator_client, language, texts):
    course = scheduled_course(DAY)
    coordinator_client.cookies["django_language"] = language
    body = coordinator_client.get(detail(course)).content.decode()
    assert [text for text in texts if text not in body] == []


# --- The workplace of a new training: typed, resolved to one ------------------------------------


@pytest.mark.parametrize(
    "typed", ["label", "label in capitals", "label of a name in brackets", "name", "part", "part in capitals"]
)
def test_a_booking_finds_its_workplace_from_the_text_typed(client, typed):
    user = coordinator()
    client.force_login(user)
    workplace = WorkplaceFactory(name="Barnpsykiatrin Umeå", organisation=OrganisationFactory(name="Region Norr"))
    WorkplaceFactory(name="Öppenvården Skellefteå")
    if typed == "label of a name in brackets":
        workplace = WorkplaceFactory(name="Mottagning (Öst)", organisation=OrganisationFactory(name="Kommun (Syd)"))
    text = {
        "label": "Barnpsykiatrin Umeå (Region Norr)",
        "label in capitals": "BARNPSYKIATRIN UMEÅ (REGION NORR)",
        "label of a name in brackets": "Mottagning (Öst) (Kommun (Syd))",
        "name": "barnpsykiatrin umeå",
        "part": "psykiatrin",
        "part in capitals": "BARNPSYK",
    }[typed]
    response = client.post(
        reverse("sessions_app:course_create"), course_form_data(workplace, user, DAY) | {"workplace": text}
    )
    assert response.status_code == 302
    assert Course.objects.get().workplace == workplace


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Tandvården",
            "No workplace is called “Tandvården”. Type part of its name and choose one of the suggestions.",
        ),
        (
            "Umeå",
            "3 workplaces match “Umeå”, among them Umeå beroende (Region Norr); Barnpsykiatrin Umeå (Kommun Syd); "
            "Barnpsykiatrin Umeå (Region Norr). Type more of the name, or the name with its organisation in brackets.",
        ),
        (  # the whole name, but two organisations have a workplace of that name
            "Barnpsykiatrin Umeå",
            "2 workplaces match “Barnpsykiatrin Umeå”, among them Barnpsykiatrin Umeå (Kommun Syd); "
            "Barnpsykiatrin Umeå (Region Norr). Type more of the name, or the name with its organisation in brackets.",
        ),
    ],
)
def test_a_workplace_text_that_matches_none_or_several_is_explained_at_the_field(client, text, message):
    user = coordinator()
    client.force_login(user)
    north, south = OrganisationFactory(name="Region Norr"), OrganisationFactory(name="Kommun Syd")
    workplace = WorkplaceFactory(name="Barnpsykiatrin Umeå", organisation=north)
    WorkplaceFactory(name="Barnpsykiatrin Umeå", organisation=south)
    WorkplaceFactory(name="Umeå beroende", organisation=north)
    response = client.post(
        reverse("sessions_app:course_create"), course_form_data(workplace, user, DAY) | {"workplace": text}
    )
    assert_error_at_field(response, "workplace", message)
    assert response.context["form"]["workplace"].value() == text  # kept, to be corrected
    assert Course.objects.count() == 0


def test_the_type_ahead_of_the_booking_form_offers_workplaces_with_their_organisation(coordinator_client):
    WorkplaceFactory(name="Barnpsykiatrin Umeå", organisation=OrganisationFactory(name="Region Norr"))
    WorkplaceFactory(name="Barnpsykiatrin Umeå", organisation=OrganisationFactory(name="Kommun Syd"))
    url = reverse("sessions_app:place_suggestions", args=["workplace-labels"])
    assert coordinator_client.get(url, {"q": "psyk"}).json() == [
        "Barnpsykiatrin Umeå (Kommun Syd)",
        "Barnpsykiatrin Umeå (Region Norr)",
    ]
    assert coordinator_client.get(url, {"q": "syd"}).json() == ["Barnpsykiatrin Umeå (Kommun Syd)"]


@pytest.mark.parametrize("workplaces", [1, 40])
def test_the_booking_form_is_the_same_size_and_queries_with_one_workplace_or_many(
    client, django_assert_max_num_queries, workplaces
):
    """At scale 1 the form rendered a select of 1,000 workplaces (78 KB): now a text field with
    type-ahead, whatever the number of workplaces."""
    user = coordinator()
    client.force_login(user)
    for _ in range(workplaces):
        WorkplaceFactory()
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sessions_app:course_create"))
    body = response.content.decode()
    url = reverse("sessions_app:place_suggestions", args=["workplace-labels"])
    assert f'list="id_workplace_suggestions" data-suggest-url="{url}"' in body
    assert "Psykiatrisk öppenvård" not in body
    assert len(body) < 30_000


@pytest.mark.parametrize("others", [1, 6])
def test_the_course_page_takes_the_same_queries_however_many_facilitators_and_trainings(
    client, django_assert_num_queries, others
):
    course = confirmed_course()
    for n in range(others):
        FacilitatorFactory()
        scheduled_course(timezone.localdate() + timedelta(days=40 + n), workplace=course.workplace)
    client.force_login(course.coordinator)
    # The schedule's warnings and "can be marked delivered" read the half-days the page has
    # already fetched, the sections' permissions its assignments, the assign form's options
    # are read once, and the participants' count comes with the course: not again.
    with django_assert_num_queries(9):
        response = client.get(course.get_absolute_url())
    assert len(response.context["assignments"]) == 2


@pytest.mark.parametrize("others", [1, 6])
def test_a_facilitators_course_page_tells_whether_she_leads_it_from_the_assignments_it_shows(
    client, django_assert_num_queries, others
):
    """Her sections (participants, idea workshop, evaluation) each ask whether she leads the
    training: of the assignments the page has fetched, not a query each."""
    course = confirmed_course()
    assignment = course.assignments.select_related("facilitator__user").first()
    for n in range(others):
        services.facilitator_assign(
            scheduled_course(timezone.localdate() + timedelta(days=40 + n)), assignment.facilitator
        )
    client.force_login(assignment.facilitator.user)
    with django_assert_num_queries(8):
        response = client.get(course.get_absolute_url())
    assert [a.pk for a in response.context["my_assignments"]] == [assignment.pk]
    body = response.content.decode()
    assert reverse("participants:course_participants", args=[course.pk]) in body
    assert reverse("workshops:outcome_detail", args=[course.pk]) in body

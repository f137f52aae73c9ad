"""The facilitator's own profile, her unavailable dates, and a coordinator's edits and deactivation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.models import Facilitator, LivedExperience, Unavailability
from sessions_app.tests.factories import CourseFactory, FacilitatorFactory, WorkplaceFactory, scheduled_course
from sessions_app.tests.helpers import assert_error_at_field, messages_of

pytestmark = pytest.mark.django_db

PROFILE = {
    "languages": ["sv", "nb"],
    "home_area": "Umeå",
    "travel_km": "80",
    "presentation": "Jag har egen erfarenhet av psykiatrin.",
    "active": "1",
    "lived_experience": "own",
    "lived_experience_consent": "on",
}


def test_a_facilitator_keeps_her_own_profile_with_consent():
    facilitator = FacilitatorFactory(lived_experience="", languages=[])
    client = client_for(facilitator.user)
    response = client.post(reverse("sessions_app:my_profile"), PROFILE, follow=True)
    facilitator.refresh_from_db()
    assert messages_of(response) == ["Your profile has been saved."]
    assert (
        facilitator.languages,
        facilitator.home_area,
        facilitator.travel_km,
        facilitator.presentation,
        facilitator.active,
        facilitator.lived_experience,
        facilitator.lived_experience_consent_by,
    ) == (["sv", "nb"], "Umeå", 80, "Jag har egen erfarenhet av psykiatrin.", True, "own", facilitator.user)
    assert facilitator.lived_experience_consent_at is not None


def test_a_lived_experience_without_consent_is_refused_and_nothing_is_saved():
    facilitator = FacilitatorFactory(lived_experience="", languages=["sv"], home_area="Luleå")
    client = client_for(facilitator.user)
    response = client.post(reverse("sessions_app:my_profile"), PROFILE | {"lived_experience_consent": ""})
    assert_error_at_field(
        response, "lived_experience_consent", "The lived experience is kept only with the facilitator's consent."
    )
    facilitator.refresh_from_db()
    assert (facilitator.lived_experience, facilitator.home_area, facilitator.languages) == ("", "Luleå", ["sv"])


def test_choosing_not_shared_removes_the_lived_experience_and_its_consent():
    facilitator = FacilitatorFactory(lived_experience=LivedExperience.BOTH)
    services.facilitator_set_lived_experience(facilitator, "", consent=False, by=facilitator.user)
    facilitator.refresh_from_db()
    assert (facilitator.lived_experience, facilitator.lived_experience_consent_at) == ("", None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"travel_km": "-3"}, "travel_km", "Ensure this value is greater than or equal to 0."),
        ({"travel_km": "far"}, "travel_km", "Enter a whole number."),
        ({"active": "maybe"}, "active", "Select a valid choice. maybe is not one of the available choices."),
        ({"languages": ["de"]}, "languages", "Select a valid choice. de is not one of the available choices."),
        ({"lived_experience": "cousin"}, "lived_experience", "Select a valid choice. cousin is not one of the available choices."),
    ],
)  # fmt: skip
def test_bad_profile_input_is_named_at_its_field(overrides, field, message):
    facilitator = FacilitatorFactory(home_area="Luleå")
    response = client_for(facilitator.user).post(reverse("sessions_app:my_profile"), PROFILE | overrides)
    assert_error_at_field(response, field, message)
    facilitator.refresh_from_db()
    assert facilitator.home_area == "Luleå"


def test_a_coordinator_edits_the_same_profile_and_records_the_consent_she_was_given():
    facilitator = FacilitatorFactory(lived_experience="")
    boss = coordinator()
    response = client_for(boss).post(
        reverse("sessions_app:facilitator_edit", args=[facilitator.pk]), PROFILE | {"lived_experience": "relative"}
    )
    assert response.status_code == 302
    facilitator.refresh_from_db()
    assert (facilitator.lived_experience, facilitator.lived_experience_consent_by) == ("relative", boss)


def test_unavailable_days_ranges_and_weekdays_are_kept_from_my_calendar():
    facilitator = FacilitatorFactory()
    client = client_for(facilitator.user)
    url = reverse("sessions_app:unavailability_add", args=[facilitator.pk])
    day = timezone.localdate() + timedelta(days=10)
    client.post(url, {"starts_on": day.isoformat(), "note": "Tandläkare"})
    client.post(
        url, {"starts_on": (day + timedelta(days=20)).isoformat(), "ends_on": (day + timedelta(days=24)).isoformat()}
    )
    response = client.post(url, {"weekday": "4"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sessions_app:my_calendar")
    rows = list(facilitator.unavailabilities.order_by("pk").values_list("starts_on", "ends_on", "weekday", "note"))
    assert rows == [
        (day, day, None, "Tandläkare"),
        (day + timedelta(days=20), day + timedelta(days=24), None, ""),
        (None, None, 4, ""),
    ]
    page = client.get(reverse("sessions_app:my_calendar")).content.decode()
    assert "Every week: Fridays" in page and "Tandläkare" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "starts_on", "Give a date, or a weekday that recurs."),
        ({"starts_on": "2030-05-10", "ends_on": "2030-05-01"}, "ends_on", "The last day comes before the first."),
        ({"starts_on": "10 May"}, "starts_on", "Enter a valid date."),
        ({"weekday": "9"}, "weekday", "Select a valid choice. 9 is not one of the available choices."),
    ],
)
def test_bad_unavailable_dates_are_named_at_their_field_and_nothing_is_saved(data, field, message):
    facilitator = FacilitatorFactory()
    client = client_for(facilitator.user)
    response = client.post(reverse("sessions_app:unavailability_add", args=[facilitator.pk]), data)
    assert_error_at_field(response, field, message, form="unavailability_form")
    assert Unavailability.objects.count() == 0


def test_a_recurring_weekday_covers_only_that_weekday_within_its_dates():
    entry = Unavailability(weekday=0, starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 31))
    assert [entry.covers(date(2030, 1, d)) for d in (6, 7, 14, 28)] == [False, True, True, True]
    assert entry.covers(date(2030, 2, 4)) is False


def test_another_facilitator_cannot_touch_her_dates():
    facilitator, other = FacilitatorFactory(), FacilitatorFactory()
    entry = services.unavailability_add(facilitator, starts_on=date(2030, 1, 1))
    client = client_for(other.user)
    assert (
        client.post(reverse("sessions_app:unavailability_add", args=[facilitator.pk]), {"weekday": "1"}).status_code
        == 404
    )
    assert (
        client.post(reverse("sessions_app:unavailability_remove", args=[facilitator.pk, entry.pk])).status_code == 404
    )
    assert client.post(reverse("sessions_app:unavailability_remove", args=[other.pk, entry.pk])).status_code == 404
    assert list(Unavailability.objects.values_list("pk", flat=True)) == [entry.pk]


def test_a_facilitator_removes_her_own_unavailable_day():
    facilitator = FacilitatorFactory()
    entry = services.unavailability_add(facilitator, starts_on=date(2030, 1, 1))
    response = client_for(facilitator.user).post(
        reverse("sessions_app:unavailability_remove", args=[facilitator.pk, entry.pk])
    )
    assert response.status_code == 302
    assert Unavailability.objects.count() == 0


def test_her_page_lists_the_trainings_to_re_plan_not_yet_held_unplanned_ones_too():
    facilitator = FacilitatorFactory()
    coming = scheduled_course(timezone.localdate() + timedelta(days=30), workplace=WorkplaceFactory(name="Ward <B>"))
    services.assignment_accept(services.facilitator_assign(coming, facilitator))
    unplanned = CourseFactory()
    services.facilitator_assign(unplanned, facilitator)
    held = scheduled_course(timezone.localdate() - timedelta(days=40))
    services.facilitator_assign(held, facilitator)
    cancelled = scheduled_course(timezone.localdate() + timedelta(days=60))
    services.facilitator_assign(cancelled, facilitator)
    services.course_cancel(cancelled)
    declined = scheduled_course(timezone.localdate() + timedelta(days=90))
    services.assignment_decline(services.facilitator_assign(declined, facilitator))

    response = client_for(coordinator()).get(reverse("sessions_app:facilitator_detail", args=[facilitator.pk]))
    assert [(a.course_id, a.status) for a in response.context["future_assignments"]] == [
        (coming.pk, "accepted"),
        (unplanned.pk, "invited"),
    ]
    assert (
        f'<li><a href="{coming.get_absolute_url()}">Ward &lt;B&gt; #{coming.pk}</a> (accepted)</li>'
        in response.content.decode()
    )


def test_deactivating_lists_her_future_assignments_for_re_planning():
    facilitator = FacilitatorFactory()
    course = scheduled_course()
    services.facilitator_assign(course, facilitator)
    client = client_for(coordinator())
    response = client.post(reverse("sessions_app:facilitator_deactivate", args=[facilitator.pk]), follow=True)
    facilitator.refresh_from_db()
    assert facilitator.active is False
    assert messages_of(response) == [f"{facilitator} is deactivated. Re-plan her coming training listed below."]
    assert [a.course_id for a in response.context["future_assignments"]] == [course.pk]
    with pytest.raises(ValidationError, match="is not active"):
        services.facilitator_assign(scheduled_course(), facilitator)


# view × role → status; a facilitator's own profile is hers, another's a 404.
POLICY = [
    ("sessions_app:my_profile", "facilitator", 200),
    ("sessions_app:my_profile", "coordinator", 403),
    ("sessions_app:my_profile", "no role", 403),
    ("sessions_app:facilitator_detail", "coordinator", 200),
    ("sessions_app:facilitator_detail", "facilitator", 403),
    ("sessions_app:facilitator_detail", "no role", 403),
    ("sessions_app:facilitator_edit", "coordinator", 200),
    ("sessions_app:facilitator_edit", "facilitator", 403),
    ("sessions_app:my_calendar", "facilitator", 200),
]


@pytest.mark.parametrize(("view", "role", "status"), POLICY)
def test_who_may_see_the_profile_pages(view, role, status):
    facilitator = FacilitatorFactory()
    user = {
        "facilitator": facilitator.user,
        "coordinator": coordinator(),
        "no role": UserFactory(),
    }[role]
    args = [] if view.startswith("sessions_app:my_") else [facilitator.pk]
    assert client_for(user).get(reverse(view, args=args)).status_code == status


def test_the_lived_experience_is_shown_to_coordinators_only():
    facilitator = FacilitatorFactory(lived_experience=LivedExperience.RELATIVE)
    boss_page = client_for(coordinator()).get(reverse("sessions_app:facilitator_detail", args=[facilitator.pk]))
    assert "As a relative" in boss_page.content.decode()
    other = UserFactory(roles=[Role.FACILITATOR, Role.NETWORK_CLINICIAN])
    FacilitatorFactory(user=other)
    assert client_for(other).get(reverse("sessions_app:facilitator_detail", args=[facilitator.pk])).status_code == 403


def test_facilitator_create_refuses_a_lived_experience_without_consent():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.facilitator_create(user=user, lived_experience="own")
    assert not Facilitator.objects.exists()


def test_past_unavailable_dates_drop_off_the_list():
    facilitator = FacilitatorFactory()
    today = timezone.localdate()
    services.unavailability_add(facilitator, starts_on=today - timedelta(days=3))
    current = services.unavailability_add(facilitator, starts_on=today)
    weekly = services.unavailability_add(facilitator, weekday=2)
    page = client_for(facilitator.user).get(reverse("sessions_app:my_calendar"))
    assert page.context["unavailabilities"] == [weekly, current]


def _grow(facilitator, count: int) -> None:
    for offset in range(count):
        services.unavailability_add(facilitator, starts_on=timezone.localdate() + timedelta(days=40 + offset))
        services.facilitator_assign(
            scheduled_course(timezone.localdate() + timedelta(days=60 + 10 * offset)), facilitator
        )


@pytest.mark.parametrize("rows", [1, 5])
def test_the_profile_pages_cost_the_same_queries_however_many_rows(rows, django_assert_num_queries):
    facilitator = FacilitatorFactory()
    _grow(facilitator, rows)
    boss, own = client_for(coordinator()), client_for(facilitator.user)
    with django_assert_num_queries(7):  # session, user, roles, the profile, her dates, her assignments, history
        detail = boss.get(reverse("sessions_app:facilitator_detail", args=[facilitator.pk]))
    assert len(detail.context["unavailabilities"]) == rows
    assert len(detail.context["future_assignments"]) == rows
    with django_assert_num_queries(5):  # session, user, roles, the profile, her dates
        calendar = own.get(reverse("sessions_app:my_calendar"))
    assert len(calendar.context["unavailabilities"]) == rows

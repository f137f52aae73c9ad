"""Find a pair (who is free, the stated ranking, invite in one step) and find a date."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory, coordinator
from dialogkurs.testing.clients import client_for
from sessions_app import pool, services
from sessions_app.models import AssignmentStatus, Country, LivedExperience
from sessions_app.tests.factories import (
    STOCKHOLM,
    FacilitatorFactory,
    OrganisationFactory,
    WorkplaceFactory,
    at,
    scheduled_course,
)
from sessions_app.tests.helpers import assert_error_at_field

pytestmark = pytest.mark.django_db

OWN, RELATIVE = LivedExperience.OWN, LivedExperience.RELATIVE


def person(name: str, experience: str, languages: list[str], home: str, **kwargs):
    return FacilitatorFactory(
        user=UserFactory(full_name=name, roles=[Role.FACILITATOR]),
        lived_experience=experience,
        languages=languages,
        home_area=home,
        **kwargs,
    )


@pytest.fixture
def umea_course():
    workplace = WorkplaceFactory(visiting_address="Köpmangatan 12, Umeå")
    return scheduled_course(workplace=workplace)


@pytest.fixture
def known_pool(umea_course):
    """Eight facilitators, three of whom are not free; the answer is worked out by hand below."""
    course = umea_course
    first, second = (timezone.localtime(h.starts_at) for h in course.half_days.order_by("number"))
    people = {
        "Anna": person("Anna Ahl", OWN, ["sv"], "Umeå"),  # 2 + 1 points, 0 half-days
        "Berit": person("Berit Bok", RELATIVE, ["sv"], "Umeå"),  # 2 + 1 points, 2 half-days
        "Cecilia": person("Cecilia Cron", OWN, ["sv", "en"], "umeå"),  # 2 + 1 points, 0 half-days
        "Dag": person("Dag Dahl", RELATIVE, ["nb"], "Tromsø"),  # 0 points
        "Hanna": person("Hanna Holm", RELATIVE, ["sv"], "Luleå"),  # 2 points
        "Erik": person("Erik Ek", RELATIVE, ["sv"], "Umeå"),  # unavailable on half-day 2
        "Frida": person("Frida Falk", OWN, ["sv"], "Umeå"),  # another training at half-day 1
        "Gun": person("Gun Gran", RELATIVE, ["sv"], "Umeå", active=False),  # resting
    }
    # Berit led a training two months ago: two half-days in the last 12 months.
    # (booked three months ago, when its half-days still lay ahead).
    with time_machine.travel(timezone.now() - timedelta(days=90), tick=False):
        past = scheduled_course(timezone.localdate() + timedelta(days=30))
        services.assignment_accept(services.facilitator_assign(past, people["Berit"]))
    services.unavailability_add(people["Erik"], starts_on=second.date())
    clash = scheduled_course(first.date() - timedelta(days=7))
    services.course_set_schedule(
        clash,
        [
            services.HalfDayPlan(first + timedelta(hours=2), first + timedelta(hours=6)),
            services.HalfDayPlan(first + timedelta(days=7), first + timedelta(days=7, hours=4)),
        ],
    )
    services.facilitator_assign(clash, people["Frida"])
    return course, people


def names(pair) -> tuple[str, str]:
    return (pair.first.facilitator.user.full_name.split()[0], pair.second.facilitator.user.full_name.split()[0])


def test_the_pairs_are_ranked_by_the_stated_rules(known_pool):
    course, people = known_pool
    found = pool.course_pair_finder(course)
    assert [
        (c.facilitator.user.full_name.split()[0], c.points, c.half_days_last_year) for c in found["candidates"]
    ] == [
        ("Anna", 3, 0),
        ("Cecilia", 3, 0),
        ("Berit", 3, 2),
        ("Hanna", 2, 0),
        ("Dag", 0, 0),
    ]
    assert [(names(p), p.complementary, p.points) for p in found["pairs"][:8]] == [
        (("Anna", "Berit"), True, 6),
        (("Cecilia", "Berit"), True, 6),
        (("Anna", "Hanna"), True, 5),
        (("Cecilia", "Hanna"), True, 5),
        (("Anna", "Dag"), True, 3),
        (("Cecilia", "Dag"), True, 3),
        (("Anna", "Cecilia"), False, 6),
        (("Berit", "Hanna"), False, 5),
    ]
    assert found["candidates"][0].reasons == [("speaks Swedish", 2), ("lives in Umeå", 1)]


def test_unavailable_busy_and_resting_facilitators_are_not_offered(known_pool):
    course, people = known_pool
    offered = {c.facilitator for c in pool.course_pair_finder(course)["candidates"]}
    assert not offered & {people["Erik"], people["Frida"], people["Gun"]}
    # A recurring weekday counts too.
    weekday = timezone.localtime(course.half_days.get(number=1).starts_at).weekday()
    services.unavailability_add(people["Anna"], weekday=weekday)
    offered = {c.facilitator for c in pool.course_pair_finder(course)["candidates"]}
    assert people["Anna"] not in offered


def test_a_cancelled_training_at_the_same_time_keeps_nobody_busy_and_those_on_this_training_are_not_offered(
    known_pool,
):
    course, people = known_pool
    [clash] = [a.course for a in people["Frida"].assignments.all()]
    services.course_cancel(clash, reason="The unit was reorganised.")
    services.facilitator_assign(course, people["Anna"])
    offered = {c.facilitator for c in pool.course_pair_finder(course)["candidates"]}
    assert people["Frida"] in offered
    assert people["Anna"] not in offered


def test_the_find_a_pair_page_writes_each_pair_and_each_free_facilitator_with_the_points_and_why(umea_course):
    course = umea_course
    anna = person("Anna <Ahl>", OWN, ["sv"], "Umeå")
    dag = person("Dag Dahl", "", ["nb"], "Tromsø")  # no lived experience shared, no points
    body = client_for(course.coordinator).get(reverse("sessions_app:course_find_pair", args=[course.pk])).content
    body = " ".join(body.decode().split())
    assert (
        '<tr data-testid="pair-row"> <th scope="row">Anna &lt;Ahl&gt; and Dag Dahl</th> '
        "<td>Own experience; not shared</td> <td><strong>3</strong> "
        '<ul class="list-unstyled small mb-0"> <li>Anna &lt;Ahl&gt; speaks Swedish (+2)</li>'
        "<li>Anna &lt;Ahl&gt; lives in Umeå (+1)</li> </ul></td> <td>0 + 0</td>"
    ) in body
    assert (
        f'<input type="hidden" name="first" value="{anna.pk}"> <input type="hidden" name="second" value="{dag.pk}">'
    ) in body
    assert (
        f'<tr data-testid="candidate-row"> <th scope="row"><a href="{anna.get_absolute_url()}">Anna &lt;Ahl&gt;</a></th> '
        "<td>Own experience</td> <td><strong>3</strong>: speaks Swedish (+2), lives in Umeå (+1)</td> <td>0</td> </tr>"
    ) in body
    assert (
        f'<th scope="row"><a href="{dag.get_absolute_url()}">Dag Dahl</a></th> <td>not shared</td> '
        "<td><strong>0</strong></td> <td>0</td>"
    ) in body


def test_the_find_a_pair_page_states_the_ranking_and_invites_a_pair_in_one_step(known_pool):
    course, people = known_pool
    client = client_for(course.coordinator)
    page = client.get(reverse("sessions_app:course_find_pair", args=[course.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Pairs whose perspectives complement each other" in body
    assert 'Invite the pair<span class="visually-hidden"> Anna Ahl and Berit Bok</span>' in body
    response = client.post(
        reverse("sessions_app:course_invite_pair", args=[course.pk]),
        {"first": people["Anna"].pk, "second": people["Berit"].pk},
    )
    assert response.status_code == 302
    assert sorted(course.assignments.values_list("facilitator__user__full_name", "status")) == [
        ("Anna Ahl", AssignmentStatus.INVITED),
        ("Berit Bok", AssignmentStatus.INVITED),
    ]


def test_a_pair_is_invited_both_or_neither(known_pool):
    course, people = known_pool
    with pytest.raises(ValidationError, match="already has a training"):
        services.course_invite_pair(course, [people["Anna"], people["Frida"]])
    assert course.assignments.count() == 0
    with pytest.raises(ValidationError, match="two different"):
        services.course_invite_pair(course, [people["Anna"], people["Anna"]])


def test_an_invited_pair_accepts_through_the_usual_service_and_the_course_can_be_confirmed(known_pool):
    course, people = known_pool
    invitations = services.course_invite_pair(course, [people["Anna"], people["Berit"]])
    for assignment in invitations:
        services.assignment_accept(assignment)  # the overlap check under lock, as for any invitation
    assert services.course_confirmation_problems(course) == []
    # A third facilitator can no longer accept: the pair is complete.
    third = services.facilitator_assign(course, people["Hanna"])
    with pytest.raises(ValidationError, match="already has two facilitators"):
        services.assignment_accept(third)


def test_only_a_coordinator_finds_a_pair(known_pool):
    course, people = known_pool
    services.facilitator_assign(course, people["Hanna"])
    url = reverse("sessions_app:course_find_pair", args=[course.pk])
    assert client_for(people["Hanna"].user).get(url).status_code == 403
    assert client_for(people["Dag"].user).get(url).status_code == 404
    assert client_for(UserFactory()).get(url).status_code == 403
    post = reverse("sessions_app:course_invite_pair", args=[course.pk])
    assert client_for(people["Hanna"].user).post(post, {"first": 1, "second": 2}).status_code == 403


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pair_list_costs_the_same_queries_with_60_facilitators(umea_course, django_assert_num_queries):
    course = umea_course
    client = client_for(course.coordinator)
    url = reverse("sessions_app:course_find_pair", args=[course.pk])
    for index in range(3):
        person(f"Few {index}", [OWN, RELATIVE][index % 2], ["sv"], "Umeå")
    # Session, user, roles, course, its half-days and live assignments (one statement), the
    # trainings at the same time, the free facilitators, their half-days in the last 12 months.
    assert _page_queries(client, url) == 8
    for index in range(57):
        person(f"Many {index}", [OWN, RELATIVE, LivedExperience.BOTH][index % 3], ["sv"], "Umeå")
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["candidates"]) == 60
    assert len(response.context["pairs"]) == pool.PAIRS_SHOWN


# --- Find a date ---------------------------------------------------------------------------------------


@pytest.fixture
def new_year_2027():
    with time_machine.travel(date(2027, 1, 4), tick=False):
        yield


def _pairs(proposals) -> list[tuple[date, date]]:
    return [(p.first, p.second) for p in proposals]


def test_find_a_date_skips_midsummer_eve_in_sweden(new_year_2027):
    workplace = WorkplaceFactory()
    pair = [person("A A", OWN, ["sv"], "Umeå"), person("B B", RELATIVE, ["sv"], "Umeå")]
    proposals = pool.find_dates(
        workplace=workplace, facilitators=pair, period_start=date(2027, 6, 24), period_end=date(2027, 7, 31), limit=3
    )
    # Thursday 24 June; not Friday 25 June (Midsummer Eve) nor the weekend; then Monday 28 June.
    assert _pairs(proposals) == [
        (date(2027, 6, 24), date(2027, 7, 1)),
        (date(2027, 6, 28), date(2027, 7, 5)),
        (date(2027, 6, 29), date(2027, 7, 6)),
    ]


def test_find_a_date_skips_the_17_may_in_norway(new_year_2027):
    workplace = WorkplaceFactory(organisation=OrganisationFactory(country=Country.NORWAY))
    pair = [person("A A", OWN, ["nb"], "Tromsø"), person("B B", RELATIVE, ["nb"], "Tromsø")]
    proposals = pool.find_dates(
        workplace=workplace, facilitators=pair, period_start=date(2027, 5, 10), period_end=date(2027, 6, 30), limit=2
    )
    # Half-day 2 cannot be on Monday 17 May (Constitution Day and Whit Monday): Tuesday 18 May.
    assert _pairs(proposals) == [(date(2027, 5, 10), date(2027, 5, 18)), (date(2027, 5, 11), date(2027, 5, 18))]
    assert all(date(2027, 5, 17) not in pair_ for pair_ in _pairs(proposals))


def test_find_a_date_leaves_out_unavailable_days_and_other_trainings(new_year_2027):
    workplace = WorkplaceFactory()
    anna, berit = person("Anna A", OWN, ["sv"], "Umeå"), person("Berit B", RELATIVE, ["sv"], "Umeå")
    services.unavailability_add(anna, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 2))
    services.unavailability_add(berit, weekday=2)  # every Wednesday
    other = scheduled_course(date(2027, 3, 4))  # Thursdays 4 and 11 March, 08:00–12:00
    services.facilitator_assign(other, berit)
    proposals = pool.find_dates(
        workplace=workplace,
        facilitators=[anna, berit],
        period_start=date(2027, 3, 1),
        period_end=date(2027, 4, 30),
        starts=time(9, 0),
        ends=time(13, 0),
        limit=2,
    )
    # 1–2 March: Anna away; 3 March: a Wednesday; 4 March: Berit leads another training; 5 March
    # with half-day 2 a week later on Friday 12 March.
    assert _pairs(proposals) == [(date(2027, 3, 5), date(2027, 3, 12)), (date(2027, 3, 8), date(2027, 3, 15))]


def test_find_a_date_for_any_two_needs_two_free_facilitators(new_year_2027):
    workplace = WorkplaceFactory()
    only = person("Solo S", OWN, ["sv"], "Umeå")
    assert pool.find_dates(workplace=workplace, period_start=date(2027, 3, 1), period_end=date(2027, 4, 30)) == []
    person("Duo D", RELATIVE, ["sv"], "Umeå")
    services.unavailability_add(only, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 3))
    proposals = pool.find_dates(workplace=workplace, period_start=date(2027, 3, 1), period_end=date(2027, 4, 30))
    assert _pairs(proposals)[0] == (date(2027, 3, 4), date(2027, 3, 11))


def test_the_find_a_date_page_books_a_draft_and_invites_the_pair(new_year_2027):
    workplace = WorkplaceFactory()
    anna, berit = person("Anna A", OWN, ["sv"], "Umeå"), person("Berit B", RELATIVE, ["sv"], "Umeå")
    boss = coordinator()
    client = client_for(boss)
    query = {
        "workplace": str(workplace),
        "first": anna.pk,
        "second": berit.pk,
        "period_start": "2027-06-24",
        "period_end": "2027-07-31",
        "starts": "09:00",
        "ends": "13:00",
    }
    page = client.get(reverse("sessions_app:find_date"), query)
    assert _pairs(page.context["proposals"])[:2] == [
        (date(2027, 6, 24), date(2027, 7, 1)),
        (date(2027, 6, 28), date(2027, 7, 5)),
    ]
    response = client.post(
        reverse("sessions_app:find_date_book"), query | {"date_1": "2027-06-28", "date_2": "2027-07-05"}
    )
    course = workplace.courses.get()
    assert response.url == course.get_absolute_url()
    assert [timezone.localtime(h.starts_at, STOCKHOLM).date() for h in course.half_days.order_by("number")] == [
        date(2027, 6, 28),
        date(2027, 7, 5),
    ]
    assert sorted(course.assignments.values_list("facilitator", flat=True)) == sorted([anna.pk, berit.pk])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_end": "2027-01-01"}, "period_end", "The latest date comes before the earliest."),
        ({"period_end": "2029-01-01"}, "period_end", "Look at most a year ahead at a time."),
        ({"second": ""}, "second", "Choose two facilitators, or none."),
        ({"ends": "08:00"}, "ends", "A half-day must end after it starts."),
        ({"period_start": "soon"}, "period_start", "Enter a valid date."),
    ],
)
def test_find_a_date_names_bad_input_at_its_field(new_year_2027, overrides, field, message):
    anna, berit = person("Anna A", OWN, ["sv"], "Umeå"), person("Berit B", RELATIVE, ["sv"], "Umeå")
    query = {
        "workplace": str(WorkplaceFactory()),
        "first": anna.pk,
        "second": berit.pk,
        "period_start": "2027-03-01",
        "period_end": "2027-04-30",
        "starts": "09:00",
        "ends": "13:00",
    } | overrides
    response = client_for(coordinator()).get(reverse("sessions_app:find_date"), query)
    assert_error_at_field(response, field, message)
    assert response.context["proposals"] is None


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("sv", ["Hitta ett par", "Par vars perspektiv kompletterar varandra", "talar svenska (+2)", "Bjud in paret"]),
        ("nb", ["Finn et par", "Par med perspektiver som utfyller hverandre", "snakker svensk (+2)", "Inviter paret"]),
    ],
)
def test_find_a_pair_speaks_swedish_and_norwegian(known_pool, language, texts):
    course, _people = known_pool
    client = client_for(course.coordinator)
    body = client.get(
        reverse("sessions_app:course_find_pair", args=[course.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert [text for text in texts if text not in body] == []


# view × role → status (GET); the pool's planning pages are the coordinators'.
PLANNING_POLICY = [
    ("sessions_app:find_date", "coordinator", 200),
    ("sessions_app:find_date", "facilitator", 403),
    ("sessions_app:find_date", "no role", 403),
    ("sessions_app:find_date_book", "coordinator", 405),
    ("sessions_app:find_date_book", "facilitator", 405),
    ("sessions_app:statement_summary", "coordinator", 200),
    ("sessions_app:statement_summary", "facilitator", 403),
    ("sessions_app:statement_summary", "no role", 403),
]


@pytest.mark.parametrize(("view", "role", "status"), PLANNING_POLICY)
def test_who_may_plan_with_the_pool(view, role, status):
    user = {"coordinator": coordinator(), "facilitator": FacilitatorFactory().user, "no role": UserFactory()}[role]
    assert client_for(user).get(reverse(view)).status_code == status


def test_a_facilitator_cannot_book_dates():
    facilitator = FacilitatorFactory()
    response = client_for(facilitator.user).post(reverse("sessions_app:find_date_book"), {"date_1": "2030-03-04"})
    assert response.status_code == 403


def test_the_workload_counts_each_half_day_of_a_training_on_its_side_of_the_12_months():
    anna = person("Anna A", OWN, ["sv"], "Umeå")
    first_day = timezone.localdate() - timedelta(days=368)  # half-day 2 a week later: 361 days ago
    with time_machine.travel(at(first_day, 0) - timedelta(days=10), tick=False):
        course = scheduled_course(first_day)
        services.assignment_accept(services.facilitator_assign(course, anna))
    now = timezone.now()
    assert pool.half_days_led([anna.pk], since=now - timedelta(days=pool.WORKLOAD_DAYS), until=now) == {anna.pk: 1}
    assert pool.half_days_led([anna.pk], since=now - timedelta(days=400), until=now) == {anna.pk: 2}
    assert pool.half_days_led([anna.pk], since=now - timedelta(days=400), until=now - timedelta(days=364)) == {
        anna.pk: 1
    }


def test_the_workload_counts_accepted_half_days_of_the_last_12_months_only():
    anna, berit = person("Anna A", OWN, ["sv"], "Umeå"), person("Berit B", RELATIVE, ["sv"], "Umeå")
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=400), tick=False):
        old = scheduled_course(timezone.localdate() + timedelta(days=10))  # 13 months ago: not counted
        services.assignment_accept(services.facilitator_assign(old, anna))
    with time_machine.travel(now - timedelta(days=90), tick=False):
        led = scheduled_course(timezone.localdate() + timedelta(days=30))  # two months ago: counted
        services.assignment_accept(services.facilitator_assign(led, anna))
        cancelled = scheduled_course(timezone.localdate() + timedelta(days=40))
        services.assignment_accept(services.facilitator_assign(cancelled, anna))
        services.course_cancel(cancelled, reason="The unit was reorganised.")
        invited = scheduled_course(timezone.localdate() + timedelta(days=50))
        services.facilitator_assign(invited, berit)  # never answered: not led
    since = now - timedelta(days=pool.WORKLOAD_DAYS)
    assert pool.half_days_led([anna.pk, berit.pk], since=since, until=now) == {anna.pk: 2}
    assert pool.half_days_led([], since=since, until=now) == {}


@pytest.mark.parametrize("people", [2, 12])
def test_find_a_date_takes_the_same_queries_however_many_facilitators_and_bookings(
    new_year_2027, django_assert_num_queries, people
):
    workplace = WorkplaceFactory()
    pool_ = [person(f"P{n} P", [OWN, RELATIVE][n % 2], ["sv"], "Umeå") for n in range(people)]
    for n, facilitator in enumerate(pool_):
        services.facilitator_assign(scheduled_course(date(2027, 3, 1) + timedelta(days=n)), facilitator)
        services.unavailability_add(facilitator, weekday=n % 5)
    client = client_for(coordinator())
    query = {"workplace": str(workplace), "period_start": "2027-03-01", "period_end": "2027-05-31"}
    query |= {"starts": "09:00", "ends": "13:00"}
    # Session, user, roles, the active facilitators (once, for both selects and the search), the
    # workplace, their half-days of the period with their unavailable dates (one statement).
    with django_assert_num_queries(6):
        response = client.get(reverse("sessions_app:find_date"), query)
    assert len(response.context["proposals"]) == pool.DATES_SHOWN

"""The facilitator directory, and a facilitator's own pages: assignments and calendar."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format

from accounts.roles import Role
from accounts.tests.factories import UserFactory, coordinator, facilitator_user
from dialogkurs.testing.clients import client_for
from sessions_app import services
from sessions_app.models import AssignmentStatus, Course, Facilitator
from sessions_app.tests.factories import (
    FacilitatorFactory,
    WorkplaceFactory,
    at,
    confirmed_course,
    ready_course,
    scheduled_course,
)
from sessions_app.tests.helpers import assert_error_at_field, messages_of
from sessions_app.views.facilitators import ASSIGNMENTS_PER_PAGE, COMING_HALF_DAYS

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)
MINE = reverse("sessions_app:my_assignments")


# --- The directory -------------------------------------------------------------------------------


def test_the_directory_lists_each_facilitators_coming_half_days(coordinator_client):
    jonas = FacilitatorFactory(user=UserFactory(full_name="Jonas Berg"), home_area="Umeå")
    ingrid = FacilitatorFactory(user=UserFactory(full_name="Ingrid Solberg"), languages=["nb", "sv"])
    invited = scheduled_course(DAY, workplace=WorkplaceFactory(name="Öppenvården"))
    services.facilitator_assign(invited, jonas)
    accepted = scheduled_course(DAY + timedelta(days=20), workplace=WorkplaceFactory(name="Vuxenpsykiatrin"))
    services.assignment_accept(services.facilitator_assign(accepted, jonas))
    services.assignment_accept(services.facilitator_assign(accepted, ingrid))
    declined = scheduled_course(DAY + timedelta(days=40))
    services.assignment_decline(services.facilitator_assign(declined, ingrid))
    cancelled = scheduled_course(DAY + timedelta(days=60))
    services.facilitator_assign(cancelled, ingrid)
    services.course_cancel(cancelled)

    response = coordinator_client.get(reverse("sessions_app:facilitator_list"))
    rows = {
        str(facilitator): [(h.workplace_name, h.number, h.assignment_status) for h in half_days]
        for facilitator, half_days in response.context["rows"]
    }
    assert rows == {
        "Ingrid Solberg": [("Vuxenpsykiatrin", 1, "accepted"), ("Vuxenpsykiatrin", 2, "accepted")],
        "Jonas Berg": [
            ("Öppenvården", 1, "invited"),
            ("Öppenvården", 2, "invited"),
            ("Vuxenpsykiatrin", 1, "accepted"),
            ("Vuxenpsykiatrin", 2, "accepted"),
        ],
    }
    body = response.content.decode()
    assert "NB, SV" in body
    assert "(invited)" in body


def test_a_directory_row_links_her_page_and_each_half_day_with_its_date_and_time(coordinator_client):
    jonas = FacilitatorFactory(user=UserFactory(full_name="Jonas Berg", email="jonas@example.org"))
    course = scheduled_course(DAY, workplace=WorkplaceFactory(name="Öppenvården"))
    services.facilitator_assign(course, jonas)
    first = course.half_days.get(number=1)
    body = coordinator_client.get(reverse("sessions_app:facilitator_list")).content.decode()
    starts = timezone.localtime(first.starts_at)
    assert (
        f'<th scope="row"><a href="{reverse("sessions_app:facilitator_detail", args=[jonas.pk])}">Jonas Berg</a>'
        '<br><a class="fw-normal" href="mailto:jonas@example.org">jonas@example.org</a></th>'
    ) in body
    assert (
        f'<span class="d-block"><a href="{reverse("sessions_app:course_detail", args=[course.pk])}">Öppenvården, '
        f"{date_format(starts, 'SHORT_DATE_FORMAT')} {time_format(starts, 'TIME_FORMAT')}</a> (invited)</span>"
    ) in body


def test_the_directory_leaves_out_half_days_that_are_over(coordinator_client):
    facilitator = FacilitatorFactory()
    course = scheduled_course(DAY)
    services.facilitator_assign(course, facilitator)
    with time_machine.travel(at(DAY, 13)):
        client = client_for(coordinator())
        [(_, half_days)] = client.get(reverse("sessions_app:facilitator_list")).context["rows"]
    assert [h.number for h in half_days] == [2]


@pytest.mark.parametrize("rows", [1, 5])
def test_the_directory_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    for n in range(rows):
        facilitator = FacilitatorFactory()
        services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n)), facilitator)
        services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n + 10)), facilitator)
    client.force_login(coordinator())
    with django_assert_num_queries(6):
        response = client.get(reverse("sessions_app:facilitator_list"))
    assert [len(half_days) for _, half_days in response.context["rows"]] == [4] * rows


def test_a_coordinator_makes_an_existing_user_a_facilitator(coordinator_client):
    user = UserFactory(full_name="Sara Ek")
    already = FacilitatorFactory()
    form = coordinator_client.get(reverse("sessions_app:facilitator_create")).context["form"]
    assert user in form.fields["user"].queryset
    assert already.user not in form.fields["user"].queryset
    response = coordinator_client.post(
        reverse("sessions_app:facilitator_create"),
        {
            "user": user.pk,
            "lived_experience": "relative",
            "lived_experience_consent": "on",
            "languages": ["sv", "nb"],
            "home_area": "Luleå",
        },
        follow=True,
    )
    facilitator = Facilitator.objects.get(user=user)
    assert (facilitator.lived_experience, facilitator.languages, facilitator.home_area) == (
        "relative",
        ["sv", "nb"],
        "Luleå",
    )
    assert facilitator.lived_experience_consent_at is not None
    assert facilitator.lived_experience_consent_by == response.wsgi_request.user
    user.refresh_from_db()
    assert user.has_role(Role.FACILITATOR)
    assert messages_of(response) == ["Sara Ek is now a facilitator."]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"user": ""}, "user", "This field is required."),
        (
            {"lived_experience_consent": ""},
            "lived_experience_consent",
            "The lived experience is kept only with the facilitator's consent.",
        ),
        (
            {"lived_experience": "none"},
            "lived_experience",
            "Select a valid choice. none is not one of the available choices.",
        ),
        ({"languages": ["de"]}, "languages", "Select a valid choice. de is not one of the available choices."),
    ],
)
def test_adding_a_facilitator_with_bad_input_saves_nothing(coordinator_client, overrides, field, message):
    user = UserFactory()
    data = {
        "user": user.pk,
        "lived_experience": "own",
        "lived_experience_consent": "on",
        "languages": ["sv"],
        "home_area": "",
    } | overrides
    response = coordinator_client.post(reverse("sessions_app:facilitator_create"), data)
    assert_error_at_field(response, field, message)
    assert Facilitator.objects.count() == 0
    user.refresh_from_db()
    assert not user.has_role(Role.FACILITATOR)


def test_a_user_who_is_already_a_facilitator_cannot_be_added_again(coordinator_client):
    existing = FacilitatorFactory()
    data = {"user": existing.user.pk, "lived_experience": "own", "languages": ["sv"]}
    response = coordinator_client.post(reverse("sessions_app:facilitator_create"), data)
    assert_error_at_field(response, "user", "Select a valid choice. That choice is not one of the available choices.")
    assert Facilitator.objects.count() == 1


# --- My assignments ---------------------------------------------------------------------------------


def test_my_assignments_shows_invitations_accepted_trainings_and_coming_half_days(world):
    later = scheduled_course(DAY + timedelta(days=20))
    services.assignment_accept(services.facilitator_assign(later, world.facilitator))
    response = client_for(world.facilitator.user).get(MINE)
    assert [a.course_id for a in response.context["invitations"]] == [world.course.pk]
    assert [a.course_id for a in response.context["accepted"]] == [later.pk]
    assert [(h.number, a.course_id) for h, a in response.context["upcoming"]] == [(1, later.pk), (2, later.pk)]
    body = response.content.decode()
    assert f'action="{reverse("sessions_app:assignment_accept", args=[world.assignment.pk])}"' in body
    assert f'action="{reverse("sessions_app:assignment_decline", args=[world.assignment.pk])}"' in body


def test_my_assignments_names_each_training_with_where_and_when_it_is_and_the_travel_entered(client):
    facilitator = FacilitatorFactory()
    invited = scheduled_course(DAY, location="Rum 2, Storgatan 1")
    services.facilitator_assign(invited, facilitator)
    ahead = scheduled_course(DAY + timedelta(days=20), workplace=WorkplaceFactory(name="Ward <B>"))
    assignment = services.assignment_accept(services.facilitator_assign(ahead, facilitator))
    services.assignment_set_travel(assignment, travel_km=12, travel_minutes=30)
    client.force_login(facilitator.user)
    body = client.get(MINE).content.decode()

    def when(course: Course) -> str:
        return date_format(timezone.localtime(course.half_days.get(number=1).starts_at), "DATE_FORMAT")

    assert (
        f'<p class="mb-2">{invited.workplace.organisation.name} · Rum 2, Storgatan 1, Umeå</p>' in body
    )  # the room, then the parts of the visiting address not yet said
    assert (
        f'<button type="submit" class="btn btn-primary">Accept<span class="visually-hidden"> the training at '
        f"{invited.workplace.name}, starting {when(invited)}</span></button>" in body
    )
    travel = reverse("sessions_app:assignment_travel", args=[assignment.pk])
    assert (
        f'<a href="{travel}">Enter travel<span class="visually-hidden"> to Ward &lt;B&gt;, starting {when(ahead)}'
        "</span></a> (12 km, 30 minutes)</li>" in body
    )
    assert (
        f'Ward &lt;B&gt;<span class="visually-hidden">, starting {when(ahead)}</span></a>, half-day 2 of 2 · ' in body
    )


def test_my_assignments_leaves_out_cancelled_trainings(world):
    services.course_cancel(world.course)
    response = client_for(world.facilitator.user).get(MINE)
    assert (response.context["invitations"], response.context["accepted"]) == ([], [])
    assert "You have no invitation to answer." in response.content.decode()


def test_a_facilitator_without_a_profile_is_told_so(client):
    client.force_login(facilitator_user())
    for url in (MINE, reverse("sessions_app:my_calendar")):
        response = client.get(url)
        assert response.status_code == 200
        assert "no facilitator profile yet" in response.content.decode()


def _given_training(facilitator: Facilitator, days_ago: int) -> Course:
    """A training the facilitator accepted and gave, its half-day 1 ``days_ago`` days ago."""
    first_day = timezone.localdate() - timedelta(days=days_ago)
    with time_machine.travel(at(first_day - timedelta(days=30), 9), tick=False):
        course = scheduled_course(first_day)
        services.assignment_accept(services.facilitator_assign(course, facilitator))
    return course


@pytest.mark.parametrize("rows", [1, 5])
def test_my_assignments_takes_the_same_queries_for_one_row_or_five(client, django_assert_num_queries, rows):
    facilitator = FacilitatorFactory()
    for n in range(rows):
        services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n)), facilitator)
        services.assignment_accept(
            services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n + 10)), facilitator)
        )
        _given_training(facilitator, 60 + 20 * n)
    client.force_login(facilitator.user)
    with django_assert_num_queries(6):  # session, user, roles, her profile, her assignments, the rows shown
        response = client.get(MINE)
    assert (len(response.context["invitations"]), len(response.context["upcoming"])) == (rows, 2 * rows)
    assert len(response.context["past_page"].object_list) == rows


def test_my_assignments_pages_the_trainings_given_latest_first_and_keeps_them_out_of_those_ahead(client):
    facilitator = FacilitatorFactory()
    ahead = scheduled_course(DAY)
    services.assignment_accept(services.facilitator_assign(ahead, facilitator))
    given = [_given_training(facilitator, 50 + 10 * n) for n in range(ASSIGNMENTS_PER_PAGE + 1)]
    client.force_login(facilitator.user)
    response = client.get(MINE)
    assert [a.course_id for a in response.context["accepted"]] == [ahead.pk]
    assert [a.course_id for a in response.context["past_page"].object_list] == [
        c.pk for c in given[:ASSIGNMENTS_PER_PAGE]
    ]
    assert 'href="?page=2"' in response.content.decode()
    second = client.get(MINE, {"page": 2})
    assert [a.course_id for a in second.context["past_page"].object_list] == [
        c.pk for c in given[ASSIGNMENTS_PER_PAGE:]
    ]
    assert [a.course_id for a in second.context["accepted"]] == [ahead.pk]


def test_my_assignments_pages_invitations_and_trainings_ahead_soonest_first_each_on_its_own(client):
    """Each list of the page has its own page number in the address, and its links keep the
    others' (a facilitator on page 2 of the invitations who turns the page of the trainings
    ahead stays on page 2 of the invitations)."""
    facilitator = FacilitatorFactory()
    count = ASSIGNMENTS_PER_PAGE + 1
    # Made latest first, so that the order shown is not the order made.
    invited = [scheduled_course(DAY + timedelta(days=20 * n)) for n in reversed(range(count))]
    for course in invited:
        services.facilitator_assign(course, facilitator)
    accepted = [scheduled_course(DAY + timedelta(days=20 * n + 10)) for n in reversed(range(count))]
    for course in accepted:
        services.assignment_accept(services.facilitator_assign(course, facilitator))
    invited.reverse()
    accepted.reverse()
    client.force_login(facilitator.user)

    first = client.get(MINE)
    assert [a.course_id for a in first.context["invitations"]] == [c.pk for c in invited[:ASSIGNMENTS_PER_PAGE]]
    assert [a.course_id for a in first.context["accepted"]] == [c.pk for c in accepted[:ASSIGNMENTS_PER_PAGE]]
    body = first.content.decode()
    assert 'href="?invitations=2"' in body
    assert 'href="?ahead=2"' in body

    both = client.get(MINE, {"invitations": 2, "ahead": 2})
    assert [a.course_id for a in both.context["invitations"]] == [c.pk for c in invited[ASSIGNMENTS_PER_PAGE:]]
    assert [a.course_id for a in both.context["accepted"]] == [c.pk for c in accepted[ASSIGNMENTS_PER_PAGE:]]
    assert 'href="?invitations=1&amp;ahead=2"' in both.content.decode()
    assert 'href="?invitations=2&amp;ahead=1"' in both.content.decode()


def test_my_assignments_shows_the_next_coming_half_days_and_says_where_the_others_are(client):
    facilitator = FacilitatorFactory()
    trainings = COMING_HALF_DAYS // 2 + 1  # two half-days each: one more than shown
    for n in range(trainings):
        services.assignment_accept(
            services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n)), facilitator)
        )
    client.force_login(facilitator.user)
    response = client.get(MINE)
    shown = response.context["upcoming"]
    assert len(shown) == COMING_HALF_DAYS
    assert [h.starts_at for h, _ in shown] == sorted(h.starts_at for h, _ in shown)
    assert f"The next {COMING_HALF_DAYS} half-days only." in response.content.decode()
    assert len(response.context["accepted"]) == trainings  # every half-day is under its training


def test_a_training_whose_last_half_day_is_under_way_is_still_ahead(client):
    facilitator = FacilitatorFactory()
    course = _given_training(facilitator, 7)
    half_day_2 = course.half_days.get(number=2)
    with time_machine.travel(half_day_2.starts_at + timedelta(hours=1), tick=False):
        client.force_login(facilitator.user)
        response = client.get(MINE)
    assert [a.course_id for a in response.context["accepted"]] == [course.pk]
    assert list(response.context["past_page"].object_list) == []
    with time_machine.travel(half_day_2.ends_at + timedelta(minutes=1), tick=False):
        client.force_login(facilitator.user)
        response = client.get(MINE)
    assert response.context["accepted"] == []
    assert [a.course_id for a in response.context["past_page"].object_list] == [course.pk]


def test_accepting_an_invitation(world):
    client = client_for(world.facilitator.user)
    response = client.post(reverse("sessions_app:assignment_accept", args=[world.assignment.pk]), follow=True)
    assert response.redirect_chain == [(MINE, 302)]
    assert messages_of(response) == [f"You have accepted the training at {world.course.workplace.name}."]
    world.assignment.refresh_from_db()
    assert world.assignment.status == AssignmentStatus.ACCEPTED


def test_accepting_from_the_course_page_returns_there(world):
    client = client_for(world.facilitator.user)
    course_url = reverse("sessions_app:course_detail", args=[world.course.pk])
    response = client.post(
        reverse("sessions_app:assignment_accept", args=[world.assignment.pk]), {"next": course_url}, follow=True
    )
    assert response.redirect_chain == [(course_url, 302)]
    assert "You have accepted to lead this training." in response.content.decode()


def test_accepting_never_redirects_to_another_site(world):
    client = client_for(world.facilitator.user)
    response = client.post(
        reverse("sessions_app:assignment_accept", args=[world.assignment.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == MINE


def test_a_third_facilitator_cannot_accept_and_is_told_why(client):
    course = ready_course(DAY)
    third = FacilitatorFactory()
    assignment = services.facilitator_assign(course, third)
    client.force_login(third.user)
    response = client.post(reverse("sessions_app:assignment_accept", args=[assignment.pk]), follow=True)
    assert messages_of(response) == ["This training already has two facilitators."]
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.INVITED


def test_declining_an_invitation(world):
    client = client_for(world.facilitator.user)
    response = client.post(reverse("sessions_app:assignment_decline", args=[world.assignment.pk]), follow=True)
    assert messages_of(response) == [f"You have declined the training at {world.course.workplace.name}."]
    world.assignment.refresh_from_db()
    assert world.assignment.status == AssignmentStatus.DECLINED


def test_a_facilitator_of_a_confirmed_training_cannot_decline_and_is_told_whom_to_ask(client):
    course = confirmed_course(DAY)
    assignment = course.assignments.first()
    client.force_login(assignment.facilitator.user)
    response = client.post(reverse("sessions_app:assignment_decline", args=[assignment.pk]), follow=True)
    assert messages_of(response) == [
        "The training is confirmed with you as a facilitator; contact its coordinator to step down."
    ]
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED


def test_the_facilitators_course_page_offers_accept_and_decline(world):
    body = client_for(world.facilitator.user).get(world.course.get_absolute_url()).content.decode()
    assert "You are invited to lead this training." in body
    assert f'action="{reverse("sessions_app:assignment_accept", args=[world.assignment.pk])}"' in body
    assert f'href="{reverse("sessions_app:course_ics", args=[world.course.pk])}"' in body


# --- My calendar ----------------------------------------------------------------------------------------


def test_my_calendar_shows_the_private_feed_address(world):
    response = client_for(world.facilitator.user).get(reverse("sessions_app:my_calendar"))
    feed = f"http://testserver/trainings/calendar/{world.facilitator.ical_token}.ics"
    assert response.context["feed_url"] == feed
    assert f'value="{feed}"' in response.content.decode()


def test_renewing_the_calendar_address_revokes_the_old_one(client, world):
    old = reverse("sessions_app:facilitator_feed", args=[world.facilitator.ical_token])
    facilitator_client = client_for(world.facilitator.user)
    response = facilitator_client.post(reverse("sessions_app:my_calendar_renew"), follow=True)
    assert messages_of(response) == [
        "Your calendar address has been renewed. The old address no longer works: add the new one to your calendar."
    ]
    world.facilitator.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(reverse("sessions_app:facilitator_feed", args=[world.facilitator.ical_token])).status_code == 200
    assert world.facilitator.ical_token in response.content.decode()


def test_the_directory_shows_a_busy_facilitators_next_half_days_and_how_many_in_all(coordinator_client):
    busy, quiet = FacilitatorFactory(), FacilitatorFactory()
    courses = [scheduled_course(DAY + timedelta(days=10 * n)) for n in range(4)]
    for course in courses:
        services.facilitator_assign(course, busy)
    services.facilitator_assign(courses[0], quiet)
    response = coordinator_client.get(reverse("sessions_app:facilitator_list"))
    rows = dict(response.context["rows"])
    assert [(h.course_id, h.number) for h in rows[busy]] == [
        (courses[0].pk, 1), (courses[0].pk, 2), (courses[1].pk, 1), (courses[1].pk, 2), (courses[2].pk, 1), (courses[2].pk, 2)
    ]  # fmt: skip
    assert len(rows[quiet]) == 2
    body = response.content.decode()
    assert body.count("8 coming half-days in all") == 1
    assert "2 coming half-days in all" not in body

"""Calendar files, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import UserFactory
from sessions_app import services
from sessions_app.models import Course, Organisation, Theme
from sessions_app.tests.factories import (
    FacilitatorFactory,
    WorkplaceFactory,
    at,
    confirmed_course,
    scheduled_course,
)

pytestmark = pytest.mark.django_db
DAY = timezone.localdate() + timedelta(days=30)


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_trainings_calendar_file_has_both_half_days_with_place_and_themes(coordinator_client):
    workplace = WorkplaceFactory(name="Öppenvården Umeå", visiting_address="Storgatan 1, Umeå")
    course = confirmed_course(DAY, workplace=workplace, location="Konferensrummet")
    response = coordinator_client.get(reverse("sessions_app:course_ics", args=[course.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="training-{course.pk}.ics"'
    first, second = events(response)
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in (first, second)] == [
        (at(DAY, 8).astimezone(UTC), at(DAY, 12).astimezone(UTC)),
        (at(DAY + timedelta(days=7), 8).astimezone(UTC), at(DAY + timedelta(days=7), 12).astimezone(UTC)),
    ]
    assert [str(e["summary"]) for e in (first, second)] == [
        "Dialogue training at Öppenvården Umeå, half-day 1 of 2",
        "Dialogue training at Öppenvården Umeå, half-day 2 of 2",
    ]
    assert {str(e["location"]) for e in (first, second)} == {"Konferensrummet, Storgatan 1, Umeå"}
    assert str(first["description"]).splitlines()[0] == (
        "Themes: 1. Create contact and establish an alliance; 2. Become collaboration partners"
    )
    assert str(second["description"]).splitlines()[0] == "Themes: 3. Own recovery work; 4. Idea workshop"
    assert f"http://testserver/trainings/{course.pk}/" in str(first["description"])
    assert [str(e["status"]) for e in (first, second)] == ["CONFIRMED", "CONFIRMED"]
    assert len({str(e["uid"]) for e in (first, second)}) == 2


def test_a_draft_trainings_half_days_are_tentative(coordinator_client):
    course = scheduled_course(DAY)
    response = coordinator_client.get(reverse("sessions_app:course_ics", args=[course.pk]))
    assert [str(e["status"]) for e in events(response)] == ["TENTATIVE", "TENTATIVE"]


def test_a_facilitators_feed_lists_invited_and_accepted_half_days_and_marks_cancelled_ones(client):
    facilitator = FacilitatorFactory(user=UserFactory(language="en"))
    accepted = scheduled_course(DAY, workplace=WorkplaceFactory(name="Accepted here"))
    services.assignment_accept(services.facilitator_assign(accepted, facilitator))
    invited = scheduled_course(DAY + timedelta(days=20), workplace=WorkplaceFactory(name="Invited here"))
    services.facilitator_assign(invited, facilitator)
    declined = scheduled_course(DAY + timedelta(days=40), workplace=WorkplaceFactory(name="Declined here"))
    services.assignment_decline(services.facilitator_assign(declined, facilitator))
    cancelled = scheduled_course(DAY + timedelta(days=60), workplace=WorkplaceFactory(name="Cancelled here"))
    services.facilitator_assign(cancelled, facilitator)
    services.course_cancel(cancelled)
    services.facilitator_assign(scheduled_course(DAY + timedelta(days=80)), FacilitatorFactory())

    response = client.get(reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token]))
    found = [(str(e["summary"]), str(e["status"])) for e in events(response)]
    assert found == [
        ("Dialogue training at Accepted here, half-day 1 of 2", "TENTATIVE"),
        ("Dialogue training at Accepted here, half-day 2 of 2", "TENTATIVE"),
        ("Dialogue training at Invited here, half-day 1 of 2", "TENTATIVE"),
        ("Dialogue training at Invited here, half-day 2 of 2", "TENTATIVE"),
        ("Dialogue training at Cancelled here, half-day 1 of 2", "CANCELLED"),
        ("Dialogue training at Cancelled here, half-day 2 of 2", "CANCELLED"),
    ]
    invited_event = events(response)[2]
    assert "You are invited and have not answered yet." in str(invited_event["description"])
    assert "You are invited" not in str(events(response)[0]["description"])


def test_a_confirmed_training_is_confirmed_in_the_feed(client):
    course = confirmed_course(DAY)
    facilitator = course.assignments.first().facilitator
    response = client.get(reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token]))
    assert [str(e["status"]) for e in events(response)] == ["CONFIRMED", "CONFIRMED"]


def test_the_feed_speaks_the_facilitators_language(client):
    facilitator = FacilitatorFactory(user=UserFactory(language="sv"))
    services.facilitator_assign(scheduled_course(DAY), facilitator)
    response = client.get(
        reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token]), HTTP_ACCEPT_LANGUAGE="en"
    )
    first = events(response)[0]
    assert "1. Skapa kontakt och etablera allians" in str(first["description"])
    assert str(first["summary"]).startswith("Dialogutbildning")


@pytest.mark.parametrize("rows", [1, 5])
def test_the_feed_takes_the_same_queries_for_one_training_or_five(client, django_assert_num_queries, rows):
    """The first request renders the feed (the facilitator, the content's two light queries,
    the half-days and their themes); the next ones find it rendered and read only the content."""
    facilitator = FacilitatorFactory()
    for n in range(rows):
        services.facilitator_assign(scheduled_course(DAY + timedelta(days=20 * n)), facilitator)
    url = reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token])
    with django_assert_num_queries(5):
        first = client.get(url)
    with django_assert_num_queries(3):
        again = client.get(url)
    assert len(events(first)) == 2 * rows
    assert again.content == first.content


def alarms(event) -> list[tuple[str, timedelta]]:
    return [(str(alarm["action"]), alarm.decoded("trigger")) for alarm in event.walk("VALARM")]


def test_every_half_day_in_downloads_and_feeds_has_alarms_a_day_and_an_hour_before(coordinator_client, client):
    course = confirmed_course(DAY)
    facilitator = course.assignments.first().facilitator
    download = events(coordinator_client.get(reverse("sessions_app:course_ics", args=[course.pk])))
    feed = events(client.get(reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token])))
    for event in download + feed:
        assert alarms(event) == [("DISPLAY", -timedelta(days=1)), ("DISPLAY", -timedelta(hours=1))]


def test_a_moved_half_day_keeps_its_uid_with_a_higher_sequence_and_a_cancelled_one_says_so(coordinator_client):
    course = scheduled_course(DAY)
    url = reverse("sessions_app:course_ics", args=[course.pk])
    before = events(coordinator_client.get(url))
    assert [int(e["sequence"]) for e in before] == [0, 0]

    later = DAY + timedelta(days=1)
    services.course_set_schedule(
        course,
        [
            services.HalfDayPlan(at(later, 8), at(later, 12)),
            services.HalfDayPlan(at(DAY + timedelta(days=7), 8), at(DAY + timedelta(days=7), 12)),
        ],
    )
    moved = events(coordinator_client.get(url))
    assert [str(e["uid"]) for e in moved] == [str(e["uid"]) for e in before]
    assert [int(e["sequence"]) for e in moved] == [1, 0]
    assert moved[0].decoded("dtstart") == at(later, 8).astimezone(UTC)

    services.course_cancel(course)
    cancelled = events(coordinator_client.get(url))
    assert [str(e["uid"]) for e in cancelled] == [str(e["uid"]) for e in before]
    assert [(str(e["status"]), int(e["sequence"])) for e in cancelled] == [("CANCELLED", 2), ("CANCELLED", 1)]
    assert [alarms(e) for e in cancelled] == [[], []]


def _feed(client, facilitator, **headers):
    return client.get(reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token]), headers=headers)


def test_the_feed_holds_three_months_back_and_two_years_ahead(client):
    facilitator = FacilitatorFactory(user=UserFactory(language="en"))
    today = timezone.localdate()
    names = {
        "long ago": today - timedelta(days=130),
        "last month": today - timedelta(days=40),
        "next year": today + timedelta(days=400),
        "in three years": today + timedelta(days=3 * 365),
    }
    for name, first_day in names.items():
        with time_machine.travel(at(first_day - timedelta(days=30), 9), tick=False):
            course = scheduled_course(first_day, workplace=WorkplaceFactory(name=name))
            services.assignment_accept(services.facilitator_assign(course, facilitator))
    found = [str(e["summary"]) for e in events(_feed(client, facilitator))]
    assert found == [
        "Dialogue training at last month, half-day 1 of 2",
        "Dialogue training at last month, half-day 2 of 2",
        "Dialogue training at next year, half-day 1 of 2",
        "Dialogue training at next year, half-day 2 of 2",
    ]


def test_an_unchanged_feed_is_answered_not_modified_and_a_changed_one_in_full(client):
    facilitator = FacilitatorFactory()
    course = scheduled_course(DAY)
    assignment = services.facilitator_assign(course, facilitator)
    first = _feed(client, facilitator)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert len(events(first)) == 2

    again = _feed(client, facilitator, if_none_match=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)

    services.assignment_accept(assignment)  # the half-days change from invited to accepted
    changed = _feed(client, facilitator, if_none_match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert len(events(changed)) == 2
    assert _feed(client, facilitator, if_none_match="*").status_code == 304


def _changes():
    """Each change a facilitator's calendar must show, made to a feed of two trainings (one
    accepted, one invited): the name of what changed and a function making the change."""

    def move(accepted, invited, theme):
        later = DAY + timedelta(days=1)
        services.course_set_schedule(
            accepted,
            [
                services.HalfDayPlan(at(later, 9), at(later, 13)),
                services.HalfDayPlan(at(DAY + timedelta(days=7), 8), at(DAY + timedelta(days=7), 12)),
            ],
        )

    def rename_workplace(accepted, invited, theme):
        services.workplace_update(accepted.workplace, name="Renamed unit")

    def rename_organisation(accepted, invited, theme):
        Organisation.objects.filter(pk=accepted.workplace.organisation_id).update(name="Renamed region")

    def rename_theme(accepted, invited, theme):
        Theme.objects.filter(pk=theme.pk).update(name_en="A renamed theme")

    def relocate(accepted, invited, theme):
        Course.objects.filter(pk=accepted.pk).update(location="Room 2")  # no updated_at change

    def cancel(accepted, invited, theme):
        services.course_cancel(accepted)

    def decline(accepted, invited, theme):
        services.assignment_decline(invited.assignments.get())

    def accept(accepted, invited, theme):
        services.assignment_accept(invited.assignments.get())

    def reassign(accepted, invited, theme):
        # The invitation goes to someone else: it leaves this feed, and a new one arrives.
        services.assignment_decline(invited.assignments.get())
        services.facilitator_assign(invited, FacilitatorFactory())
        other = scheduled_course(DAY + timedelta(days=50))
        services.facilitator_assign(other, accepted.assignments.get().facilitator)

    def rename_facilitator(accepted, invited, theme):
        user = accepted.assignments.get().facilitator.user
        user.full_name = "Renamed Person"
        user.save(update_fields=["full_name"])

    return [
        move,
        rename_workplace,
        rename_organisation,
        rename_theme,
        relocate,
        cancel,
        decline,
        accept,
        reassign,
        rename_facilitator,
    ]


@pytest.mark.parametrize("change", _changes(), ids=lambda change: change.__name__)
def test_a_kept_feed_is_made_again_after_any_change_to_its_entries(client, django_assert_num_queries, change):
    """The rendered feed is kept, and served from where it is kept, only while nothing it shows
    has changed: each change gives a new feed, the same as one rendered with nothing kept."""
    from django.core.cache import cache

    facilitator = FacilitatorFactory(user=UserFactory(language="en"))
    accepted = scheduled_course(DAY, workplace=WorkplaceFactory(name="Accepted here"))
    services.assignment_accept(services.facilitator_assign(accepted, facilitator))
    invited = scheduled_course(DAY + timedelta(days=20), workplace=WorkplaceFactory(name="Invited here"))
    services.facilitator_assign(invited, facilitator)
    theme = accepted.half_days.get(number=1).themes.order_by("number").first()
    first = _feed(client, facilitator)
    with django_assert_num_queries(3):
        assert _feed(client, facilitator).content == first.content  # served as kept

    change(accepted, invited, theme)
    changed = _feed(client, facilitator)
    cache.clear()
    fresh = _feed(client, facilitator)

    def without_stamps(response):
        return [line for line in response.content.splitlines() if not line.startswith(b"DTSTAMP")]

    assert without_stamps(changed) == without_stamps(fresh)
    assert without_stamps(changed) != without_stamps(first)
    assert changed["ETag"] != first["ETag"]
    assert _feed(client, facilitator, if_none_match=first["ETag"]).status_code == 200


def test_a_half_day_leaving_the_window_makes_a_new_feed(client):
    facilitator = FacilitatorFactory(user=UserFactory(language="en"))
    course = scheduled_course(DAY)
    services.assignment_accept(services.facilitator_assign(course, facilitator))
    first = events(_feed(client, facilitator))
    assert len(first) == 2
    # Half-day 1 is now more than three months ago; half-day 2 (a week later) is not.
    with time_machine.travel(at(DAY + timedelta(days=95), 9), tick=False):
        later = events(_feed(client, facilitator))
    assert [str(e["summary"]) for e in later] == [str(first[1]["summary"])]


def test_the_kept_feed_follows_the_facilitators_language(client):
    facilitator = FacilitatorFactory(user=UserFactory(language="en"))
    services.facilitator_assign(scheduled_course(DAY), facilitator)
    assert str(events(_feed(client, facilitator))[0]["summary"]).startswith("Dialogue training")
    facilitator.user.language = "sv"
    facilitator.user.save(update_fields=["language"])
    assert str(events(_feed(client, facilitator))[0]["summary"]).startswith("Dialogutbildning")

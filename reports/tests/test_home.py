"""The home pages by role, against hand-counted fixtures at a fixed moment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from accounts.tests.factories import administrator, coordinator, facilitator_user
from enquiries.tests.factories import EnquiryFactory
from participants.tests.factories import fill, register
from reminders.models import ScheduledMessage
from sessions_app import services as course_services
from sessions_app.models import AssignmentStatus
from sessions_app.tests.factories import (
    STOCKHOLM,
    CourseFactory,
    FacilitatorFactory,
    confirmed_course,
    february_training,
    scheduled_course,
)
from workshops.tests.factories import submitted_outcome

pytestmark = pytest.mark.django_db

# Monday 4 May 2026, 09:00 in Stockholm: the February trainings' idea workshops were long ago,
# their first follow-ups (+3 months, 12–13 May) are in the next 14 days.
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=STOCKHOLM)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def accepted_user(course):
    return course.assignments.filter(status=AssignmentStatus.ACCEPTED).order_by("pk").first().facilitator.user


def coordinator_world(copies: int = 1) -> dict:
    """``copies`` of each thing that needs a coordinator, and one of each that does not."""
    with time_machine.travel(NOW - timedelta(days=4), tick=False):
        later = confirmed_course(date(2026, 5, 28))  # half-day 1 beyond 14 days: not listed yet
        for _ in range(copies):
            course_services.facilitator_assign(scheduled_course(date(2026, 6, 1)), FacilitatorFactory())
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        course_services.facilitator_assign(later, FacilitatorFactory())  # invited yesterday: not listed
    with time_machine.travel(NOW - timedelta(days=6), tick=False):
        short = [confirmed_course(date(2026, 5, 12)) for _ in range(copies)]
        full = confirmed_course(date(2026, 5, 13))
        fill(full, 15)  # 15 confirmed and 2 facilitators: ready
        overdue = [EnquiryFactory() for _ in range(copies)]
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        EnquiryFactory(assignee=coordinator())  # new, assigned, not yet due: not listed
    drafts = [CourseFactory() for _ in range(copies)]
    followed = [february_training() for _ in range(copies)]
    for course in followed:
        submitted_outcome(course)
    unrecorded = [february_training() for _ in range(copies)]
    failed = ScheduledMessage.objects.filter(status="planned").order_by("pk")[:copies]
    ScheduledMessage.objects.filter(pk__in=[m.pk for m in failed]).update(status="failed")
    return {"short": short, "drafts": drafts, "overdue": overdue, "unrecorded": unrecorded, "followed": followed}


def test_the_coordinators_home_lists_what_needs_her_each_with_its_page():
    world = coordinator_world()
    me = coordinator()
    with time_machine.travel(NOW, tick=False):
        response = client_for(me).get("/")
    home = response.context["coordinator"]
    totals = {section.key: section.total for section in home.sections}
    assert totals == {
        "not_ready": 1,
        "invitations": 1,
        "drafts_without_dates": 1,
        "overdue_enquiries": 1,
        "unassigned_enquiries": 1,
        "messages": 1,
        "followups": 1,
        "workshops": 1,
    }
    short = world["short"][0]
    assert home.section("not_ready").links[0].url == short.get_absolute_url()
    assert "0 of 15 confirmed, 2 of 2 facilitators" in home.section("not_ready").links[0].text
    assert home.section("drafts_without_dates").links[0].url == f"/trainings/{world['drafts'][0].pk}/schedule/"
    assert home.section("overdue_enquiries").links[0].url == f"/enquiries/{world['overdue'][0].pk}/"
    assert home.section("workshops").links[0].url == f"/trainings/{world['unrecorded'][0].pk}/workshop/"
    followup = world["followed"][0].followups.get(number=1)
    assert home.section("followups").links[0].url == followup.get_absolute_url()
    page = response.content.decode()
    assert "1 training is short of people two weeks before" in page
    assert "1 enquiry not contacted within 2 working days" in page
    # The agenda: the short training's half-day 1, the full one's, and the follow-up.
    agenda = [item.url for _day, items in home.agenda for item in items]
    assert agenda.count(short.get_absolute_url()) == 1
    assert followup.get_absolute_url() in agenda


def test_the_coordinators_home_costs_the_same_queries_with_one_or_many(django_assert_num_queries):
    coordinator_world(copies=1)
    me = coordinator()
    client = client_for(me)
    with time_machine.travel(NOW, tick=False):
        client.get("/")  # session and caches warm
        with django_assert_num_queries(QUERIES_COORDINATOR):
            first = client.get("/")
    coordinator_world(copies=4)
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(QUERIES_COORDINATOR):
        many = client.get("/")
    assert first.context["coordinator"].section("not_ready").total == 1
    assert many.context["coordinator"].section("not_ready").total == 5


# The session, the user, her roles, and one statement for every section (dialogkurs.statements).
QUERIES_COORDINATOR = 4
QUERIES_FACILITATOR = 4


def test_the_facilitators_home_lists_her_half_days_invitations_attendance_and_outcomes():
    me_profile = FacilitatorFactory()
    me = me_profile.user
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        soon = scheduled_course(date(2026, 5, 11))
        other = FacilitatorFactory(user=facilitator_user(full_name="Kim Co-Leader"))
        for facilitator in (me_profile, other):
            course_services.assignment_accept(course_services.facilitator_assign(soon, facilitator))
        course_services.course_confirm(soon)
        fill(soon, 3)
        course_services.facilitator_assign(scheduled_course(date(2026, 6, 2)), me_profile)
    past = february_training()
    register(past)
    register(past)
    with time_machine.travel(NOW, tick=False):
        response = client_for(me).get("/")
    home = response.context["facilitator"]
    totals = {section.key: section.total for section in home.sections}
    # The February training is not hers: only the coordinator's outcome list has it.
    assert totals == {"next_half_days": 2, "my_invitations": 1, "attendance": 0, "outcomes": 0}
    first = home.section("next_half_days").links[0]
    assert first.url == soon.get_absolute_url()
    assert "with Kim Co-Leader; 3 participants" in first.text
    assert home.section("my_invitations").links[0].url == "/trainings/my/assignments/"


def test_the_facilitators_home_asks_for_attendance_and_the_outcome_of_her_past_training():
    past = february_training()
    me = accepted_user(past)
    register(past)
    register(past)
    with time_machine.travel(NOW, tick=False):
        response = client_for(me).get("/")
    home = response.context["facilitator"]
    assert [s.total for s in home.sections] == [0, 0, 2, 1]
    links = home.section("attendance").links
    assert [link.url for link in links] == [
        f"/participants/courses/{past.pk}/attendance/2/",
        f"/participants/courses/{past.pk}/attendance/1/",
    ]
    assert links[0].text.endswith("0 of 2 recorded")
    assert home.section("outcomes").links[0].url == f"/trainings/{past.pk}/workshop/"


def coming_training_of(facilitator, day: date) -> None:
    """A confirmed training on ``day`` that ``facilitator`` and a co-facilitator lead."""
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        course = scheduled_course(day)
        for who in (facilitator, FacilitatorFactory()):
            course_services.assignment_accept(course_services.facilitator_assign(course, who))
        course_services.course_confirm(course)
        fill(course, 2)


def test_the_facilitators_home_costs_the_same_queries_with_one_or_many(django_assert_num_queries):
    past = february_training()
    me = accepted_user(past)
    coming_training_of(me.facilitator, date(2026, 5, 11))
    client = client_for(me)
    with time_machine.travel(NOW, tick=False):
        client.get("/")
        with django_assert_num_queries(QUERIES_FACILITATOR):
            client.get("/")
    facilitator = me.facilitator
    for _ in range(3):
        other = february_training()
        assignment = other.assignments.filter(status=AssignmentStatus.ACCEPTED).first()
        # Give her the place of one of its facilitators: another past training of hers.
        type(assignment).objects.filter(pk=assignment.pk).update(facilitator=facilitator)
        fill(other, 2)
    for day in (date(2026, 6, 8), date(2026, 7, 6), date(2026, 8, 3)):
        coming_training_of(facilitator, day)
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(QUERIES_FACILITATOR):
        many = client.get("/")
    home = many.context["facilitator"]
    assert home.section("attendance").total == 6  # 3 more trainings × 2 half-days; the first has no one
    assert home.section("next_half_days").total == 8  # 4 coming trainings × 2 half-days
    assert all(
        "; with " in link.text and "nobody yet" not in link.text for link in home.section("next_half_days").links
    )


def test_an_empty_start_says_what_to_do_first():
    me = coordinator()
    page = client_for(me).get("/").content.decode()
    assert "Nothing needs you today" in page
    assert 'href="/trainings/workplaces/new/"' in page


def test_a_facilitator_with_nothing_to_do_is_told_where_invitations_appear():
    me = FacilitatorFactory().user
    page = client_for(me).get("/").content.decode()
    assert "When a coordinator invites you to lead a training" in page


def test_an_administrator_sees_no_coordinator_sections():
    response = client_for(administrator()).get("/")
    assert response.status_code == 200
    assert "coordinator" not in response.context
    assert "facilitator" not in response.context


def test_each_facilitator_sees_her_own_sections_however_the_pages_were_compiled_before():
    """The sections are compiled once per process for a user (dialogkurs.statements): a page
    that gave one facilitator another's, or kept the moment of its first visit, fails here."""
    ann, bo = FacilitatorFactory(), FacilitatorFactory()
    coming_training_of(ann, date(2026, 5, 11))
    coming_training_of(bo, date(2026, 6, 8))
    coming_training_of(bo, date(2026, 7, 6))
    with time_machine.travel(NOW, tick=False):
        for_ann = client_for(ann.user).get("/").context["facilitator"]
        for_bo = client_for(bo.user).get("/").context["facilitator"]
    assert for_ann.section("next_half_days").total == 2
    assert for_bo.section("next_half_days").total == 4
    # Two months on, Ann's training is past: her attendance to take, not a coming half-day.
    with time_machine.travel(NOW + timedelta(days=60), tick=False):
        later = client_for(ann.user).get("/").context["facilitator"]
    assert later.section("next_half_days").total == 0
    assert later.section("attendance").total == 2


def test_link_items_writes_what_the_template_loop_wrote():
    from django.template import Context, Template

    from reports.home import Link
    from reports.templatetags.reports import link_items

    links = [Link('Ann & Bo\'s <b>"team"</b>', "/a/?x=1&y=2"), Link("Plain", "/b/")]
    loop = Template('{% for link in links %}<li><a href="{{ link.url }}">{{ link.text }}</a></li>{% endfor %}').render(
        Context({"links": links})
    )
    assert link_items(links) == loop

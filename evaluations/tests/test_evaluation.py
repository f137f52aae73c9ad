from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail
from django.db import connection, models
from django.urls import reverse

from accounts.tests.factories import UserFactory, administrator, clinician, coordinator
from evaluations import services as services_evaluation
from evaluations.models import EvaluationAnswer, EvaluationToken
from evaluations.selectors import evaluation_aggregates, evaluation_results_for_course
from participants.models import Registration
from participants.services import registration_cancel
from participants.tests.factories import fill, register
from reminders.models import ScheduledMessage
from reminders.planning import messages_for, replan
from reminders.rendering import render_message
from sessions_app import services
from sessions_app.models import AssignmentStatus, Country, Course
from sessions_app.tests.factories import (
    BEFORE_TRAINING,
    STOCKHOLM,
    CourseFactory,
    OrganisationFactory,
    WorkplaceFactory,
    february_training,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]
# Half-day 2 is on Thursday 12 February 2026: the request goes out on Friday at 09:00.
REQUEST_AT = datetime(2026, 2, 13, 9, 0, tzinfo=STOCKHOLM)
ANSWERS = {
    "working_relationship": 4,
    "personally_defined_recovery": 5,
    "organisational_commitment": 3,
    "citizenship": 4,
}


def planned(course: Course, count: int, **participant) -> list[Registration]:
    """``count`` confirmed participants, their registrations replanned as the services do."""
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        registrations = [register(course, **participant) for _ in range(count)]
        for registration in registrations:
            replan(registration)
    return registrations


def link_in(email) -> str:
    return re.search(r"http://testserver(/participants/evaluation/[^/\s]+/)", email.body).group(1)


def answer(course: Course, count: int, on: date = date(2026, 2, 13), comment: str = "", **answers) -> None:
    """``count`` answers through real links, as if each participant had clicked theirs."""
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        registrations = fill(course, count)
    moment = datetime.combine(on, datetime.min.time(), tzinfo=STOCKHOLM) + timedelta(hours=12)
    with time_machine.travel(moment, tick=False):
        for registration in registrations:
            token = services_evaluation.evaluation_token(registration)
            services_evaluation.evaluation_link_issue(registration)
            services_evaluation.evaluation_answer(token, answers={**ANSWERS, **answers}, comment=comment)


# --- Anonymity ---------------------------------------------------------------------------------


def test_an_answer_holds_nothing_that_leads_to_a_person():
    fields = {f.name: f for f in EvaluationAnswer._meta.get_fields()}
    assert sorted(fields) == [
        "answered_on",
        "citizenship",
        "comment",
        "course",
        "id",
        "organisational_commitment",
        "personally_defined_recovery",
        "working_relationship",
    ]
    assert [f.related_model for f in fields.values() if f.is_relation] == [Course]
    assert isinstance(fields["id"], models.UUIDField)
    assert not [f for f in fields.values() if isinstance(f, models.DateTimeField)]
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "participants_evaluationanswer")
        ]
        relations = connection.introspection.get_relations(cursor, "participants_evaluationanswer")
    assert sorted(columns) == [
        "answered_on",
        "citizenship",
        "comment",
        "course_id",
        "id",
        "organisational_commitment",
        "personally_defined_recovery",
        "working_relationship",
    ]
    assert {column: table for column, (_field, table) in relations.items()} == {"course_id": "sessions_app_course"}


def test_a_link_row_knows_its_course_and_whether_it_was_used_and_nothing_else():
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "participants_evaluationtoken")
        ]
        relations = connection.introspection.get_relations(cursor, "participants_evaluationtoken")
    assert sorted(columns) == ["course_id", "id", "token_hash", "used"]
    assert {column: table for column, (_field, table) in relations.items()} == {"course_id": "sessions_app_course"}


def test_an_answer_keeps_only_the_date_and_its_link_only_that_it_was_used():
    course = february_training()
    (registration,) = planned(course, 1)
    token = services_evaluation.evaluation_token(registration)
    with time_machine.travel(REQUEST_AT + timedelta(hours=5, minutes=17), tick=False):
        services_evaluation.evaluation_link_issue(registration)
        services_evaluation.evaluation_answer(token, answers=ANSWERS, comment="  Bra dag. ")
    row = EvaluationAnswer.objects.values().get()
    assert {k: v for k, v in row.items() if k != "id"} == {
        "course_id": course.pk,
        "answered_on": date(2026, 2, 13),
        "comment": "Bra dag.",
        **ANSWERS,
    }
    assert list(EvaluationToken.objects.values_list("course", "used")) == [(course.pk, True)]
    assert token not in EvaluationToken.objects.get().token_hash


# --- The request -------------------------------------------------------------------------------


def test_each_confirmed_participant_is_asked_the_day_after_half_day_2_at_nine():
    course = february_training()
    confirmed = planned(course, 2, language="nb")
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        waitlisted_or_cancelled = registration_cancel(register(course)).registration
        replan(waitlisted_or_cancelled)
    for registration in confirmed:
        rows = messages_for(registration, kinds=[services_evaluation.EVALUATION_KIND])
        assert [(r.due_at, r.language, r.status) for r in rows] == [(REQUEST_AT, "nb", ScheduledMessage.Status.PLANNED)]
    assert [r.status for r in messages_for(waitlisted_or_cancelled, kinds=[services_evaluation.EVALUATION_KIND])] in (
        [],
        [ScheduledMessage.Status.CANCELLED],
    )


def test_a_norwegian_training_asks_at_nine_oslo_time():
    workplace = WorkplaceFactory(organisation=OrganisationFactory(country=Country.NORWAY))
    (registration,) = planned(february_training(workplace=workplace), 1)
    row = messages_for(registration, kinds=[services_evaluation.EVALUATION_KIND]).get()
    assert (row.due_at, row.time_zone) == (REQUEST_AT, "Europe/Oslo")


def test_cancelling_the_training_cancels_the_requests():
    course = february_training()
    (registration,) = planned(course, 1)
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        services.course_cancel(course)
        registration.refresh_from_db()
        replan(registration)
    assert list(
        messages_for(registration, kinds=[services_evaluation.EVALUATION_KIND]).values_list("status", flat=True)
    ) == [ScheduledMessage.Status.CANCELLED]


def test_the_request_brings_a_personal_link_that_works_once(client, sweep):
    course = february_training()
    first, second = planned(course, 2)
    with time_machine.travel(REQUEST_AT, tick=False):
        sweep()
    assert sorted(parseaddr(email.to[0])[1] for email in mail.outbox) == sorted(
        r.participant.email for r in (first, second)
    )
    email = next(e for e in mail.outbox if first.participant.email in e.to[0])
    assert email.subject == f"Hur var dialogutbildningen på {course.workplace.name}?"
    links = {link_in(e) for e in mail.outbox}
    assert len(links) == 2
    url = link_in(email)
    with time_machine.travel(REQUEST_AT + timedelta(hours=2), tick=False):
        assert client.get(url).status_code == 200
        response = client.post(url, {**ANSWERS, "comment": ""})
        assert response.status_code == 302
        assert response.url == reverse("evaluations:evaluation_thanks")
        again = client.post(url, {**ANSWERS, "comment": "Twice"})
    assert "You have already answered. Thank you!" in again.content.decode()
    assert EvaluationAnswer.objects.count() == 1
    assert EvaluationToken.objects.filter(used=True).count() == 1


def test_a_repeated_send_carries_the_same_link_and_a_preview_none_at_all():
    course = february_training()
    (registration,) = planned(course, 1)
    message = messages_for(registration, kinds=[services_evaluation.EVALUATION_KIND]).get()
    preview = render_message(message, language="en")
    assert "/participants/evaluation/" not in preview.text
    assert EvaluationToken.objects.count() == 0
    ScheduledMessage.objects.filter(pk=message.pk).update(
        status=ScheduledMessage.Status.SENDING, claimed_at=message.due_at
    )
    message.refresh_from_db()
    first, second = render_message(message), render_message(message)
    assert first.text == second.text
    assert EvaluationToken.objects.count() == 1


def test_the_link_closes_six_weeks_after_the_training(client):
    course = february_training()
    (registration,) = planned(course, 1)
    services_evaluation.evaluation_link_issue(registration)
    url = reverse("evaluations:evaluation_answer", args=[services_evaluation.evaluation_token(registration)])
    with time_machine.travel(datetime(2026, 3, 26, 12, 0, tzinfo=STOCKHOLM), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(datetime(2026, 3, 26, 12, 1, tzinfo=STOCKHOLM), tick=False):
        response = client.post(url, ANSWERS)
    assert "This questionnaire is closed." in response.content.decode()
    assert EvaluationAnswer.objects.count() == 0


def test_an_unknown_link_is_not_found(client):
    assert (
        client.get(reverse("evaluations:evaluation_answer", args=["made-up-but-well-formed-token"])).status_code == 404
    )


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"citizenship": ""}, {"citizenship": ["This field is required."]}),
        (
            {"working_relationship": "6"},
            {"working_relationship": ["Select a valid choice. 6 is not one of the available choices."]},
        ),
        ({"comment": "x" * 2001}, {"comment": ["Ensure this value has at most 2000 characters (it has 2001)."]}),
    ],
)
def test_a_bad_answer_is_explained_and_nothing_is_saved_or_used_up(client, change, errors):
    (registration,) = planned(february_training(), 1)
    services_evaluation.evaluation_link_issue(registration)
    url = reverse("evaluations:evaluation_answer", args=[services_evaluation.evaluation_token(registration)])
    with time_machine.travel(REQUEST_AT, tick=False):
        response = client.post(url, {**ANSWERS, **change})
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert (EvaluationAnswer.objects.count(), EvaluationToken.objects.filter(used=True).count()) == (0, 0)


@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "Utvärdering av dialogutbildningen"), ("nb", "Evaluering av dialogopplæringen")]
)
def test_the_questionnaire_speaks_swedish_and_norwegian(client, language, heading):
    (registration,) = planned(february_training(), 1)
    services_evaluation.evaluation_link_issue(registration)
    client.cookies["django_language"] = language
    url = reverse("evaluations:evaluation_answer", args=[services_evaluation.evaluation_token(registration)])
    with time_machine.travel(REQUEST_AT, tick=False):
        body = client.get(url).content.decode()
    assert f"<h1>{heading}</h1>" in body


# --- Results -------------------------------------------------------------------------------------


def test_fewer_than_five_answers_show_nothing():
    course = february_training()
    answer(course, 4, comment="Only four of us")
    results = evaluation_results_for_course(course)
    assert (results.shown, results.means, results.comments) == (False, [], [])


def test_five_answers_show_the_means_and_the_comments_in_alphabetical_order():
    course = february_training()
    answer(course, 3, comment="bra")
    answer(course, 2, citizenship=1, comment="Allt")
    results = evaluation_results_for_course(course)
    assert results.shown
    assert results.means == [
        ("Working relationship", 4.0),
        ("Personally defined recovery", 5.0),
        ("Organisational commitment", 3.0),
        ("Citizenship", 2.8),
    ]
    assert results.comments == ["Allt", "Allt", "bra", "bra", "bra"]


def test_aggregates_per_organisation_and_quarter_hide_small_cells():
    region = OrganisationFactory(name="Region Norr")
    kommun = OrganisationFactory(name="Kommun Syd")
    answer(february_training(workplace=WorkplaceFactory(organisation=region)), 3, on=date(2026, 2, 13))
    answer(february_training(workplace=WorkplaceFactory(organisation=region)), 3, on=date(2026, 3, 2), citizenship=2)
    april_course = february_training(date(2026, 3, 19), workplace=WorkplaceFactory(organisation=region))
    answer(april_course, 5, on=date(2026, 4, 2))
    answer(february_training(workplace=WorkplaceFactory(organisation=kommun)), 2, on=date(2026, 2, 20))
    rows, total = evaluation_aggregates(start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert [(r.organisation, r.quarter_label, r.courses, r.results.count, r.results.shown) for r in rows] == [
        ("Kommun Syd", "Q1 2026", 1, 2, False),
        ("Region Norr", "Q1 2026", 2, 6, True),
        ("Region Norr", "Q2 2026", 1, 5, True),
    ]
    assert rows[0].results.means == []
    assert rows[1].results.means[3] == ("Citizenship", 3.0)
    assert total.count == 13
    region_only, _total = evaluation_aggregates(start=date(2026, 1, 1), end=date(2026, 3, 31), organisation=kommun)
    assert [(r.organisation, r.results.shown) for r in region_only] == [("Kommun Syd", False)]


# --- Pages: permissions, N+1 ---------------------------------------------------------------------


def _users(course: Course) -> dict:
    return {
        "anonymous": None,
        "no role": UserFactory(),
        "clinician": clinician(),
        "administrator": administrator(),
        "another course's facilitator": february_training().assignments.first().facilitator.user,
        "the course's facilitator": course.assignments.filter(status=AssignmentStatus.ACCEPTED)
        .first()
        .facilitator.user,
        "coordinator": coordinator(),
    }


@pytest.mark.parametrize(
    ("role", "course_page"),
    [
        ("anonymous", "login"),
        ("no role", 403),
        ("clinician", 403),
        ("administrator", 403),
        ("another course's facilitator", 404),
        ("the course's facilitator", 200),
        ("coordinator", 200),
    ],
)
def test_results_are_for_coordinators_and_the_courses_facilitators(client, role, course_page):
    course = february_training()
    user = _users(course)[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("evaluations:course_evaluation", args=[course.pk]))
    outcome = "login" if response.status_code == 302 and response.url.startswith(reverse("login")) else None
    assert (outcome or response.status_code) == course_page


@pytest.mark.parametrize("role", ["the course's facilitator", "coordinator"])
def test_the_training_page_links_the_evaluation_for_those_who_may_read_it(client, role):
    course = february_training()
    client.force_login(_users(course)[role])
    body = client.get(reverse("sessions_app:course_detail", args=[course.pk])).content.decode()
    assert f'href="{reverse("evaluations:course_evaluation", args=[course.pk])}"' in body


def test_a_draft_trainings_page_has_no_evaluation_yet(client):
    course = CourseFactory()
    client.force_login(course.coordinator)
    body = client.get(reverse("sessions_app:course_detail", args=[course.pk])).content.decode()
    assert reverse("evaluations:course_evaluation", args=[course.pk]) not in body


def test_the_course_page_shows_nothing_below_five_answers(client):
    course = february_training()
    answer(course, 4, comment="Hemlig kommentar")
    client.force_login(coordinator())
    body = client.get(reverse("evaluations:course_evaluation", args=[course.pk])).content.decode()
    assert "Fewer than 5 have answered" in body
    assert "Hemlig kommentar" not in body
    assert "4.0" not in body

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory, administrator, clinician, coordinator
from reminders.models import ScheduledMessage
from reminders.planning import messages_for
from sessions_app import services
from sessions_app.models import AssignmentStatus, CourseStatus
from sessions_app.tests.factories import (
    AFTER_TRAINING,
    BEFORE_TRAINING,
    STOCKHOLM,
    FacilitatorFactory,
    WorkplaceFactory,
    february_training,
)
from workshops import services as services_workshop
from workshops.models import FollowUpStatus, ImprovementProposal, OutcomeStatus, ProposalStatus, WorkshopOutcome
from workshops.tests.factories import add_proposals, proposal_data, submitted_outcome

pytestmark = [pytest.mark.django_db]
FIRST_FOLLOWUP = datetime(2026, 5, 12, 10, 0, tzinfo=STOCKHOLM)


def course_facilitator(course):
    return course.assignments.filter(status=AssignmentStatus.ACCEPTED).first().facilitator.user


@pytest.fixture
def world():
    """A training with a draft outcome and one with a submitted one, and a user per role."""
    draft_course = february_training()
    (proposal,) = add_proposals(draft_course, 1)
    submitted_course = february_training()
    # Invited, never accepted: they see the training but do not record its outcome.
    invited, invited_to_submitted = FacilitatorFactory(), FacilitatorFactory()
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        services.facilitator_assign(draft_course, invited)
        services.facilitator_assign(submitted_course, invited_to_submitted)
    submitted_outcome(submitted_course)
    return {
        "invited_to_submitted": invited_to_submitted.user,
        "draft_course": draft_course,
        "proposal": proposal,
        "submitted_course": submitted_course,
        "meeting": submitted_course.followups.get(number=1),
        "users": {
            "anonymous": None,
            "no role": UserFactory(),
            "clinician": clinician(),
            "administrator": administrator(),
            "another course's facilitator": february_training().assignments.first().facilitator.user,
            "invited facilitator": invited.user,
            "the course's facilitator": course_facilitator(draft_course),
            "coordinator": coordinator(),
        },
    }


RECORDER_PAGES = {
    "outcome": lambda w: reverse("workshops:outcome_detail", args=[w["draft_course"].pk]),
    "add proposal": lambda w: reverse("workshops:proposal_create", args=[w["draft_course"].pk]),
    "edit proposal": lambda w: reverse("workshops:proposal_edit", args=[w["draft_course"].pk, w["proposal"].pk]),
    "remove proposal": lambda w: reverse("workshops:proposal_delete", args=[w["draft_course"].pk, w["proposal"].pk]),
    "print": lambda w: reverse("workshops:outcome_print", args=[w["draft_course"].pk]),
}
RECORDER_EXPECTED = {
    "anonymous": "login",
    "no role": 403,
    "clinician": 403,
    "administrator": 403,
    "another course's facilitator": 404,
    "invited facilitator": 403,
    "the course's facilitator": 200,
    "coordinator": 200,
}


def get_as(client, user, url) -> int | str:
    """What ``user`` gets at ``url``: a status, or "login" for the login page."""
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return "login"
    return response.status_code


@pytest.mark.parametrize("page", list(RECORDER_PAGES))
@pytest.mark.parametrize("role", list(RECORDER_EXPECTED))
def test_only_the_courses_facilitators_and_coordinators_reach_the_outcome_pages(client, world, page, role):
    with time_machine.travel(AFTER_TRAINING, tick=False):
        outcome = get_as(client, world["users"][role], RECORDER_PAGES[page](world))
    assert outcome == RECORDER_EXPECTED[role]


@pytest.mark.parametrize("role", list(RECORDER_EXPECTED))
def test_the_follow_up_page_is_for_the_courses_facilitators_and_coordinators(client, world, role):
    world["users"]["the course's facilitator"] = course_facilitator(world["submitted_course"])
    world["users"]["invited facilitator"] = world["invited_to_submitted"]
    with time_machine.travel(AFTER_TRAINING, tick=False):
        outcome = get_as(client, world["users"][role], world["meeting"].get_absolute_url())
    assert outcome == RECORDER_EXPECTED[role]


COORDINATOR_PAGES = {
    "follow-ups": lambda w: reverse("workshops:followup_list"),
    "rebook": lambda w: reverse("workshops:followup_rebook", args=[w["meeting"].pk]),
    "workplace proposals": lambda w: reverse(
        "workshops:workplace_proposals", args=[w["submitted_course"].workplace_id]
    ),
}
COORDINATOR_EXPECTED = {
    **dict.fromkeys(RECORDER_EXPECTED, 403),
    "anonymous": "login",
    "coordinator": 200,
}


@pytest.mark.parametrize("page", list(COORDINATOR_PAGES))
@pytest.mark.parametrize("role", list(COORDINATOR_EXPECTED))
def test_coordinator_pages_refuse_everyone_else(client, world, page, role):
    with time_machine.travel(AFTER_TRAINING, tick=False):
        outcome = get_as(client, world["users"][role], COORDINATOR_PAGES[page](world))
    assert outcome == COORDINATOR_EXPECTED[role]


@pytest.mark.parametrize(
    ("role", "expected"),
    [*[(role, 403) for role in ("no role", "clinician", "administrator")], ("anonymous", "login")]
    + [(role, 200) for role in ("another course's facilitator", "the course's facilitator", "coordinator")],
)
def test_the_idea_workshop_list_is_for_coordinators_and_facilitators(client, world, role, expected):
    with time_machine.travel(AFTER_TRAINING, tick=False):
        outcome = get_as(client, world["users"][role], reverse("workshops:workshop_list"))
    assert outcome == expected


def test_a_facilitator_lists_only_the_idea_workshops_of_their_own_trainings(client, world):
    facilitator = world["users"]["the course's facilitator"]
    client.force_login(facilitator)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.get(reverse("workshops:workshop_list"))
    assert [course["pk"] for course in response.context["courses"]] == [world["draft_course"].pk]
    client.force_login(world["users"]["invited facilitator"])
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.get(reverse("workshops:workshop_list"))
    assert response.context["courses"] == []


@pytest.mark.parametrize(
    "role", ["another course's facilitator", "invited facilitator", "no role", "clinician", "administrator"]
)
def test_nobody_else_can_write_the_outcome(client, world, role):
    course = world["draft_course"]
    client.force_login(world["users"][role])
    data = proposal_data(text="Sneaked in")
    with time_machine.travel(AFTER_TRAINING, tick=False):
        responses = [
            client.post(reverse("workshops:proposal_create", args=[course.pk]), data),
            client.post(reverse("workshops:proposal_edit", args=[course.pk, world["proposal"].pk]), data),
            client.post(reverse("workshops:proposal_delete", args=[course.pk, world["proposal"].pk])),
            client.post(reverse("workshops:outcome_notes", args=[course.pk]), {"notes": "Sneaked"}),
            client.post(reverse("workshops:outcome_submit", args=[course.pk])),
            client.post(world["meeting"].get_absolute_url(), {"attendees": "X"}),
        ]
    assert {r.status_code for r in responses} <= {403, 404}
    assert list(ImprovementProposal.objects.filter(outcome__course=course).values_list("text", flat=True)) == [
        "Proposal number 1"
    ]
    outcome = WorkshopOutcome.objects.get(course=course)
    assert (outcome.status, outcome.notes) == (OutcomeStatus.DRAFT, "")
    assert world["meeting"].status == FollowUpStatus.PLANNED


# --- Recording through the pages -----------------------------------------------------------------


def test_a_facilitator_adds_a_proposal_and_submits_the_outcome(client):
    course = february_training()
    facilitator = course_facilitator(course)
    client.force_login(facilitator)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.post(
            reverse("workshops:proposal_create", args=[course.pk]),
            {
                "text": "Relatives are invited to the care planning",
                "area": "participation",
                "recovery_domains": ["working_relationship", "organisational_commitment"],
                "raised_by": ["relative"],
                "owner_name": "Lena Strand",
                "owner_email": "Lena.Strand@Example.org",
                "due_date": "2026-06-30",
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("workshops:outcome_detail", args=[course.pk])
        response = client.post(reverse("workshops:outcome_submit", args=[course.pk]))
    assert response.status_code == 302
    outcome = WorkshopOutcome.objects.get(course=course)
    proposal = outcome.proposals.get()
    assert (outcome.status, outcome.submitted_by, outcome.created_by) == (
        OutcomeStatus.SUBMITTED,
        facilitator,
        facilitator,
    )
    assert (proposal.owner_email, proposal.recovery_domains, proposal.raised_by) == (
        "lena.strand@example.org",
        ["working_relationship", "organisational_commitment"],
        ["relative"],
    )
    assert course.followups.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"area": "budget"}, "area", "Select a valid choice. budget is not one of the available choices."),
        (
            {"recovery_domains": ["hope"]},
            "recovery_domains",
            "Select a valid choice. hope is not one of the available choices.",
        ),
        ({"owner_email": "lena@"}, "owner_email", "Enter a valid email address."),
        ({"due_date": "30/06/2026x"}, "due_date", "Enter a valid date."),
        ({"due_date": "2026-02-01"}, "due_date", "The due date must be after the training."),
    ],
)
def test_a_bad_proposal_is_explained_and_nothing_is_saved(client, change, field, message):
    course = february_training()
    client.force_login(course.coordinator)
    data = {**proposal_data(), "due_date": "2026-05-01", **change}
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.post(reverse("workshops:proposal_create", args=[course.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert "There is a problem" in response.content.decode()
    assert ImprovementProposal.objects.count() == 0


def test_submitting_an_incomplete_outcome_lists_what_is_missing(client):
    course = february_training()
    add_proposals(course, 1, owner_name="")
    client.force_login(course.coordinator)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.post(reverse("workshops:outcome_submit", args=[course.pk]))
    assert response.status_code == 400
    assert response.context["submit_problems"] == ["Proposal 1 (“Proposal number 1”) is missing: owner's name."]
    assert course.followups.count() == 0


NEEDED = "Needed before the outcome is submitted; it can wait until then."


def test_the_proposal_form_marks_every_field_the_submission_needs(client):
    course = february_training()
    client.force_login(course_facilitator(course))
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = client.get(reverse("workshops:proposal_create", args=[course.pk]))
    form = response.context["form"]
    marked = [name for name, field in form.fields.items() if NEEDED in str(field.help_text)]
    assert marked == ["recovery_domains", "raised_by", "owner_name", "owner_email", "due_date"]
    assert [name for name, field in form.fields.items() if not field.required] == marked
    body = response.content.decode()
    assert body.count(NEEDED) == 5
    assert 'aria-describedby="id_owner_name_helptext"' in body


def test_the_outcome_page_names_what_each_proposal_still_needs_and_offers_to_submit_only_when_nothing_is_missing(
    client,
):
    course = february_training()
    _complete, incomplete = add_proposals(course, 2)
    gaps = {"recovery_domains": [], "owner_email": "", "due_date": None}
    with time_machine.travel(AFTER_TRAINING, tick=False):
        services_workshop.proposal_save(
            course, by=None, proposal=incomplete, **proposal_data(text="Proposal number 2", **gaps)
        )
    url = reverse("workshops:outcome_detail", args=[course.pk])
    submit_url = reverse("workshops:outcome_submit", args=[course.pk])
    with time_machine.travel(AFTER_TRAINING, tick=False):
        client.force_login(course_facilitator(course))
        body = client.get(url).content.decode()
    cards = body.split('<li class="card mb-3">')[1:]
    assert "Still needed" not in cards[0]
    assert (
        "Still needed before the outcome can be submitted:</strong> "
        + escape("recovery domain, owner's e-mail address, due date")
        in cards[1]
    )
    start = body.index('id="submission-missing"')
    missing = body[start : body.index("</div>", start)]
    assert body.index(">Submit the outcome</h2>") < start
    assert (
        escape("Proposal 2 (“Proposal number 2”) is missing: recovery domain, owner's e-mail address, due date.")
        in missing
    )
    assert submit_url not in body  # no submit button, so no confirm step with something missing

    with time_machine.travel(AFTER_TRAINING, tick=False):
        services_workshop.proposal_save(course, by=None, proposal=incomplete, **proposal_data(text="Proposal number 2"))
        client.force_login(course_facilitator(course))
        body = client.get(url).content.decode()
    assert ["Still needed" in body, 'id="submission-missing"' in body] == [False, False]
    assert f'action="{submit_url}" data-confirm="Submit the outcome now? It cannot be changed afterwards."' in body


def test_an_outcome_without_proposals_says_so_instead_of_offering_to_submit(client):
    course = february_training()
    with time_machine.travel(AFTER_TRAINING, tick=False):
        client.force_login(course_facilitator(course))
        body = client.get(reverse("workshops:outcome_detail", args=[course.pk])).content.decode()
    start = body.index('id="submission-missing"')
    assert "Add at least one improvement proposal before submitting." in body[start:]
    assert reverse("workshops:outcome_submit", args=[course.pk]) not in body


def test_before_half_day_2_the_page_says_when_recording_opens(client):
    course = february_training()
    client.force_login(course.coordinator)
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        body = client.get(reverse("workshops:outcome_detail", args=[course.pk])).content.decode()
        response = client.post(reverse("workshops:proposal_create", args=[course.pk]), proposal_data())
    assert "The idea-workshop outcome can be recorded from the start of half-day 2." in body
    assert "Add a proposal" not in body
    assert response.status_code == 400
    assert WorkshopOutcome.objects.count() == 0


def test_a_proposal_is_edited_and_removed_through_the_pages(client):
    course = february_training()
    first, second = add_proposals(course, 2)
    client.force_login(course.coordinator)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        edit = client.get(reverse("workshops:proposal_edit", args=[course.pk, first.pk]))
        assert edit.context["form"]["due_date"].value() == "2026-05-01"
        client.post(
            reverse("workshops:proposal_edit", args=[course.pk, first.pk]),
            {**proposal_data(text="Edited"), "due_date": "2026-05-02"},
        )
        client.post(reverse("workshops:proposal_delete", args=[course.pk, second.pk]))
    assert list(ImprovementProposal.objects.values_list("text", "due_date")) == [
        ("Edited", first.due_date + timedelta(1))
    ]


def test_the_printable_summary_has_every_proposal(client):
    course = february_training()
    submitted_outcome(course, proposals=3)
    client.force_login(course_facilitator(course))
    with time_machine.travel(AFTER_TRAINING, tick=False):
        body = client.get(reverse("workshops:outcome_print", args=[course.pk])).content.decode()
    assert [n for n in (1, 2, 3) if f"Proposal number {n}" in body] == [1, 2, 3]
    assert "data-print" in body
    assert "May 12, 2026, 10 a.m." in body


# --- Follow-ups through the pages ---------------------------------------------------------------


def test_a_facilitator_records_a_follow_up_with_each_proposals_status(client):
    course = february_training()
    outcome = submitted_outcome(course)
    first, second = outcome.proposals.order_by("pk")
    meeting = course.followups.get(number=1)
    client.force_login(course_facilitator(course))
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        response = client.post(
            meeting.get_absolute_url(),
            {
                f"status_{first.pk}": "done",
                f"note_{first.pk}": "Introduced in April.",
                f"status_{second.pk}": "in_progress",
                f"note_{second.pk}": "",
                "attendees": "Chef Chefsson",
                "notes": "",
            },
        )
        assert response.status_code == 302
        page = client.get(meeting.get_absolute_url()).content.decode()
    assert list(outcome.proposals.order_by("pk").values_list("status", flat=True)) == ["done", "in_progress"]
    assert "Introduced in April." in page


def test_the_page_records_a_meeting_at_the_time_it_was_held_and_not_before_its_time(client):
    course = february_training()
    outcome = submitted_outcome(course, proposals=1)
    proposal = outcome.proposals.get()
    meeting = course.followups.get(number=1)
    client.force_login(course.coordinator)
    data = {f"status_{proposal.pk}": "in_progress", "attendees": "", "notes": ""}
    with time_machine.travel(FIRST_FOLLOWUP - timedelta(days=10), tick=False):
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'name="held_at" value="2026-05-12T10:00"' in page  # its booked time, as offered
        too_early = client.post(meeting.get_absolute_url(), {**data, "held_at": "2026-05-12T10:00"})
        assert too_early.status_code == 400
        assert too_early.context["form"].errors == {
            "held_at": ["The meeting has not been held yet: give the time it was held."]
        }
        held_early = client.post(meeting.get_absolute_url(), {**data, "held_at": "2026-04-30T09:15"})
        assert held_early.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == FollowUpStatus.HELD
    assert meeting.starts_at == datetime(2026, 4, 30, 9, 15, tzinfo=STOCKHOLM)


def test_a_status_that_is_not_offered_is_refused_and_nothing_is_recorded(client):
    course = february_training()
    outcome = submitted_outcome(course, proposals=1)
    proposal = outcome.proposals.get()
    meeting = course.followups.get(number=1)
    client.force_login(course.coordinator)
    with time_machine.travel(FIRST_FOLLOWUP, tick=False):
        response = client.post(meeting.get_absolute_url(), {f"status_{proposal.pk}": "finished"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"status_{proposal.pk}": ["Select a valid choice. finished is not one of the available choices."]
    }
    meeting.refresh_from_db()
    assert (meeting.status, proposal.updates.count()) == (FollowUpStatus.PLANNED, 1)


def test_recording_the_last_follow_up_through_the_page_marks_the_training_followed_up(client):
    course = february_training()
    proposal = submitted_outcome(course, proposals=1).proposals.get()
    client.force_login(course.coordinator)
    for meeting, status in zip(course.followups.order_by("number"), ["in_progress", "done"], strict=True):
        with time_machine.travel(meeting.starts_at, tick=False):
            response = client.post(meeting.get_absolute_url(), {f"status_{proposal.pk}": status, "attendees": ""})
        assert response.status_code == 302
    course.refresh_from_db()
    proposal.refresh_from_db()
    assert (course.status, proposal.status) == (CourseStatus.FOLLOWED_UP, ProposalStatus.DONE)


def test_a_coordinator_rebooks_a_follow_up_and_its_reminders_move(client):
    course = february_training()
    submitted_outcome(course, proposals=1)
    meeting = course.followups.get(number=1)
    client.force_login(course.coordinator)
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=STOCKHOLM), tick=False):
        form = client.get(reverse("workshops:followup_rebook", args=[meeting.pk])).context["form"]
        assert (form["date"].value(), form["time"].value()) == ("2026-05-12", "10:00")
        response = client.post(
            reverse("workshops:followup_rebook", args=[meeting.pk]),
            {"date": "2026-05-20", "time": "13:15", "place": "Personalrummet"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    new_time = datetime(2026, 5, 20, 13, 15, tzinfo=STOCKHOLM)
    assert (meeting.starts_at, meeting.place) == (new_time, "Personalrummet")
    planned = messages_for(meeting).filter(status=ScheduledMessage.Status.PLANNED)
    assert set(planned.values_list("due_at", flat=True)) == {new_time - timedelta(days=7)}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"date": "2026-03-01", "time": "10:00", "place": "Rum 1"}, {"date": ["Choose a time in the future."]}),
        (
            {"date": "", "time": "25:00", "place": ""},
            {
                "date": ["This field is required."],
                "time": ["Enter a valid time."],
                "place": ["This field is required."],
            },
        ),
    ],
)
def test_a_bad_rebooking_is_explained_and_nothing_moves(client, data, errors):
    course = february_training()
    submitted_outcome(course, proposals=1)
    meeting = course.followups.get(number=1)
    client.force_login(course.coordinator)
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=STOCKHOLM), tick=False):
        response = client.post(reverse("workshops:followup_rebook", args=[meeting.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    meeting.refresh_from_db()
    assert meeting.starts_at == FIRST_FOLLOWUP


# --- Languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [
        ("sv", "Idéverkstad på", "Lägg till ett förslag"),
        ("nb", "Idéverksted på", "Legg til et forslag"),
    ],
)
def test_the_outcome_page_speaks_swedish_and_norwegian(client, language, heading, button):
    course = february_training()
    client.force_login(course.coordinator)
    client.cookies["django_language"] = language
    with time_machine.travel(AFTER_TRAINING, tick=False):
        body = client.get(reverse("workshops:outcome_detail", args=[course.pk])).content.decode()
    assert f"<h1>{heading} {course.workplace.name}</h1>" in body
    assert button in body


# --- N+1 guards ---------------------------------------------------------------------------------


def _count_queries(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", [1, 5])
def test_the_idea_workshop_list_runs_the_same_queries_for_1_or_5_trainings(client, django_assert_num_queries, rows):
    user = coordinator()
    for index in range(rows):
        course = february_training()
        if index % 2 == 0:
            add_proposals(course, 2)
    client.force_login(user)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = _count_queries(client, django_assert_num_queries, reverse("workshops:workshop_list"), 5)
    assert len(response.context["courses"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_follow_up_list_runs_the_same_queries_for_1_or_5_meetings(client, django_assert_num_queries, rows):
    for _ in range(rows):
        submitted_outcome(february_training(), proposals=2)
    client.force_login(coordinator())
    with time_machine.travel(AFTER_TRAINING, tick=False):
        response = _count_queries(client, django_assert_num_queries, reverse("workshops:followup_list"), 5)
    assert len(response.context["meetings"]) == 2 * rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_workplace_proposals_run_the_same_queries_for_1_or_5_trainings(client, django_assert_num_queries, rows):
    workplace = WorkplaceFactory()
    for _ in range(rows):
        course = february_training(workplace=workplace)
        submitted_outcome(course, proposals=3)
        with time_machine.travel(FIRST_FOLLOWUP, tick=False):
            services_workshop.followup_record(course.followups.get(number=1), by=None, progress={})
    client.force_login(coordinator())
    url = reverse("workshops:workplace_proposals", args=[workplace.pk])
    response = _count_queries(
        client, django_assert_num_queries, url, 7
    )  # the history: one statement (was three queries)
    assert len(response.context["outcomes"]) == rows


def test_the_workplace_proposals_come_five_trainings_a_page_the_latest_first(client):
    workplace = WorkplaceFactory()
    for _ in range(6):
        submitted_outcome(february_training(workplace=workplace), proposals=1)
    outcomes = list(WorkshopOutcome.objects.order_by("-submitted_at", "-pk").values_list("pk", flat=True))
    client.force_login(coordinator())
    url = reverse("workshops:workplace_proposals", args=[workplace.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert [outcome["pk"] for outcome in first.context["outcomes"]] == outcomes[:5]
    assert [outcome["pk"] for outcome in second.context["outcomes"]] == outcomes[5:]
    assert '<nav aria-label="Pages of idea workshops">' in first.content.decode()
    assert [outcome["pk"] for outcome in client.get(url, {"page": "x"}).context["outcomes"]] == outcomes[:5]


def test_the_workplace_proposals_show_each_proposals_area_and_status_at_each_meeting(client):
    """The labels are looked up once for the page (``workplace_proposals``), in its language."""
    course = february_training()
    first, second = submitted_outcome(course, proposals=2).proposals.order_by("pk")
    progress = {first.pk: services_workshop.ProposalProgress(ProposalStatus.DONE, "Införd i april")}
    with time_machine.travel(FIRST_FOLLOWUP, tick=False):
        services_workshop.followup_record(course.followups.get(number=1), by=None, progress=progress)
    client.force_login(coordinator())
    url = reverse("workshops:workplace_proposals", args=[course.workplace_id])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    rows = body[body.index("<tbody>") : body.index("</tbody>")]
    cells = [cell.split(">", 1)[1] for cell in rows.split("</td>")[:-1]]
    assert first.area == "treatment"
    assert '<span class="small fw-normal">Behandling och bemötande</span></th>' in rows
    assert cells[2:5] == [
        "Föreslaget",
        '<span class="status-badge">Genomfört</span><br><span class="small">Införd i april</span>',
        "Inte hållet ännu",
    ]


def test_the_course_and_workplace_pages_link_the_idea_workshop(client):
    course = february_training()
    client.force_login(course_facilitator(course))
    body = client.get(reverse("sessions_app:course_detail", args=[course.pk])).content.decode()
    assert f'href="{reverse("workshops:outcome_detail", args=[course.pk])}"' in body
    client.force_login(course.coordinator)
    body = client.get(reverse("sessions_app:workplace_detail", args=[course.workplace_id])).content.decode()
    assert f'href="{reverse("workshops:workplace_proposals", args=[course.workplace_id])}"' in body


@pytest.mark.parametrize(
    ("language", "counted_from"),
    [
        ("en", "three and six months after half-day 2 of the training"),
        ("sv", "tre och sex månader efter utbildningens halvdag 2"),
        ("nb", "tre og seks måneder etter halvdag 2 av opplæringen"),
    ],
)
def test_the_outcome_page_says_the_follow_ups_are_counted_from_half_day_2(client, language, counted_from):
    course = february_training()
    client.force_login(course_facilitator(course))
    client.cookies["django_language"] = language
    with time_machine.travel(AFTER_TRAINING, tick=False):
        body = " ".join(client.get(reverse("workshops:outcome_detail", args=[course.pk])).content.decode().split())
    assert counted_from in body


@pytest.mark.parametrize("proposals", [1, 5])
def test_a_held_follow_up_shows_each_proposal_before_and_after_in_the_same_queries(
    client, django_assert_num_queries, proposals
):
    course = february_training()
    first, *others = submitted_outcome(course, proposals=proposals).proposals.order_by("pk")
    meeting = course.followups.get(number=1)
    progress = {first.pk: services_workshop.ProposalProgress(ProposalStatus.IN_PROGRESS, "Påbörjad\ni maj")}
    with time_machine.travel(FIRST_FOLLOWUP, tick=False):
        services_workshop.followup_record(meeting, by=None, progress=progress)
    client.force_login(coordinator())
    with django_assert_num_queries(8):
        body = client.get(reverse("workshops:followup_detail", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="sv")
    rows = body.content.decode().split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    cells = [[cell.rsplit("<td", 1)[1].split(">", 1)[1] for cell in row.split("</td>")[:-1]] for row in rows]
    assert len(cells) == proposals
    assert cells[0] == ["Föreslaget", "Pågår", "Påbörjad<br>i maj"]
    assert all(row == ["Föreslaget", "Föreslaget", "–"] for row in cells[1:])

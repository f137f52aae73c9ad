"""Pages of the idea workshop: recording the outcome, the printable summary, the follow-up
meetings and a workplace's proposals over time. Thin: permission, form, service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.links import reverse_once
from dialogkurs.pagination import paginate
from sessions_app.models import AssignmentStatus, Course, CourseStatus, RecoveryDomain, Workplace
from sessions_app.permissions import can_manage, can_run, course_for

from . import selectors, services
from .forms import FollowUpRecordForm, OutcomeNotesForm, ProposalForm, RebookForm
from .models import (
    FollowUpMeeting,
    FollowUpStatus,
    ImprovementProposal,
    OutcomeStatus,
    ProposalArea,
    ProposalStatus,
    RaisedBy,
)

RECORDERS = (Role.COORDINATOR, Role.FACILITATOR)
# The workplace's proposals come a training at a time, each with its table of proposals (about
# ten) and their status at every follow-up: a few trainings make a page.
OUTCOMES_PER_PAGE = 5


def _recordable_course(request: HttpRequest, course_pk: int) -> Course:
    """The course if the user may record its outcome: another course's facilitator gets a 404,
    a facilitator only invited to this one a 403."""
    course = course_for(request.user, course_pk)
    if not can_run(request.user, course):
        raise PermissionDenied
    return course


# --- The outcome -----------------------------------------------------------------------------------


@role_required(*RECORDERS)
def workshop_list(request: HttpRequest) -> HttpResponse:
    # Read as values, each label translated and each link reversed once for the page: the rows'
    # course, workplace, organisation and outcome objects and their lookups in the template were
    # most of the page's time.
    trainings = selectors.workshop_course_list(request.user)
    rows = trainings.values(
        "pk",
        "workshop_at",
        "proposal_count",
        workplace_name=F("workplace__name"),
        organisation_name=F("workplace__organisation__name"),
        outcome_status=F("workshop_outcome__status"),
    )
    # Counted without the joins the values need: the courses alone.
    page = paginate(request, rows, count=trainings.count())
    courses = list(page.object_list)
    outcome_statuses = {value: str(label) for value, label in OutcomeStatus.choices}
    not_started = _("Not started")
    outcome_url = reverse_once("workshops:outcome_detail")
    for course in courses:
        when = date_format(timezone.localtime(course["workshop_at"]), "DATE_FORMAT")
        course["url"] = outcome_url(course["pk"])
        course["when"] = when
        course["workshop_label"] = _("idea workshop on %(when)s") % {"when": when}
        course["outcome_label"] = outcome_statuses.get(course["outcome_status"], not_started)
    return render(request, "workshops/workshop_list.html", {"page_obj": page, "courses": courses})


def _with_labels(proposals: list[ImprovementProposal]) -> list[ImprovementProposal]:
    """The proposals with the labels of their area, status, recovery domains and voices
    (``area_label``, ``status_label``, ``domain_labels``, ``raised_by_labels``) for
    ``_proposal_facts.html``, each label translated once for the page: get_FOO_display
    translates every choice of the field on each call."""
    areas = {value: str(label) for value, label in ProposalArea.choices}
    statuses = {value: str(label) for value, label in ProposalStatus.choices}
    domains = [(value, str(label)) for value, label in RecoveryDomain.choices]
    voices = [(value, str(label)) for value, label in RaisedBy.choices]
    for proposal in proposals:
        proposal.area_label = areas.get(proposal.area, proposal.area)
        proposal.status_label = statuses.get(proposal.status, proposal.status)
        proposal.domain_labels = [label for value, label in domains if value in proposal.recovery_domains]
        proposal.raised_by_labels = [label for value, label in voices if value in proposal.raised_by]
    return proposals


def _outcome_page(request: HttpRequest, course: Course, *, submit_problems: list[str] | None = None, status=200):
    outcome = selectors.outcome_for_page(course)
    proposals = _with_labels(list(outcome.proposals.all())) if outcome else []
    editable = outcome is None or outcome.is_draft
    context = {
        "course": course,
        "outcome": outcome,
        "proposals": proposals,
        "editable": editable,
        "recording_problem": services.outcome_recording_problem(course) if editable else None,
        "notes_form": OutcomeNotesForm(instance=outcome) if editable else None,
        "submit_problems": submit_problems or [],
        # What the proposals still need, named before the submit button, which is offered
        # (with its confirm step) only once nothing is missing.
        "submission_problems": services.outcome_submission_problems(outcome) if editable else [],
        "followups": list(course.followups.order_by("number")) if not editable else [],
        "half_day": services.second_half_day(course),
    }
    return render(request, "workshops/outcome_detail.html", context, status=status)


@role_required(*RECORDERS)
def outcome_detail(request: HttpRequest, course_pk: int) -> HttpResponse:
    return _outcome_page(request, _recordable_course(request, course_pk))


@role_required(*RECORDERS)
@require_POST
def outcome_notes(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _recordable_course(request, course_pk)
    form = OutcomeNotesForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_save_notes(course, notes=form.cleaned_data["notes"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The notes are saved."))
    return redirect("workshops:outcome_detail", course_pk=course.pk)


@role_required(*RECORDERS)
@require_POST
def outcome_submit(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _recordable_course(request, course_pk)
    try:
        services.outcome_submit(course, by=request.user)
    except ValidationError as error:
        return _outcome_page(request, course, submit_problems=error.messages, status=400)
    messages.success(request, _("The outcome is submitted. The follow-up meetings are booked."))
    return redirect("workshops:outcome_detail", course_pk=course.pk)


def _proposal_form_page(request: HttpRequest, course: Course, proposal: ImprovementProposal | None) -> HttpResponse:
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_save(course, by=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved."))
            return redirect("workshops:outcome_detail", course_pk=course.pk)
    status = 400 if form.errors else 200
    context = {"course": course, "form": form, "proposal": proposal}
    return render(request, "workshops/proposal_form.html", context, status=status)


def _draft_proposal(course: Course, pk: int) -> ImprovementProposal:
    return get_object_or_404(ImprovementProposal.objects.filter(outcome__course=course), pk=pk)


@role_required(*RECORDERS)
def proposal_create(request: HttpRequest, course_pk: int) -> HttpResponse:
    return _proposal_form_page(request, _recordable_course(request, course_pk), None)


@role_required(*RECORDERS)
def proposal_edit(request: HttpRequest, course_pk: int, pk: int) -> HttpResponse:
    course = _recordable_course(request, course_pk)
    return _proposal_form_page(request, course, _draft_proposal(course, pk))


@role_required(*RECORDERS)
def proposal_delete(request: HttpRequest, course_pk: int, pk: int) -> HttpResponse:
    course = _recordable_course(request, course_pk)
    proposal = _draft_proposal(course, pk)
    if request.method == "POST":
        try:
            services.proposal_delete(proposal, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The proposal is removed."))
        return redirect("workshops:outcome_detail", course_pk=course.pk)
    return render(request, "workshops/proposal_confirm_delete.html", {"course": course, "proposal": proposal})


@role_required(*RECORDERS)
def outcome_print(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _recordable_course(request, course_pk)
    outcome = selectors.outcome_for_page(course)
    if outcome is None:
        raise Http404
    context = {
        "course": course,
        "outcome": outcome,
        "proposals": _with_labels(list(outcome.proposals.all())),
        "followups": list(course.followups.order_by("number")),
        "facilitators": [
            assignment.facilitator.user
            for assignment in course.assignments.filter(status=AssignmentStatus.ACCEPTED).select_related(
                "facilitator__user"
            )
        ],
        "half_day": services.second_half_day(course),
    }
    return render(request, "workshops/outcome_print.html", context)


# --- Follow-up meetings ---------------------------------------------------------------------


@role_required(Role.COORDINATOR)
def followup_list(request: HttpRequest) -> HttpResponse:
    # Read as values, each label translated and each link reversed once for the page (as the
    # idea workshops' list).
    meetings = selectors.followup_upcoming_list()
    rows = meetings.values(
        "pk",
        "starts_at",
        "number",
        "place",
        "status",
        "open_proposals",
        workplace_name=F("course__workplace__name"),
        organisation_name=F("course__workplace__organisation__name"),
    )
    page = paginate(request, rows, count=meetings.count())
    rows = list(page.object_list)
    now = timezone.now()
    statuses = {value: str(label) for value, label in FollowUpStatus.choices}
    not_recorded = _("Not recorded yet")
    meeting_url = reverse_once("workshops:followup_detail")
    for row in rows:
        row["url"] = meeting_url(row["pk"])
        row["when"] = date_format(timezone.localtime(row["starts_at"]), "DATETIME_FORMAT")
        row["label"] = _("follow-up %(number)s at %(workplace)s") % {
            "number": row["number"],
            "workplace": row["workplace_name"],
        }
        row["of"] = _("%(number)s of 2") % {"number": row["number"]}
        row["status_label"] = not_recorded if row["starts_at"] < now else statuses[row["status"]]
    return render(request, "workshops/followup_list.html", {"page_obj": page, "meetings": rows})


def _visible_meeting(request: HttpRequest, pk: int) -> tuple[FollowUpMeeting, Course]:
    # The meeting with its training first, then the permission on the training: a 404 for
    # another facilitator's, a 403 for one she is only invited to.
    try:
        meeting = selectors.followup_get(pk)
    except FollowUpMeeting.DoesNotExist:
        raise Http404 from None
    return meeting, _recordable_course(request, meeting.course_id)


@role_required(*RECORDERS)
def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, course = _visible_meeting(request, pk)
    if not meeting.is_planned:
        if request.method == "POST":
            messages.error(request, _("This follow-up meeting has already been recorded."))
            return redirect(meeting)
        # Each status named once for the page, not by get_FOO_display per cell.
        statuses = {value: str(label) for value, label in ProposalStatus.choices}
        held_rows = [
            {"text": text, "before": statuses.get(before, before), "after": statuses.get(after, after), "note": note}
            for text, before, after, note in selectors.followup_held_rows(meeting)
        ]
        context = {"meeting": meeting, "course": course, "form": None, "can_rebook": False, "held_rows": held_rows}
        return render(request, "workshops/followup_detail.html", context)
    outcome = selectors.outcome_for_page(course)
    proposals = list(outcome.proposals.all()) if outcome else []
    form = FollowUpRecordForm(
        request.POST or None, meeting=meeting, proposals=proposals, time_zone=course.workplace.time_zone
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(
                meeting,
                by=request.user,
                progress=form.progress(),
                attendees=form.cleaned_data["attendees"],
                notes=form.cleaned_data["notes"],
                held_at=form.cleaned_data["held_at"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up meeting is recorded."))
            return redirect(meeting)
    context = {
        "meeting": meeting,
        "course": course,
        "proposals": proposals,
        "form": form,
        "can_rebook": can_manage(request.user, course),
    }
    return render(request, "workshops/followup_detail.html", context, status=400 if form.errors else 200)


@role_required(Role.COORDINATOR)
def followup_rebook(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, course = _visible_meeting(request, pk)
    if not meeting.is_planned:
        messages.error(request, _("This follow-up meeting has already been recorded."))
        return redirect(meeting)
    time_zone = course.workplace.time_zone
    form = RebookForm(request.POST or None, meeting=meeting, time_zone=time_zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_rebook(meeting, starts_at=form.starts_at, place=form.cleaned_data["place"])
        except ValidationError as error:
            add_service_errors(form, error, rename={"starts_at": "date"})
        else:
            messages.success(request, _("The follow-up meeting is rebooked; its reminders have moved with it."))
            return redirect(meeting)
    context = {"meeting": meeting, "course": course, "form": form}
    return render(request, "workshops/followup_rebook.html", context, status=400 if form.errors else 200)


# --- A workplace's proposals over time ---------------------------------------------------------


@role_required(Role.COORDINATOR)
def workplace_proposals(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = get_object_or_404(Workplace.objects.select_related("organisation"), pk=pk)
    page = paginate(request, selectors.workplace_outcome_list(workplace), OUTCOMES_PER_PAGE)
    outcomes: list[dict] = list(page.object_list)
    selectors.workplace_outcome_history(outcomes)
    # The rows' labels: workshops/templatetags/proposal_tables.py.
    course_statuses = {value: str(label) for value, label in CourseStatus.choices}
    for outcome in outcomes:
        outcome["course_status_label"] = course_statuses[outcome["course_status"]]
    return render(
        request,
        "workshops/workplace_proposals.html",
        {"workplace": workplace, "outcomes": outcomes, "page_obj": page},
    )

"""Course pages: the list, booking, editing, rescheduling, the course page and its actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.pagination import paginate

from .. import hooks, selectors, services
from ..filters import CourseFilter
from ..forms import (
    AssignFacilitatorForm,
    CancelCourseForm,
    CourseCreateForm,
    CourseEditForm,
    ScheduleForm,
)
from ..models import Course, Workplace
from ..permissions import can_manage
from ._common import course_or_404

COURSE_ROLES = (Role.COORDINATOR, Role.FACILITATOR)


@role_required(Role.COORDINATOR)
def course_list(request):
    course_filter = CourseFilter(request.GET or None, queryset=selectors.course_list_order())
    page = paginate(request, course_filter.qs)
    courses = selectors.course_list_page(page.object_list)
    return render(
        request,
        "sessions_app/course_list.html",
        {"filter": course_filter, "form": course_filter.form, "page_obj": page, "courses": courses},
    )


def _schedule_rules() -> dict:
    """The numbers the schedule forms' introduction names."""
    return {"max_days_between": settings.MAX_DAYS_BETWEEN_HALF_DAYS}


@role_required(Role.COORDINATOR)
def course_create(request):
    initial = {"coordinator": request.user}
    workplace_id = request.GET.get("workplace", "")
    if workplace_id.isdigit():
        initial["workplace"] = Workplace.objects.filter(pk=workplace_id).first()
    form = CourseCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                workplace=data["workplace"],
                coordinator=data["coordinator"],
                location=data["location"],
                notes=data["notes"],
                consent_text=data["consent_text"],
                half_days=form.half_days,
                theme_plan=form.theme_plan,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training has been booked as a draft."))
            return redirect(course)
    context = {"form": form, "title": _("Book a dialogue training"), **_schedule_rules()}
    return render(request, "sessions_app/course_form.html", context)


@role_required(*COURSE_ROLES)
def course_edit(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    initial = {
        "location": course.location,
        "coordinator": course.coordinator,
        "notes": course.notes,
        "consent_text": course.consent_text,
    }
    form = CourseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(course, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training has been saved."))
            return redirect(course)
    return render(
        request,
        "sessions_app/course_form.html",
        {"form": form, "course": course, "title": _("Edit the training")},
    )


@role_required(*COURSE_ROLES)
def course_reschedule(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    form = ScheduleForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_set_schedule(course, form.half_days, form.theme_plan)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The half-days and themes have been saved."))
            for warning in services.course_schedule_warnings(course):
                messages.warning(request, warning)
            return redirect(course)
    return render(
        request,
        "sessions_app/course_form.html",
        {"form": form, "course": course, "title": _("Half-days and themes"), "schedule": True, **_schedule_rules()},
    )


def _render_detail(request, course: Course, *, assign_form: AssignFacilitatorForm | None = None):
    user = request.user
    manage = can_manage(user, course)
    context = {"course": course, "can_manage": manage, **selectors.course_detail_get(course)}
    context["my_assignments"] = [a for a in context["assignments"] if a.facilitator.user_id == user.pk]
    if manage and course.is_open_for_changes:
        context["schedule_warnings"] = services.course_schedule_warnings(course, context["half_days"])
    if manage:
        if course.is_draft:
            context["readiness"] = services.course_readiness(course)
        if assign_form is not None or course.is_open_for_changes:
            context["assign_form"] = assign_form or AssignFacilitatorForm(course=course)
    # The sections of the apps above (participants, idea workshop, evaluation): hooks.py.
    context["panels"] = hooks.panels(hooks.COURSE_PAGE, request, course)
    return render(request, "sessions_app/course_detail.html", context)


@role_required(*COURSE_ROLES)
def course_detail(request, pk: int):
    return _render_detail(request, _course_page_course(request, pk))


def _course_page_course(request, pk: int, *, manage: bool = False) -> Course:
    """The course of the course page, with what its sections read of it (``hooks.py``)."""
    return course_or_404(request, pk, manage=manage, page=hooks.COURSE_PAGE)


@require_POST
@role_required(*COURSE_ROLES)
def course_assign(request, pk: int):
    course = _course_page_course(request, pk, manage=True)
    form = AssignFacilitatorForm(request.POST, course=course)
    if form.is_valid():
        facilitator = form.cleaned_data["facilitator"]
        try:
            services.facilitator_assign(course, facilitator)
        except ValidationError as error:
            add_service_errors(form, error, field="facilitator")
        else:
            messages.success(
                request, _("%(facilitator)s has been invited to lead the training.") % {"facilitator": facilitator}
            )
            return redirect(course)
    # The errors are shown at the field, on the course page itself.
    return _render_detail(request, course, assign_form=form)


@require_POST
@role_required(*COURSE_ROLES)
def course_confirm(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    try:
        services.course_confirm(course)
    except ValidationError as error:
        messages.error(
            request,
            _("The training cannot be confirmed yet: %(problems)s") % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The training has been confirmed."))
    return redirect(course)


@role_required(*COURSE_ROLES)
def course_cancel(request, pk: int):
    """A page of its own, so cancelling always takes a second, deliberate step."""
    course = course_or_404(request, pk, manage=True)
    form = CancelCourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_cancel(course, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The training has been cancelled."))
        return redirect(course)
    return render(request, "sessions_app/course_cancel.html", {"course": course, "form": form})


@require_POST
@role_required(*COURSE_ROLES)
def course_signup(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    is_open = request.POST.get("open") == "1"
    try:
        services.course_set_signup_open(course, is_open=is_open)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if is_open:
            messages.success(request, _("The sign-up link is open."))
        else:
            messages.success(request, _("The sign-up link is closed."))
    return redirect(course)


@require_POST
@role_required(*COURSE_ROLES)
def course_mark_delivered(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    try:
        services.course_mark_delivered(course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The training has been marked as delivered."))
    return redirect(course)

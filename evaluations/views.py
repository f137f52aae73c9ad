"""The anonymous questionnaire (public, by personal link) and the results pages."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.permissions import role_required
from accounts.roles import Role
from sessions_app.permissions import can_run, course_for

from . import selectors, services
from .forms import EvaluationForm
from .models import EVALUATION_MIN_ANSWERS


@never_cache
def evaluation_answer(request: HttpRequest, token: str) -> HttpResponse:
    row = services.evaluation_token_get(token)
    if row is None:
        raise Http404
    course = row.course
    reason = services.evaluation_closed_reason(row)
    if reason:
        return render(request, "evaluations/evaluation_closed.html", {"reason": reason, "course": course})
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_answer(token, answers=form.answers, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            return render(
                request, "evaluations/evaluation_closed.html", {"reason": " ".join(error.messages), "course": course}
            )
        return redirect("evaluations:evaluation_thanks")
    context = {"form": form, "course": course, "closes_at": services.evaluation_closes_at(course)}
    return render(request, "evaluations/evaluation_form.html", context, status=400 if form.errors else 200)


def evaluation_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/evaluation_thanks.html")


@role_required(Role.COORDINATOR, Role.FACILITATOR)
def course_evaluation(request: HttpRequest, course_pk: int) -> HttpResponse:
    """A course's results: its coordinators and the facilitators who led it."""
    course = course_for(request.user, course_pk)
    if not can_run(request.user, course):
        raise PermissionDenied
    results = selectors.evaluation_results_for_course(course)
    context = {
        "course": course,
        "results": results,
        "minimum": EVALUATION_MIN_ANSWERS,
        "response_rate": selectors.evaluation_response_rate(course),
        "nudge_days": settings.REMINDERS_EVALUATION_NUDGE.days,
    }
    return render(request, "evaluations/course_evaluation.html", context)

"""The facilitator pool: profiles, unavailable dates, find a pair, find a date.

Who may do what is asked of ``sessions_app.permissions``; the rules are the services'.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.formatting import formatter
from dialogkurs.forms import add_service_errors

from .. import pool, selectors, services
from ..forms import FacilitatorProfileForm, FindDateForm, InvitePairForm, UnavailabilityForm
from ..models import Course, Facilitator, Unavailability, Workplace
from ..permissions import can_see_lived_experience, facilitator_for_editing
from ._common import course_or_404

POOL_ROLES = (Role.COORDINATOR, Role.FACILITATOR)


def _own_facilitator(request) -> Facilitator | None:
    return selectors.facilitator_for(request.user)


def _profile_form(request, facilitator: Facilitator, *, by_coordinator: bool) -> tuple[FacilitatorProfileForm, bool]:
    """The profile form, saved through the service when posted and valid; (form, saved)."""
    form = FacilitatorProfileForm(
        request.POST or None, initial=FacilitatorProfileForm.initial_for(facilitator), by_coordinator=by_coordinator
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.facilitator_save_profile(
                facilitator,
                by=request.user,
                lived_experience=form.cleaned_data["lived_experience"],
                lived_experience_consent=form.cleaned_data["lived_experience_consent"],
                **form.profile_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return form, True
    return form, False


@role_required(Role.FACILITATOR)
def my_profile(request):
    facilitator = _own_facilitator(request)
    if facilitator is None:
        return render(request, "sessions_app/my_profile.html", {"facilitator": None})
    form, saved = _profile_form(request, facilitator, by_coordinator=False)
    if saved:
        messages.success(request, _("Your profile has been saved."))
        return redirect("sessions_app:my_profile")
    return render(request, "sessions_app/my_profile.html", {"facilitator": facilitator, "form": form})


def _detail_context(request, facilitator: Facilitator, unavailability_form: UnavailabilityForm | None = None) -> dict:
    return {
        "facilitator": facilitator,
        "show_lived_experience": can_see_lived_experience(request.user),
        "unavailabilities": selectors.unavailability_list(facilitator),
        "unavailability_form": unavailability_form or UnavailabilityForm(),
        "future_assignments": services.facilitator_future_assignments(facilitator),
        "this_month": timezone.localdate().strftime("%Y-%m"),
    }


@role_required(Role.COORDINATOR)
def facilitator_detail(request, pk: int):
    facilitator = facilitator_for_editing(request.user, pk)
    return render(request, "sessions_app/facilitator_detail.html", _detail_context(request, facilitator))


@role_required(Role.COORDINATOR)
def facilitator_edit(request, pk: int):
    facilitator = facilitator_for_editing(request.user, pk)
    form, saved = _profile_form(request, facilitator, by_coordinator=True)
    if saved:
        messages.success(request, _("The profile of %(name)s has been saved.") % {"name": facilitator})
        return redirect(facilitator)
    return render(request, "sessions_app/facilitator_edit.html", {"facilitator": facilitator, "form": form})


@require_POST
@role_required(Role.COORDINATOR)
def facilitator_deactivate(request, pk: int):
    facilitator = facilitator_for_editing(request.user, pk)
    future = services.facilitator_deactivate(facilitator)
    if future:
        messages.warning(
            request,
            ngettext(
                "%(name)s is deactivated. Re-plan her coming training listed below.",
                "%(name)s is deactivated. Re-plan her %(count)s coming trainings listed below.",
                len(future),
            )
            % {"name": facilitator, "count": len(future)},
        )
    else:
        messages.success(request, _("%(name)s is deactivated.") % {"name": facilitator})
    return redirect(facilitator)


def _after_unavailability(request, facilitator: Facilitator) -> str:
    if facilitator.user_id == request.user.pk:
        return reverse("sessions_app:my_calendar")
    return facilitator.get_absolute_url()


@require_POST
@role_required(*POOL_ROLES)
def unavailability_add(request, pk: int):
    facilitator = facilitator_for_editing(request.user, pk)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            entry = services.unavailability_add(facilitator, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Marked as unavailable: %(when)s.") % {"when": entry.describe()})
            return redirect(_after_unavailability(request, facilitator))
    # The errors are shown at the fields, on the page the form was on.
    if facilitator.user_id == request.user.pk:
        return _render_my_calendar(request, facilitator, form)
    return render(request, "sessions_app/facilitator_detail.html", _detail_context(request, facilitator, form))


@require_POST
@role_required(*POOL_ROLES)
def unavailability_remove(request, pk: int, entry: int):
    facilitator = facilitator_for_editing(request.user, pk)
    row = get_object_or_404(Unavailability, pk=entry, facilitator=facilitator)
    services.unavailability_remove(row)
    messages.success(request, _("Removed: %(when)s.") % {"when": row.describe()})
    return redirect(_after_unavailability(request, facilitator))


def _render_my_calendar(request, facilitator: Facilitator | None, form: UnavailabilityForm | None = None):
    context = {"facilitator": facilitator, "feed_url": None}
    if facilitator is not None:
        context["feed_url"] = request.build_absolute_uri(
            reverse("sessions_app:facilitator_feed", args=[facilitator.ical_token])
        )
        context["unavailabilities"] = selectors.unavailability_list(facilitator)
        context["unavailability_form"] = form or UnavailabilityForm()
    return render(request, "sessions_app/my_calendar.html", context)


@role_required(Role.FACILITATOR)
def my_calendar(request):
    return _render_my_calendar(request, _own_facilitator(request))


# --- Find a pair -----------------------------------------------------------------------------------


@role_required(*POOL_ROLES)
def course_find_pair(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    return _render_find_pair(request, course)


def _render_find_pair(request, course: Course, form: InvitePairForm | None = None):
    context = {"course": course, "form": form, "rules": pool.RANKING_RULES, **pool.course_pair_finder(course)}
    return render(request, "sessions_app/find_pair.html", context)


@require_POST
@role_required(*POOL_ROLES)
def course_invite_pair(request, pk: int):
    course = course_or_404(request, pk, manage=True)
    form = InvitePairForm(request.POST)
    if form.is_valid():
        pair = [form.cleaned_data["first"], form.cleaned_data["second"]]
        try:
            services.course_invite_pair(course, pair)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(first)s and %(second)s have been invited to lead the training.")
                % {"first": pair[0], "second": pair[1]},
            )
            return redirect(course)
    else:
        messages.error(request, _("Choose two active facilitators."))
    return redirect("sessions_app:course_find_pair", pk=course.pk)


# --- Find a date -------------------------------------------------------------------------------------


def _course_for_dates(request) -> Course | None:
    """The draft training the dates are for (``?course=``), if any and if the user manages it."""
    course_id = request.GET.get("course") or request.POST.get("course") or ""
    if not course_id.isdigit():
        return None
    course = course_or_404(request, int(course_id), manage=True)
    return course if course.is_open_for_changes else None


@role_required(Role.COORDINATOR)
def find_date(request):
    course = _course_for_dates(request)
    today = timezone.localdate()
    initial = {"period_start": today + timedelta(days=14), "period_end": today + timedelta(days=90)}
    if course is not None:
        initial["workplace"] = course.workplace
    elif (workplace_id := request.GET.get("workplace", "")).isdigit():
        initial["workplace"] = Workplace.objects.filter(pk=workplace_id).first()
    searched = "period_start" in request.GET
    form = FindDateForm(request.GET if searched else None, initial=initial)
    proposals = None
    if searched and form.is_valid():
        data = form.cleaned_data
        if course is not None and data["workplace"] != course.workplace:
            course = None
        proposals = pool.find_dates(
            workplace=data["workplace"],
            facilitators=form.pair,
            period_start=data["period_start"],
            period_end=data["period_end"],
            starts=data["starts"],
            ends=data["ends"],
            exclude_course=course,
            active=form.active,
        )
    return render(
        request,
        "sessions_app/find_date.html",
        {
            "form": form,
            "proposals": proposals,
            "rows": _proposal_rows(proposals or []),
            # Each proposal's booking form repeats the search: its fields read once, not once a proposal.
            "search_fields": [(field.html_name, field.value()) for field in form] if proposals else [],
            "course": course,
            "gap": pool.DATE_GAP_DAYS,
        },
    )


def _proposal_rows(proposals: list[pool.DateProposal]) -> list[dict]:
    """What each proposal shows: its dates and times formatted, each format parsed once."""
    long_date, short_date, time_of = formatter("l j F Y"), formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")
    return [
        {
            "first": long_date(p.first),
            "second": long_date(p.second),
            "starts": time_of(p.starts),
            "ends": time_of(p.ends),
            "first_short": short_date(p.first),
            "second_short": short_date(p.second),
            "first_iso": p.first.isoformat(),
            "second_iso": p.second.isoformat(),
        }
        for p in proposals
    ]


@require_POST
@role_required(Role.COORDINATOR)
def find_date_book(request):
    """Book the proposed dates: on the draft training it was asked for, or as a new draft; and
    invite the chosen pair in the same step."""
    form = FindDateForm(request.POST)
    course = _course_for_dates(request)
    try:
        first, second = (
            date.fromisoformat(request.POST.get("date_1", "")),
            date.fromisoformat(request.POST.get("date_2", "")),
        )
    except ValueError:
        first = second = None
    if not form.is_valid() or first is None:
        messages.error(request, _("The proposal could not be read; search again."))
        return redirect("sessions_app:find_date")
    data = form.cleaned_data
    half_days = [
        services.HalfDayPlan(
            timezone.make_aware(datetime.combine(day, data["starts"])),
            timezone.make_aware(datetime.combine(day, data["ends"])),
        )
        for day in (first, second)
    ]
    try:
        with transaction.atomic():
            if course is not None and course.workplace_id == data["workplace"].pk:
                services.course_set_schedule(course, half_days)
            else:
                course = services.course_create(
                    workplace=data["workplace"], coordinator=request.user, half_days=half_days
                )
            if form.pair:
                services.course_invite_pair(course, form.pair)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        query = request.POST.copy()
        query.pop("csrfmiddlewaretoken", None)
        return redirect(f"{reverse('sessions_app:find_date')}?{query.urlencode()}")
    if form.pair:
        messages.success(
            request,
            _("The dates are booked and %(first)s and %(second)s have been invited.")
            % {"first": form.pair[0], "second": form.pair[1]},
        )
    else:
        messages.success(request, _("The dates are booked. Now find a pair to lead the training."))
    return redirect(course)

"""The facilitator directory (coordinators) and the facilitator's own pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.pagination import paginate

from .. import selectors, services
from ..forms import FacilitatorForm
from ..models import FacilitatorAssignment
from ._common import safe_next

# My assignments: each of its lists shows this many rows a page, and its coming half-days the
# next this many (every half-day is also under its training, and in the calendar feed).
ASSIGNMENTS_PER_PAGE = 10
COMING_HALF_DAYS = 10


@role_required(Role.COORDINATOR)
def facilitator_list(request):
    page = paginate(request, selectors.facilitator_list())
    upcoming = selectors.facilitator_upcoming_half_days(page.object_list)
    rows = [(facilitator, upcoming.get(facilitator.pk, [])) for facilitator in page.object_list]
    return render(request, "sessions_app/facilitator_list.html", {"page_obj": page, "rows": rows})


@role_required(Role.COORDINATOR)
def facilitator_create(request):
    form = FacilitatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facilitator = services.facilitator_create(**form.cleaned_data, recorded_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is now a facilitator.") % {"name": facilitator.user.full_name or facilitator.user}
            )
            return redirect("sessions_app:facilitator_list")
    return render(request, "sessions_app/facilitator_form.html", {"form": form})


@role_required(Role.FACILITATOR)
def my_assignments(request):
    facilitator = selectors.facilitator_for(request.user)
    context = {"facilitator": facilitator}
    if facilitator is not None:
        # Upcoming first, and each list a page at a time: ten years of trainings, or a year of
        # invitations and acceptances ahead, would make one very long page.
        now = timezone.now()
        ids = selectors.facilitator_assignment_ids(facilitator, now=now)
        invitations = paginate(request, ids.invitations, ASSIGNMENTS_PER_PAGE, page_param="invitations")
        accepted = paginate(request, ids.accepted, ASSIGNMENTS_PER_PAGE, page_param="ahead")
        past = paginate(request, ids.past, ASSIGNMENTS_PER_PAGE)
        # The rows of the pages shown, and every accepted training ahead for its coming half-days.
        read = selectors.facilitator_assignments_get([*invitations.object_list, *ids.accepted, *past.object_list])
        for page in (invitations, accepted, past):
            # (One deleted since its id was read is left out.)
            page.object_list = [read[pk] for pk in page.object_list if pk in read]
        upcoming = selectors.coming_half_days([read[pk] for pk in ids.accepted if pk in read], now=now)
        context |= {
            "invitations_page": invitations,
            "invitations": invitations.object_list,
            "accepted_page": accepted,
            "accepted": accepted.object_list,
            "upcoming": upcoming[:COMING_HALF_DAYS],
            "more_upcoming": len(upcoming) > COMING_HALF_DAYS,
            "past_page": past,
        }
    return render(request, "sessions_app/my_assignments.html", context)


def _own_assignment(request, pk: int) -> FacilitatorAssignment:
    # Another facilitator's invitation is a 404, as if it did not exist.
    return get_object_or_404(
        FacilitatorAssignment.objects.select_related("course__workplace"), pk=pk, facilitator__user=request.user
    )


@require_POST
@role_required(Role.FACILITATOR)
def assignment_accept(request, pk: int):
    assignment = _own_assignment(request, pk)
    try:
        services.assignment_accept(assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have accepted the training at %(workplace)s.") % {"workplace": assignment.course.workplace.name},
        )
    return redirect(safe_next(request, reverse("sessions_app:my_assignments")))


@require_POST
@role_required(Role.FACILITATOR)
def assignment_decline(request, pk: int):
    assignment = _own_assignment(request, pk)
    try:
        services.assignment_decline(assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have declined the training at %(workplace)s.") % {"workplace": assignment.course.workplace.name},
        )
        # After declining, the course page is no longer theirs to see.
        return redirect("sessions_app:my_assignments")
    return redirect(safe_next(request, reverse("sessions_app:my_assignments")))


@require_POST
@role_required(Role.FACILITATOR)
def my_calendar_renew(request):
    facilitator = selectors.facilitator_for(request.user)
    if facilitator is None:
        messages.error(request, _("You have no facilitator profile yet."))
    else:
        services.facilitator_renew_ical_token(facilitator)
        messages.success(
            request,
            _(
                "Your calendar address has been renewed. The old address no longer works: add the new one to your calendar."
            ),
        )
    return redirect("sessions_app:my_calendar")

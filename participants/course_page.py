"""What the participants app adds to the trainings pages of sessions_app (``sessions_app.hooks``):
the participants section of the course page, and the confirmed count in the course tables."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sessions_app.hooks import (
    COURSE_PAGE,
    CourseColumn,
    Panel,
    register_course_column,
    register_panel,
)
from sessions_app.models import Course
from sessions_app.permissions import can_manage, can_see_participants

from .models import RegistrationStatus
from .selectors import confirmed_count


def participants_panel(request, course: Course) -> dict | None:
    """Coordinators and the facilitators who lead the training (``can_see_participants``: the
    perspective is on the pages behind it)."""
    user = request.user
    if not can_see_participants(user, course):
        return None
    context = {
        # Annotated onto the page's course (``annotations`` below); counted if the page did not.
        "confirmed_count": (
            course.confirmed_count
            if hasattr(course, "confirmed_count")
            else course.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        ),
        "capacity": Course.CAPACITY,
    }
    if can_manage(user, course):
        context["signup_url"] = request.build_absolute_uri(reverse("participants:signup", args=[course.signup_token]))
    return context


def register() -> None:
    """Called once from ``ParticipantsConfig.ready``."""
    register_panel(
        COURSE_PAGE,
        Panel(
            "participants",
            "participants/_course_panel.html",
            context=participants_panel,
            order=10,
            annotations=lambda: {"confirmed_count": confirmed_count()},
        ),
    )
    register_course_column(CourseColumn("confirmed_count", _("Confirmed participants"), annotation=confirmed_count))

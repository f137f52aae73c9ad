"""What the evaluations app adds to the course page of sessions_app (``sessions_app.hooks``)."""

from __future__ import annotations

from sessions_app.hooks import COURSE_PAGE, Panel, register_panel
from sessions_app.models import Course
from sessions_app.permissions import can_run


def evaluation_panel(request, course: Course) -> dict | None:
    if not (course.takes_place and can_run(request.user, course)):
        return None
    return {}


def register() -> None:
    """Called once from ``EvaluationsConfig.ready``."""
    register_panel(
        COURSE_PAGE, Panel("evaluation", "evaluations/_course_panel.html", context=evaluation_panel, order=30)
    )

"""What the workshops app adds to the pages of sessions_app (``sessions_app.hooks``): the idea
workshop on the course page, the proposals over time on a workplace's page."""

from __future__ import annotations

from sessions_app.hooks import COURSE_PAGE, WORKPLACE_PAGE, Panel, register_panel
from sessions_app.models import Course, Workplace
from sessions_app.permissions import can_run


def workshop_panel(request, course: Course) -> dict | None:
    if not (course.takes_place and can_run(request.user, course)):
        return None
    return {}


def workplace_panel(request, workplace: Workplace) -> dict | None:
    return {}  # the workplace page is for coordinators, who see every outcome


def register() -> None:
    """Called once from ``WorkshopsConfig.ready``."""
    register_panel(COURSE_PAGE, Panel("workshop", "workshops/_course_panel.html", context=workshop_panel, order=20))
    register_panel(
        WORKPLACE_PAGE, Panel("proposals", "workshops/_workplace_panel.html", context=workplace_panel, order=20)
    )

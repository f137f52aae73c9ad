"""What the apps above sessions_app add to its pages, registered from their
``AppConfig.ready()`` so that sessions_app imports none of them (DESIGN §4: arrows point down).

- ``register_panel(page, Panel(...))``: a section of the course page (``COURSE_PAGE``) or of a
  workplace's page (``WORKPLACE_PAGE``). Its ``context`` gets the request and the course or
  workplace and returns the section's template context, or None to leave the section out
  (for a role that may not see it, or an object it does not concern). The template also sees
  the page's own context (``course`` or ``workplace``, ``can_manage``…). What a section reads of
  the course it may ask as ``annotations`` instead: they are added to the course page's own
  query of the course (``panel_annotations``), so the section costs no query of its own.
- ``register_course_column(CourseColumn(...))``: a column of the course tables (the course
  list, an organisation's and a workplace's page): a heading and an annotation of the course
  queryset, so the column costs no query per row.

Changes to a course reach the same apps through ``signals.py`` (``course_changed``,
``course_cancelled``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.db.models import Expression
    from django.http import HttpRequest

COURSE_PAGE = "course"
WORKPLACE_PAGE = "workplace"


@dataclass(frozen=True)
class Panel:
    name: str  # unique on its page: registering a name again replaces the panel
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]
    order: int = 100  # panels are shown in this order, after the page's own sections
    # Annotations of the object's query (name → expression), read by ``context`` off the object.
    annotations: Callable[[], dict[str, Expression]] | None = None


@dataclass(frozen=True)
class CourseColumn:
    name: str  # the annotation's name, unique
    heading: str | Promise
    annotation: Callable[[], Expression]
    order: int = 100


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_panels: dict[str, dict[str, Panel]] = {COURSE_PAGE: {}, WORKPLACE_PAGE: {}}
_columns: dict[str, CourseColumn] = {}


def register_panel(page: str, panel: Panel) -> None:
    _panels[page][panel.name] = panel


def register_course_column(column: CourseColumn) -> None:
    _columns[column.name] = column


def panels(page: str, request: HttpRequest, obj: Any) -> list[ShownPanel]:
    """The panels this request sees on ``page`` for ``obj``, in order, with their contexts."""
    shown = []
    for panel in sorted(_panels[page].values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj)
        if context is not None:
            shown.append(ShownPanel(panel.template, context))
    return shown


def panel_annotations(page: str) -> dict[str, Expression]:
    """The annotations the panels of ``page`` read off its object, for the page's query of it."""
    annotations: dict[str, Expression] = {}
    for panel in _panels[page].values():
        if panel.annotations is not None:
            annotations.update(panel.annotations())
    return annotations


def course_columns() -> list[CourseColumn]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.name))

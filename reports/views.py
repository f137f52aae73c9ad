"""The home page of every role, and the reports (coordinators and administrators)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import role_required
from accounts.roles import Role
from sessions_app.models import Course
from sessions_app.permissions import can_run_every_training

from . import cache, figures
from . import home as home_pages
from .exports import export_response
from .period import AnnualForm, PeriodForm
from .registry import ANNUAL_SOURCES, PLACES, REPORTS, report_get
from .tables import Column

READERS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def home(request: HttpRequest) -> HttpResponse:
    """What needs the user today, per role, each item a link to where it is done."""
    context: dict = {}
    user = request.user
    if user.is_authenticated:
        if user.has_role(Role.COORDINATOR):
            coordinator = home_pages.coordinator_home(user)
            context["coordinator"] = coordinator
            # The very first day: nothing booked yet, so say where to begin.
            context["first_steps"] = coordinator.empty and not Course.objects.exists()
        if user.has_role(Role.FACILITATOR):
            context["facilitator"] = home_pages.facilitator_home(user)
    return render(request, "home.html", context)


def _period(request: HttpRequest):
    form = PeriodForm(request.GET or None)
    return form, form.period(), 400 if form.errors else 200


def _part(request: HttpRequest, name: str, sources, period, template: str, context: dict | Callable[[], dict]) -> str:
    """A part of a report page rendered once per query, language and state of its sources:
    the period form and the tables cost more to render than to read (``reports.cache``). The
    part depends on nothing else: not on the user, the session or the time of day beyond the
    year (the default period and the years offered)."""
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    key = f"html:{name}:{timezone.localdate().year}:{query}"
    return cache.remembered(
        key,
        (*sources, *PLACES),
        lambda: render_to_string(template, context() if callable(context) else context),
        years=period.years,
    )


@role_required(*READERS)
def report_index(request: HttpRequest) -> HttpResponse:
    form, period, status = _period(request)
    context = {"form": form, "period": period, "reports": REPORTS, "query": request.GET.urlencode()}
    context["period_form"] = _part(request, "period-form", (), period, "reports/includes/period_form.html", context)
    return render(request, "reports/index.html", context, status=status)


@role_required(*READERS)
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = report_get(slug)
    form, period, status = _period(request)
    # Links to a training's evaluation results only for readers who may open them (not administrators).
    links = can_run_every_training(request.user)
    context = {"form": form, "period": period, "report": report, "query": request.GET.urlencode(), "links": links}
    context["body"] = _part(
        request,
        f"report:{report.slug}:{'links' if links else 'text'}",
        report.sources,
        period,
        "reports/includes/report_body.html",
        lambda: {**context, "tables": report.figures(period)},
    )
    return render(request, "reports/report.html", context, status=status)


@role_required(*READERS)
def report_export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    report = report_get(slug)
    _form, period, _status = _period(request)
    found = next((t for t in report.figures(period) if t.slug == table), None)
    if found is None:
        raise Http404
    return export_response(
        found,
        fmt,
        filename=f"{found.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}",
        remember=lambda make: cache.remembered(
            f"xlsx:{slug}:{table}:{period.key}", report.sources, make, years=period.years
        ),
    )


@role_required(*READERS)
def annual_report(request: HttpRequest) -> HttpResponse:
    """One printable page per year and organisation: the headline figures and the main tables
    with their charts, in the reader's language."""
    form = AnnualForm(request.GET or None)
    period = form.period()
    context = {"form": form, "period": period, "generated": timezone.now()}

    def body_context() -> dict:
        tables, headline = cache.remembered(
            f"annual:{period.key}", ANNUAL_SOURCES, lambda: _annual_figures(period), years=period.years
        )
        return {**context, "tables": tables, "headline": headline}

    context["body"] = _part(
        request, "annual", ANNUAL_SOURCES, period, "reports/includes/annual_body.html", body_context
    )
    return render(request, "reports/annual.html", context, status=400 if form.errors else 200)


def _annual_figures(period) -> tuple[list, list]:
    """The annual report's tables and its headline figures."""
    months, places = figures.trainings(period)
    participants, _mix = figures.participants(period)
    areas, _domains, at_six = figures.proposals(period)
    evaluation = figures.evaluations(period)[0]
    tables = [months, participants, areas, at_six, evaluation]
    total = participants.rows[-1] if participants.rows else [None, 0, 0, 0, None]
    headline = [
        (_("Trainings delivered"), sum(row[2] for row in months.rows)),
        (_("Hours delivered"), Column("", "hours").display(sum(row[4] for row in months.rows))),
        (_("Workplaces with a training"), len(places.rows)),
        (_("Participants trained"), total[2]),
        (_("Completion rate"), Column("", "percent").display(total[4])),
        (_("Improvement proposals"), sum(row[1] for row in areas.rows)),
        (_("Evaluation answers"), evaluation.rows[0][1] if evaluation.rows else 0),
    ]
    if period.organisation is None:
        enquiries = figures.enquiries(period)[0]
        network = figures.network_meetings(period)[0]
        tables += [enquiries]
        headline += [
            (_("Enquiries received"), sum(row[1] for row in enquiries.rows)),
            (_("Network cases opened"), network.rows[0][0]),
        ]
    return tables, headline

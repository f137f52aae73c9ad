"""The home page of every role, and the reports (coordinators and administrators)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import role_required
from accounts.roles import Role
from sessions_app.models import Course

from . import home as home_pages
from .period import PeriodForm
from .registry import REPORTS, report_get

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


@role_required(*READERS)
def report_index(request: HttpRequest) -> HttpResponse:
    form, period, status = _period(request)
    context = {"form": form, "period": period, "reports": REPORTS, "query": request.GET.urlencode()}
    return render(request, "reports/index.html", context, status=status)


@role_required(*READERS)
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = report_get(slug)
    form, period, status = _period(request)
    context = {
        "form": form,
        "period": period,
        "report": report,
        "reports": REPORTS,
        "tables": report.tables(period),
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/report.html", context, status=status)


@role_required(*READERS)
def report_export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    from .exports import export_response

    report = report_get(slug)
    _form, period, _status = _period(request)
    found = next((t for t in report.tables(period) if t.slug == table), None)
    if found is None:
        raise Http404
    return export_response(found, fmt, filename=f"{found.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}")


@role_required(*READERS)
def annual_report(request: HttpRequest) -> HttpResponse:
    """One printable page per year and organisation: the headline figures and the main tables
    with their charts, in the reader's language."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from . import figures
    from .period import AnnualForm
    from .tables import Column

    form = AnnualForm(request.GET or None)
    period = form.period()
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
    context = {
        "form": form,
        "period": period,
        "tables": tables,
        "headline": headline,
        "generated": timezone.now(),
    }
    return render(request, "reports/annual.html", context, status=400 if form.errors else 200)

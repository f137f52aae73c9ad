"""Every report: its address, its name and the function that makes its tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import figures
from .period import Period
from .tables import Table


@dataclass(frozen=True)
class Report:
    slug: str
    title: str | Promise
    summary: str | Promise
    tables: Callable[[Period], list[Table]]
    by_place: bool = True  # False: the organisation and workplace filter does not apply


REPORTS = [
    Report(
        "trainings",
        _("Trainings"),
        _("Trainings booked, delivered and cancelled per month, and hours delivered, per organisation and workplace."),
        figures.trainings,
    ),
    Report(
        "participants",
        _("Participants"),
        _("Participants trained, completion rate and the perspective mix."),
        figures.participants,
    ),
    Report(
        "facilitators",
        _("Facilitators"),
        _("Half-days and hours per facilitator and month; trainings led by a pair with both perspectives."),
        figures.facilitators,
    ),
    Report(
        "proposals",
        _("Improvement proposals"),
        _("Proposals by area, recovery domain and status; done or in progress at +6 months."),
        figures.proposals,
    ),
    Report(
        "evaluations",
        _("Evaluations"),
        _("Mean answers per recovery domain, per organisation, quarter and training."),
        figures.evaluations,
    ),
    Report(
        "enquiries",
        _("Enquiries"),
        _("Enquiries per topic, working days to the first contact and meetings face to face."),
        figures.enquiries,
        by_place=False,
    ),
    Report(
        "network",
        _("Network meetings"),
        _("Cases opened, time to the first meeting, meetings per case and where they were held."),
        figures.network_meetings,
        by_place=False,
    ),
]


def report_get(slug: str) -> Report:
    for report in REPORTS:
        if report.slug == slug:
            return report
    raise Http404

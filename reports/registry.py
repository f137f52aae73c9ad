"""Every report: its address, its name and the function that makes its tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from enquiries.models import Enquiry, EnquiryMeeting
from evaluations.models import EvaluationAnswer
from network import selectors as network
from participants.models import Attendance, Participant, Registration
from sessions_app.models import Course, Facilitator, FacilitatorAssignment, HalfDay, Organisation, Workplace
from workshops.models import FollowUpMeeting, ImprovementProposal, ProposalUpdate, WorkshopOutcome

from . import cache, figures
from .period import Period
from .tables import Table

PLACES = (Organisation, Workplace)


@dataclass(frozen=True)
class Report:
    slug: str
    title: str | Promise
    summary: str | Promise
    tables: Callable[[Period], list[Table]]
    # The tables the figures are read from: a write to any of them computes the figures again
    # (``reports.cache``; ``test_cache`` checks every query of every report against this list).
    sources: tuple[type[Model], ...] = ()
    by_place: bool = True  # False: the organisation and workplace filter does not apply

    def figures(self, period: Period) -> list[Table]:
        """The report's tables for the period, computed once per state of its sources."""
        return cache.remembered(
            f"{self.slug}:{period.key}", self.sources, lambda: self.tables(period), years=period.years
        )


REPORTS = [
    Report(
        "trainings",
        _("Trainings"),
        _("Trainings booked, delivered and cancelled per month, and hours delivered, per organisation and workplace."),
        figures.trainings,
        sources=(*PLACES, Course, HalfDay),
    ),
    Report(
        "participants",
        _("Participants"),
        _("Participants trained, completion rate and the perspective mix."),
        figures.participants,
        sources=(*PLACES, Course, Registration, Participant, Attendance, HalfDay),
    ),
    Report(
        "facilitators",
        _("Facilitators"),
        _("Half-days and hours per facilitator and month; trainings led by a pair with both perspectives."),
        figures.facilitators,
        sources=(*PLACES, Course, HalfDay, FacilitatorAssignment, Facilitator, User),
    ),
    Report(
        "proposals",
        _("Improvement proposals"),
        _("Proposals by area, recovery domain and status; done or in progress at +6 months."),
        figures.proposals,
        sources=(*PLACES, Course, WorkshopOutcome, ImprovementProposal, FollowUpMeeting, ProposalUpdate),
    ),
    Report(
        "evaluations",
        _("Evaluations"),
        _("Mean answers per recovery domain, per organisation, quarter and training."),
        figures.evaluations,
        sources=(*PLACES, Course, EvaluationAnswer),
    ),
    Report(
        "enquiries",
        _("Enquiries"),
        _("Enquiries per topic, working days to the first contact and meetings face to face."),
        figures.enquiries,
        sources=(Enquiry, EnquiryMeeting),
        by_place=False,
    ),
    Report(
        "network",
        _("Network meetings"),
        _("Cases opened, time to the first meeting, meetings per case and where they were held."),
        figures.network_meetings,
        sources=network.SOURCES,
        by_place=False,
    ),
]


def report_get(slug: str) -> Report:
    for report in REPORTS:
        if report.slug == slug:
            return report
    raise Http404


# The annual report shows figures of every report.
ANNUAL_SOURCES = tuple({model: None for report in REPORTS for model in report.sources})

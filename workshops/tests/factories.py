"""Complete proposals and submitted outcomes for the workshop tests, on the training of
``sessions_app.tests.factories.february_training`` (half-day 2, with the idea workshop, on
Thursday 12 February 2026, 08:00–12:00)."""

from __future__ import annotations

from datetime import date, datetime

import time_machine

from accounts.models import User
from sessions_app.models import Course, RecoveryDomain
from sessions_app.tests.factories import AFTER_TRAINING, STOCKHOLM, february_training
from workshops import services as services_workshop
from workshops.models import ImprovementProposal, ProposalArea, RaisedBy, WorkshopOutcome

# During the idea workshop on half-day 2.
DURING_WORKSHOP = datetime(2026, 2, 12, 11, 0, tzinfo=STOCKHOLM)


def proposal_data(**overrides) -> dict:
    data = {
        "text": "Invite the person's network to the first meeting",
        "area": ProposalArea.TREATMENT_AND_ENCOUNTERS,
        "recovery_domains": [RecoveryDomain.WORKING_RELATIONSHIP, RecoveryDomain.CITIZENSHIP],
        "raised_by": [RaisedBy.STAFF, RaisedBy.LIVED_EXPERIENCE],
        "owner_name": "Åsa Öberg",
        "owner_email": "asa.oberg@example.org",
        "due_date": date(2026, 5, 1),
    }
    return {**data, **overrides}


def add_proposals(course: Course, count: int = 1, *, by: User | None = None, **overrides) -> list[ImprovementProposal]:
    with time_machine.travel(AFTER_TRAINING, tick=False):
        return [
            services_workshop.proposal_save(
                course,
                by=by,
                **proposal_data(
                    text=f"Proposal number {n}", owner_email=f"owner{n}@example.org", owner_name=f"Owner {n}"
                )
                | overrides,
            )
            for n in range(1, count + 1)
        ]


def submitted_outcome(course: Course | None = None, proposals: int = 2, **overrides) -> WorkshopOutcome:
    """A submitted outcome with ``proposals`` complete proposals, submitted after the training."""
    course = course or february_training()
    add_proposals(course, proposals, **overrides)
    with time_machine.travel(AFTER_TRAINING, tick=False):
        return services_workshop.outcome_submit(course, by=None)

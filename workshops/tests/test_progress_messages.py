"""Proposal progress reaches people: one digest per follow-up meeting to the manager and the
owners of the proposals that changed, and after the last meeting a summary to the participants."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail

from participants.services import registration_cancel
from participants.tests.factories import register
from reminders.models import ScheduledMessage
from sessions_app.tests.factories import BEFORE_TRAINING, WorkplaceFactory, february_training
from workshops import services as services_workshop
from workshops.models import ProposalStatus
from workshops.services import PARTICIPANT_SUMMARY_KIND, PROGRESS_DIGEST_KIND, ProposalProgress
from workshops.tests.factories import submitted_outcome

from .test_services import FIRST_FOLLOWUP, SECOND_FOLLOWUP

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def sent(kind: str) -> dict[str, object]:
    kinds = set(ScheduledMessage.objects.filter(kind=kind).values_list("recipient", flat=True))
    return {parseaddr(e.to[0])[1]: e for e in mail.outbox if parseaddr(e.to[0])[1] in kinds}


@pytest.fixture
def course():
    workplace = WorkplaceFactory(
        name="Öppenvården", manager_name="Chef Chefsson", manager_email="chef@example.org", manager_language="sv"
    )
    return february_training(workplace=workplace)


def test_one_digest_per_meeting_to_the_manager_and_the_owners_of_what_changed(course, sweep):
    outcome = submitted_outcome(course, proposals=3)
    first, second, third = outcome.proposals.order_by("pk")
    meeting = course.followups.get(number=1)
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        mail.outbox.clear()
        services_workshop.followup_record(
            meeting,
            by=None,
            progress={
                first.pk: ProposalProgress(ProposalStatus.IN_PROGRESS, "Started."),
                second.pk: ProposalProgress(ProposalStatus.DONE),
                third.pk: ProposalProgress(ProposalStatus.PROPOSED, "Not yet."),
            },
        )
        sweep()
        sweep()
    digests = sent(PROGRESS_DIGEST_KIND)
    assert sorted(digests) == ["chef@example.org", "owner1@example.org", "owner2@example.org"]
    assert len(mail.outbox) == 3
    to_manager = digests["chef@example.org"]
    assert to_manager.subject == "Förbättringsförslag på Öppenvården: det här ändrades på uppföljningsmötet"
    assert "Proposal number 1" in to_manager.body and "Proposal number 2" in to_manager.body
    assert "Proposal number 3" not in to_manager.body
    assert "Föreslaget → Pågår" in to_manager.body
    assert "Anteckning: Started." in to_manager.body
    to_owner = digests["owner1@example.org"]
    assert "Proposal number 1" in to_owner.body and "Proposal number 2" not in to_owner.body


def test_no_digest_when_nothing_changed(course, sweep):
    submitted_outcome(course)
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        mail.outbox.clear()
        services_workshop.followup_record(course.followups.get(number=1), by=None, progress={})
        sweep()
    assert mail.outbox == []
    assert not ScheduledMessage.objects.filter(kind=PROGRESS_DIGEST_KIND).exists()


def test_after_the_last_meeting_the_participants_hear_what_became_of_the_proposals(course, sweep):
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        swedish = register(course, language="sv")
        norwegian = register(course, language="nb")
        gone = registration_cancel(register(course)).registration
    outcome = submitted_outcome(course)
    first, second = outcome.proposals.order_by("pk")
    first_meeting, last_meeting = course.followups.order_by("number")
    with time_machine.travel(FIRST_FOLLOWUP + timedelta(hours=2), tick=False):
        services_workshop.followup_record(first_meeting, by=None, progress={first.pk: ProposalProgress("done")})
        sweep()
    assert sent(PARTICIPANT_SUMMARY_KIND) == {}
    with time_machine.travel(SECOND_FOLLOWUP + timedelta(hours=2), tick=False):
        mail.outbox.clear()
        services_workshop.followup_record(last_meeting, by=None, progress={second.pk: ProposalProgress("dropped")})
        sweep()
    summaries = sent(PARTICIPANT_SUMMARY_KIND)
    assert sorted(summaries) == sorted([swedish.participant.email, norwegian.participant.email])
    assert gone.participant.email not in summaries
    to_swede = summaries[swedish.participant.email]
    assert to_swede.subject == "Det här blev det av era förbättringsförslag på Öppenvården"
    assert "Genomfört: 1" in to_swede.body and "Avskrivet: 1" in to_swede.body
    assert "Proposal number 1 – genomfört" in to_swede.body
    to_norwegian = summaries[norwegian.participant.email]
    assert to_norwegian.subject == "Dette ble det av forbedringsforslagene deres på Öppenvården"

"""One reminder to answer the evaluation, a week after the request, only to those who have not
answered; the coordinator sees the response rate as counts."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import coordinator
from evaluations import services as services_evaluation
from evaluations.models import EvaluationToken
from evaluations.selectors import evaluation_response_rate
from reminders.models import ScheduledMessage
from reminders.planning import messages_for
from sessions_app.tests.factories import february_training

from .test_evaluation import ANSWERS, REQUEST_AT, link_in, planned

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]
NUDGE_AT = REQUEST_AT + timedelta(days=7)


def recipients() -> list[str]:
    return sorted(parseaddr(email.to[0])[1] for email in mail.outbox)


def test_the_nudge_is_planned_a_week_after_the_request_at_the_same_hour():
    (registration,) = planned(february_training(), 1)
    rows = messages_for(registration, kinds=[services_evaluation.NUDGE_KIND])
    assert [(r.due_at, r.status) for r in rows] == [(NUDGE_AT, ScheduledMessage.Status.PLANNED)]


def test_only_those_who_have_not_answered_are_reminded_once_with_the_same_link(client, sweep):
    course = february_training()
    answered, silent = planned(course, 2)
    with time_machine.travel(REQUEST_AT, tick=False):
        sweep()
    links = {parseaddr(e.to[0])[1]: link_in(e) for e in mail.outbox}
    with time_machine.travel(REQUEST_AT + timedelta(days=2), tick=False):
        assert client.post(links[answered.participant.email], ANSWERS).status_code == 302
    mail.outbox.clear()

    with time_machine.travel(NUDGE_AT, tick=False):
        sweep()
        sweep()  # a second sweep sends nothing more
    assert recipients() == [silent.participant.email]
    (nudge,) = mail.outbox
    assert nudge.subject == f"En påminnelse: hur var dialogutbildningen på {course.workplace.name}?"
    assert link_in(nudge) == links[silent.participant.email]
    assert nudge.attachments == []
    statuses = {r.recipient: r.status for r in ScheduledMessage.objects.filter(kind=services_evaluation.NUDGE_KIND)}
    assert statuses == {
        answered.participant.email: ScheduledMessage.Status.CANCELLED,
        silent.participant.email: ScheduledMessage.Status.SENT,
    }
    mail.outbox.clear()
    with time_machine.travel(NUDGE_AT + timedelta(days=7), tick=False):
        sweep()
    assert mail.outbox == []


def test_the_nudge_changes_nothing_in_what_is_stored_about_the_answer(client, sweep):
    course = february_training()
    (registration,) = planned(course, 1)
    with time_machine.travel(REQUEST_AT, tick=False):
        sweep()
    before = list(EvaluationToken.objects.values("course", "token_hash", "used"))
    with time_machine.travel(NUDGE_AT, tick=False):
        sweep()
    assert list(EvaluationToken.objects.values("course", "token_hash", "used")) == before


def test_no_nudge_when_the_link_would_already_be_closed(settings):
    settings.REMINDERS_EVALUATION_NUDGE = timedelta(days=60)
    (registration,) = planned(february_training(), 1)
    assert list(messages_for(registration, kinds=[services_evaluation.NUDGE_KIND])) == []


def test_the_coordinator_sees_the_response_rate_as_counts(client, sweep):
    course = february_training()
    first, _second, _third = planned(course, 3)
    client.force_login(coordinator())
    url = reverse("evaluations:course_evaluation", args=[course.pk])
    assert "Nobody has been sent the questionnaire yet." in client.get(url).content.decode()
    with time_machine.travel(REQUEST_AT, tick=False):
        sweep()
        services_evaluation.evaluation_answer(services_evaluation.evaluation_token(first), answers=ANSWERS)
    rate = evaluation_response_rate(course)
    assert (rate.asked, rate.answered, rate.percent) == (3, 1, 33)
    assert "1 of 3 asked have answered (33 %)." in client.get(url).content.decode()

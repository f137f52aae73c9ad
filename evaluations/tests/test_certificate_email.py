"""The certificate of participation travels with the evaluation link: one e-mail the day after
half-day 2, the PDF attached only for those present at both half-days."""

from __future__ import annotations

import io
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from participants import services as participant_services
from participants.tests.test_certificates import AFTER_HALF_DAY_2
from reminders.planning import replan
from sessions_app.tests.factories import february_training

from .test_evaluation import REQUEST_AT, planned

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def test_one_email_brings_the_link_and_the_certificate_to_those_present_at_both_half_days(sweep):
    course = february_training()
    present, absent = planned(course, 2)
    norwegian = planned(course, 1, language="nb")[0]
    half_days = list(course.half_days.order_by("number"))
    with time_machine.travel(AFTER_HALF_DAY_2, tick=False):
        for registration, marks in ((present, (True, True)), (absent, (True, False)), (norwegian, (True, True))):
            for half_day, mark in zip(half_days, marks, strict=True):
                participant_services.attendance_record(
                    half_day=half_day, registration=registration, present=mark, by=None
                )
            replan(registration)
    with time_machine.travel(REQUEST_AT, tick=False):
        sweep()
    by_recipient = {parseaddr(email.to[0])[1]: email for email in mail.outbox}
    assert len(mail.outbox) == 3
    assert sorted(by_recipient) == sorted(r.participant.email for r in (present, absent, norwegian))

    email = by_recipient[present.participant.email]
    ((filename, content, mimetype),) = email.attachments
    assert (filename, mimetype) == ("intyg.pdf", "application/pdf")
    assert "/participants/evaluation/" in email.body
    assert "Ditt intyg är bifogat till det här e-postmeddelandet (PDF)." in email.body
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert text.startswith(f"Intyg {present.participant.name} har deltagit i dialogutbildningen på ")

    ((filename, _content, _mimetype),) = by_recipient[norwegian.participant.email].attachments
    assert filename == "kursbevis.pdf"

    nothing = by_recipient[absent.participant.email]
    assert nothing.attachments == []
    assert "/participants/evaluation/" in nothing.body
    assert "intyg" not in nothing.body.lower()

"""The records journey in a browser, axe-core on every page: a clinician enrols two-factor
login, writes and signs a note, corrects it and records the index person's objection; an
administrator opens the case by emergency access and the team's e-mail arrives."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.tests.factories import PASSWORD, administrator, clinician
from dialogkurs.testing.browser import assert_accessible, enrol_second_factor, new_context
from network.models import AccessLog, MeetingNote, NoteObjection
from network.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_a_clinician_signs_corrects_and_records_an_objection_and_an_administrator_uses_emergency_access(
    page, browser, live_server, celery_eager
):
    maria = clinician(full_name="Maria Holm", email="maria@team.example", language="en")
    case = factories.case(team=[maria], name="Alva Lindgren")

    # First login: enrolment of the authenticator, then the ten backup codes.
    _password_step(page, maria.email)
    assert "/account/two-factor/setup/" in page.url
    assert page.locator(".qr-code svg").count() == 1
    assert_accessible(page)
    page.locator("input[name=token]").fill("000000")
    page.get_by_role("button", name="Turn on two-factor login").click()
    assert page.locator("[data-error-summary]").is_visible()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # django-otp checks the next code only a second after a wrong one
    codes = enrol_second_factor(page)
    assert len(codes) == 10

    # A note: draft, sign (asks first), correct, objection.
    page.goto(case.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Write a note").click()
    assert_accessible(page)
    page.get_by_label("Note").fill("Alva says she sleeps at her mother's.")
    page.get_by_label("Written together in the meeting").check()
    page.get_by_role("button", name="Save and sign…").click()
    assert "Once signed, the note cannot be changed or deleted." in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Sign the note").click()
    assert "The note is signed." in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Correct the note").click()
    assert_accessible(page)
    page.get_by_label("Corrected note").fill("Alva says she sleeps at her father's.")
    page.get_by_label("Reason for the correction").fill("I wrote the wrong parent.")
    page.get_by_role("button", name="Continue to signing").click()
    page.get_by_role("button", name="Sign the note").click()
    page.locator("article").nth(1).wait_for()  # count() does not wait for the new page
    assert page.locator("article").count() == 2
    assert_accessible(page)
    page.get_by_role("link", name="Record the index person's objection").click()
    assert_accessible(page)
    page.get_by_label("What the index person said").fill("I stay with my father only at weekends.")
    page.get_by_role("button", name="Record the objection").click()
    assert "I stay with my father only at weekends." in page.content()
    assert_accessible(page)
    assert MeetingNote.objects.filter(status="signed").count() == 2
    assert NoteObjection.objects.count() == 1

    # An administrator, in another browser: emergency access; the team is told at once.
    admin = administrator(full_name="Erik Nyström", language="en")
    context = new_context(browser, live_server.url)
    admin_page = context.new_page()
    admin_page.set_default_timeout(15_000)
    _password_step(admin_page, admin.email)
    enrol_second_factor(admin_page)
    admin_page.goto(case.get_absolute_url())
    assert "Page not found" in admin_page.content()
    admin_page.goto("/network/emergency/")
    assert_accessible(admin_page)
    admin_page.get_by_label("Case number").fill(str(case.pk))
    admin_page.get_by_label("Why do you need to open this case now?").fill("The person called the night ward.")
    mail.outbox.clear()
    admin_page.get_by_role("button", name="Open the case").click()
    assert "You are reading this case by emergency access" in admin_page.content()
    assert "sleeps at her father" in admin_page.content()
    assert_accessible(admin_page)
    assert [m.to for m in mail.outbox] == [["maria@team.example"]]
    assert "Erik Nyström opened case" in mail.outbox[0].body
    admin_page.goto("/network/review/emergency/")
    assert "The person called the night ward." in admin_page.content()
    assert_accessible(admin_page)
    admin_page.goto("/network/review/access-log/")
    assert_accessible(admin_page)
    assert AccessLog.objects.filter(user=admin, reason="emergency").count() >= 1
    context.close()

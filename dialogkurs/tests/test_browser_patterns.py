"""The site's shared patterns in a real browser, as a keyboard user, a phone at 320 px and a
user with her own text spacing meet them: focus rings and field borders of at least 3:1, pages
that reflow, long names that wrap, and the copy button for addresses."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD, coordinator
from dialogkurs.testing.browser import TEXT_SPACING_CSS, crawl, log_in, new_context, reflow_problems, run_check
from enquiries.models import Enquiry
from enquiries.tests.factories import EnquiryFactory
from participants.models import Attendance, Participant
from participants.tests.factories import fill
from sessions_app import services as course_services
from sessions_app.models import Course, Organisation, Workplace
from sessions_app.tests.factories import FacilitatorFactory, WorkplaceFactory, confirmed_course, scheduled_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A name with no place to break it, as pasted from a system that lost the spaces.
UNBROKEN = "Psykiatriskaöppenvårdsmottagningenförvuxna" * 5


def _unbroken(prefix: str, length: int = 200) -> str:
    return (prefix.replace(" ", "") + UNBROKEN)[:length]


def _long_email(n: int) -> str:
    return f"{'förnamn.efternamn' * 3}.{n}@{'verksamhetsområde' * 3}.regionvasterbotten.example"


def _lengthen_every_name() -> None:
    """Test data only: every name and e-mail address the pages show becomes one long word."""
    for model, field in ((Organisation, "name"), (Workplace, "name"), (Workplace, "manager_name")):
        for pk, value in model.objects.values_list("pk", field):
            model.objects.filter(pk=pk).update(**{field: _unbroken(value or "Chef")})
    for participant in Participant.objects.all():
        Participant.objects.filter(pk=participant.pk).update(
            name=_unbroken(participant.name), email=_long_email(participant.pk)
        )
    for enquiry in Enquiry.objects.exclude(name=""):
        Enquiry.objects.filter(pk=enquiry.pk).update(
            name=_unbroken(enquiry.name), organisation=_unbroken(enquiry.organisation), email=_long_email(enquiry.pk)
        )
    User.objects.filter(groups__name=str(Role.FACILITATOR)).update(full_name=UNBROKEN[:120])


@pytest.fixture
def spaced_page(browser, live_server):
    """A page whose user sets the text spacing of WCAG 1.4.12 in her own style sheet."""
    context = new_context(browser, live_server.url, bypass_csp=True)
    context.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const style = document.createElement('style'); style.id = 'text-spacing';"
        f" style.textContent = {TEXT_SPACING_CSS!r};"
        " document.head.append(style); });"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _text_spacing(page, *, on: bool) -> None:
    page.evaluate(f"document.getElementById('text-spacing').disabled = {'false' if on else 'true'}")


def _wide_and_narrow(page) -> list[str]:
    """At 1280 px long words wrap inside their tables, and with text spacing inside their boxes;
    at 320 px with text spacing nothing scrolls the page sideways and the tables that scroll
    inside their box take keyboard focus. (A table whose column headings need more room than
    1280 px once the letters are spaced out may scroll inside its box: nothing is lost.)"""
    _text_spacing(page, on=False)
    problems = run_check(page, "tablesFit")
    _text_spacing(page, on=True)
    problems += run_check(page, "textInside")
    page.set_viewport_size({"width": 320, "height": 640})
    problems += reflow_problems(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR], ids=str)
def test_long_names_wrap_and_every_page_reflows_at_320_px_with_text_spacing(spaced_page, role, demo_accounts):
    """A 200-character unbroken name used to widen the participant list to 3,124 px, and at
    320 px the visually hidden names inside its scrolling table scrolled the whole page."""
    _lengthen_every_name()
    account = demo_accounts[role]
    spaced_page.set_viewport_size({"width": 1280, "height": 900})
    log_in(spaced_page, account.email, account.password)
    visited = crawl(spaced_page, check=_wide_and_narrow)
    assert any(path.startswith("/participants/courses/") for path in visited)


# --- Keyboard only ------------------------------------------------------------------------------


def _tab_to(page, target, *, limit: int = 80) -> list[str]:
    """Press Tab until ``target`` has focus. Every element on the way must show a focus
    indicator of at least 3:1; returns the problems."""
    problems = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue  # past the end of the page, in the browser's own controls
        problems += run_check(page, "focusedIndicator")
        if target.evaluate("element => element === document.activeElement"):
            return problems
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def test_a_keyboard_user_copies_the_sign_up_link_adds_a_participant_and_takes_attendance(page, live_server):
    user = coordinator(full_name="Karin Lindqvist")
    # Half-day 1 began yesterday: booked ten days ago, as it was then in the future.
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        course = confirmed_course(timezone.localdate() + timedelta(days=9), coordinator=user)
    course = course_services.course_set_signup_open(course, is_open=True)
    fill(course, 2)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    problems: list[str] = []

    page.goto("/login/")
    problems += _tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type(user.email)
    problems += _tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    menu = page.get_by_role("navigation", name="Main navigation")
    problems += _tab_to(page, menu.get_by_role("link", name="Trainings"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/trainings/")
    problems += _tab_to(page, page.get_by_role("link", name=course.workplace.name))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/trainings/{course.pk}/")

    problems += _tab_to(page, page.get_by_role("button", name="Copy the sign-up link"))
    page.keyboard.press("Enter")
    assert page.get_by_role("status").filter(has_text="Copied.").inner_text() == (
        "Copied. You can now paste it where you need it."
    )
    signup_url = f"{live_server.url}/participants/signup/{course.signup_token}/"
    assert page.evaluate("navigator.clipboard.readText()") == signup_url

    problems += _tab_to(page, page.get_by_role("link", name="Add a participant"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/participants/courses/{course.pk}/add/")
    problems += _tab_to(page, page.get_by_label("Name"))
    page.keyboard.type("Åsa Öberg")
    problems += _tab_to(page, page.get_by_label("E-mail address"))
    page.keyboard.type("asa@example.org")
    problems += _tab_to(page, page.get_by_role("button", name="Add", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/participants/courses/{course.pk}/")
    assert Participant.objects.filter(name="Åsa Öberg").exists()

    problems += _tab_to(page, page.get_by_role("link", name="Take attendance, half-day 1"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/participants/courses/{course.pk}/attendance/1/")
    problems += _tab_to(page, page.get_by_role("checkbox", name="Åsa Öberg"))
    page.keyboard.press("Space")
    problems += _tab_to(page, page.get_by_role("button", name="Save attendance"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert problems == [], "\n".join(problems)
    present = Attendance.objects.filter(half_day__number=1, present=True)
    assert list(present.values_list("registration__participant__name", flat=True)) == ["Åsa Öberg"]


def test_fields_checkboxes_and_their_errors_have_3_to_1_borders_and_focus_rings(page):
    """Bootstrap's field borders (#dee2e6, 1.3:1) and focus glow (about 1.4:1) were all a
    keyboard user had on fields: the attendance checkboxes were nearly invisible."""
    user = coordinator()
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        course = confirmed_course(timezone.localdate() + timedelta(days=9), coordinator=user)
    fill(course, 3)
    log_in(page, user.email, PASSWORD)
    page.goto(f"/participants/courses/{course.pk}/attendance/1/")
    assert page.get_by_role("checkbox").count() == 3
    assert run_check(page, "controlContrast") + run_check(page, "focusIndicators") == []

    page.goto(f"/participants/courses/{course.pk}/add/")
    page.get_by_role("button", name="Add", exact=True).click()  # empty: every field in error
    assert page.locator(".is-invalid").count() >= 2
    assert run_check(page, "controlContrast") + run_check(page, "focusIndicators") == []

    page.goto("/")  # the header's language select, on the dark bar
    assert run_check(page, "controlContrast") + run_check(page, "focusIndicators") == []


# --- The copy button ----------------------------------------------------------------------------


def _course_page(page, course: Course, user) -> None:
    log_in(page, user.email, PASSWORD)
    page.goto(f"/trainings/{course.pk}/")


@pytest.fixture
def open_course():
    course = confirmed_course(timezone.localdate() + timedelta(days=30))
    return course_services.course_set_signup_open(course, is_open=True)


def test_when_copying_is_refused_the_link_is_selected_and_the_user_told_how_to_copy_it(page, open_course):
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined }); document.execCommand = () => false;"
    )
    _course_page(page, open_course, open_course.coordinator)
    page.get_by_role("button", name="Copy the sign-up link").click()
    status = page.locator("#signup-url-status")
    status.filter(has_text="could not be copied").wait_for()
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == (
        "The address could not be copied automatically. It is selected: press Ctrl+C (⌘C on a Mac) to copy it."
    )
    selected = page.evaluate(
        "() => { const input = document.activeElement;"
        " return [input.id, input.value.slice(input.selectionStart, input.selectionEnd)]; }"
    )
    assert selected == ["signup-url", page.get_by_label("Sign-up link to send to the workplace").input_value()]


def test_without_javascript_the_link_is_there_to_copy_by_hand_and_no_dead_button(browser, live_server, open_course):
    context = new_context(browser, live_server.url, java_script_enabled=False)
    page = context.new_page()
    _course_page(page, open_course, open_course.coordinator)
    link = page.get_by_label("Sign-up link to send to the workplace")
    assert link.input_value().endswith(f"/participants/signup/{open_course.signup_token}/")
    assert not page.get_by_role("button", name="Copy the sign-up link").is_visible()
    context.close()


# --- Links and buttons name their own target (WCAG 2.4.4, 2.4.6) --------------------------------


def _names(page, role: str, starting: str) -> list[str]:
    """The accessible names of the page's links or buttons whose name starts with ``starting``."""
    snapshot = page.locator("main").aria_snapshot()
    return [
        line.split(f"{role} ", 1)[1].split('"')[1] for line in snapshot.splitlines() if f'{role} "{starting}' in line
    ]


def test_two_trainings_at_one_workplace_enquiries_and_workshops_are_told_apart_by_their_links(page):
    """Two "Accept the training at Psykiatrisk öppenvård Umeå" buttons without the date, inbox
    links "Enquiry 7" without the sender, and idea-workshop links without the date."""
    user = coordinator()
    facilitator = FacilitatorFactory()
    workplace = WorkplaceFactory(name="Psykiatrisk öppenvård Umeå")
    for days in (30, 60):
        course = scheduled_course(timezone.localdate() + timedelta(days=days), workplace=workplace)
        course_services.facilitator_assign(course, facilitator)
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        for days in (1, 20):
            confirmed_course(timezone.localdate() + timedelta(days=days), workplace=workplace, coordinator=user)
    EnquiryFactory(name="Eva Holm")
    EnquiryFactory(name="Nils Berg")

    log_in(page, facilitator.user.email, PASSWORD)
    page.goto("/trainings/my/assignments/")
    accept = _names(page, "button", "Accept")
    assert len(accept) == 2 and len(set(accept)) == 2
    assert all(name.startswith("Accept the training at Psykiatrisk öppenvård Umeå, starting ") for name in accept)
    assert run_check(page, "ambiguousNames") == []

    page.context.clear_cookies()
    log_in(page, user.email, PASSWORD)
    page.goto("/enquiries/")
    assert sorted(_names(page, "link", "Enquiry")) == sorted(
        f"Enquiry {enquiry.pk} from {enquiry.name}" for enquiry in Enquiry.objects.all()
    )
    page.goto("/trainings/workshops/")
    workshops = _names(page, "link", "Psykiatrisk öppenvård Umeå")
    assert len(workshops) == 2 and len(set(workshops)) == 2
    assert all(", idea workshop on " in name for name in workshops)
    assert run_check(page, "ambiguousNames") == []

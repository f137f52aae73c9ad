"""Helpers for browser journeys: log in through the real form, check pages with axe-core and
with the checks of ``page_checks.js`` that axe does not make (WCAG 2.1 AA)."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

_axe = Axe()
# Moderate counts too: axe's landmark-unique (nested regions with the same name) is moderate.
BLOCKING_IMPACTS = {"moderate", "serious", "critical"}
_PAGE_CHECKS = Path(__file__).with_name("page_checks.js").read_text()

# WCAG 1.4.12: the text spacing a user must be able to set without losing content.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def new_context(browser, base_url: str, **options):
    """A browser context for a journey: British English, and reduced motion asked for, as many
    people's settings do. Bootstrap then scrolls at once instead of smoothly (its
    `scroll-behavior: smooth` applies only under `prefers-reduced-motion: no-preference`): on a
    loaded machine a click waited 15 s on a button that never held still for two frames while
    the form scrolled (CI, stop 22)."""
    return browser.new_context(**{"base_url": base_url, "locale": "en-GB", "reduced_motion": "reduce", **options})


# What a script run on a page says when the page it ran on was replaced under it: a click on a
# link returns before the next page has loaded, and a check made then meets no document.
_NAVIGATED = ("documentElement", "Execution context was destroyed", "navigat")


def on_settled_page(page, check: Callable):
    """``check(page)`` once the page has loaded; run again, once, when a navigation still under
    way replaced the page while it ran (a check must see the page the journey arrived at)."""
    page.wait_for_load_state()
    try:
        return check(page)
    except PlaywrightError as error:
        if not any(sign in str(error) for sign in _NAVIGATED):
            raise
        page.wait_for_load_state()
        return check(page)


# The actions of a journey that can leave the page: a click or a tap on a link or a button, a key
# pressed in a field (Enter in a form). Playwright returns from them once the next page has *started* loading, so a
# check that does not wait (``is_visible()``, ``count()``, ``page.content()``) could read a page
# still empty; this is what made journeys fail now and then on a busy machine.
_LEAVING_ACTIONS = ("click", "tap", "press")


@contextmanager
def actions_settle():
    """While open, each click, tap and key press of a journey returns once the page it led to
    has loaded (at once when it led nowhere), as a person's next look would. Used by the browser
    fixture for every journey."""
    originals = {name: getattr(Locator, name) for name in _LEAVING_ACTIONS}

    def settling(action):
        @functools.wraps(action)
        def act(self, *args, **kwargs):
            result = action(self, *args, **kwargs)
            try:
                self.page.wait_for_load_state()
            except PlaywrightError as error:  # a page or a context closed by the action itself
                if "closed" not in str(error):
                    raise
            return result

        return act

    for name, action in originals.items():
        setattr(Locator, name, settling(action))
    try:
        yield
    finally:
        for name, action in originals.items():
            setattr(Locator, name, action)


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """The moderate, serious or critical axe-core violations on the page, one line each."""
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = on_settled_page(page, lambda p: _axe.run(p, options=options))
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            lines.append(f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def run_check(page, check: str) -> list[str]:
    """One check of page_checks.js (``controlContrast``, ``reflow``…), its problems prefixed with the URL."""

    def run(page) -> list:
        if check == "ambiguousNames" and not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(_axe.axe_script)
        return page.evaluate(f"({_PAGE_CHECKS}).{check}()")

    return [f"{page.url}: {problem}" for problem in on_settled_page(page, run)]


def page_problems(page) -> list[str]:
    """Everything this project checks on every page of its own: axe-core; links and buttons that
    name their own target (2.4.4); what * means (3.3.2); field boundaries and focus indicators of
    at least 3:1 (1.4.11, 2.4.7)."""
    problems = axe_violations(page)
    for check in ("ambiguousNames", "requiredNote", "controlContrast", "focusIndicators"):
        problems += run_check(page, check)
    return problems


def assert_accessible(page) -> None:
    problems = page_problems(page)
    assert problems == [], "\n".join(problems)


def reflow_problems(page) -> list[str]:
    """At a phone's 320 px (1.4.10): the page does not scroll sideways, and the tables that
    scroll inside their box can be scrolled with the keyboard."""
    return run_check(page, "reflow") + axe_violations(page, rules=["scrollable-region-focusable"])


def log_in(page, email: str, password: str) -> None:
    """Log in through the real form; for an account with two-factor login, type the code of its
    authenticator too (enrolling one through the real pages when it has none yet)."""
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/account/two-factor/setup/" in page.url:
        enrol_second_factor(page)
    elif "/account/two-factor/" in page.url:
        pass_second_factor(page, email)


def pass_second_factor(page, email: str) -> None:
    from accounts.models import User
    from dialogkurs.testing.two_factor import current_code, device_for

    page.locator("input[name=token]").fill(current_code(device_for(User.objects.get(email=email))))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def enrol_second_factor(page) -> list[str]:
    """Set up the authenticator on the enrolment page as a person would (typing the key shown),
    and return the backup codes shown once."""
    from dialogkurs.testing.two_factor import code_for_key

    key = page.locator("[data-totp-secret]").inner_text()
    page.locator("input[name=token]").fill(code_for_key(key))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    codes = [c.strip() for c in page.locator("[data-backup-codes] code").all_inner_texts()]
    page.locator("a.btn-primary.no-print").click()
    page.wait_for_load_state()
    return codes


# Downloads and the admin's own deep pages are not pages of ours to check.
SKIP_SUFFIXES = (".ics", ".csv", ".xlsx", ".pdf", ".json")
MAX_PAGES = 150
PER_KIND = 2


def _reachable_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.endswith(SKIP_SUFFIXES) or parts.path.startswith(("/admin/", "/static/")):
            continue
        paths.append(parts.path)
    return paths


def page_kind(path: str) -> str:
    """The URL pattern a path belongs to: ids and tokens made alike."""
    return re.sub(r"/(\d+|[A-Za-z0-9_-]{20,})(?=/|$)", "/<id>", path)


def crawl(page, start: str = "/", check: Callable[[object], list[str]] = page_problems) -> list[str]:
    """Every kind of page reachable from ``start`` by links, each kind at most PER_KIND times
    (two trainings' pages check the same template twice, not a hundred times), each checked
    with ``check``. Fails with every problem found; returns the paths visited."""
    seen, queue, problems, kinds = set(), [start], [], Counter()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or kinds[page_kind(path)] >= PER_KIND:
            continue
        seen.add(path)
        kinds[page_kind(path)] += 1
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
        problems += check(page)
        queue += [p for p in _reachable_paths(page) if p not in seen]
    assert problems == [], "\n".join(problems)
    return sorted(seen)

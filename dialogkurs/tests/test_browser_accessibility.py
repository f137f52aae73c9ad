"""Every role logs in through the real form and every page it can reach passes axe-core."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from accounts.roles import Role
from dialogkurs.testing.browser import assert_accessible, blocking_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Downloads and the admin's own deep pages are not pages of ours to check.
SKIP_SUFFIXES = (".ics", ".csv", ".pdf", ".json")
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


def crawl(page, start: str = "/") -> list[str]:
    """Every kind of page reachable from ``start`` by links, each kind at most
    PER_KIND times (two trainings' pages check the same template twice, not a hundred times)."""
    seen, queue, problems, kinds = set(), [start], [], Counter()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or kinds[page_kind(path)] >= PER_KIND:
            continue
        seen.add(path)
        kinds[page_kind(path)] += 1
        response = page.goto(path)
        assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
        problems += blocking_violations(page)
        queue += [p for p in _reachable_paths(page) if p not in seen]
    assert problems == [], "\n".join(problems)
    return sorted(seen)


@pytest.fixture
def demo_accounts():
    """The demo data of `make run`: trainings in every state, an idea workshop with follow-ups,
    evaluations, enquiries and the outbox, so every kind of page has something to show."""
    from demo.data import DEMO_ACCOUNTS, load_demo

    load_demo()
    return {account.roles[0] if account.roles else None: account for account in DEMO_ACCOUNTS}


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: str(r or "no role"))
def test_every_page_a_role_reaches_passes_axe(page, role, demo_accounts):
    account = demo_accounts[role]
    log_in(page, account.email, account.password)  # the interface follows the account's language
    assert page.locator("form[action='/logout/'] button").is_visible()
    visited = crawl(page)
    assert len(visited) < MAX_PAGES, "the crawl stopped before it had seen every page"
    assert "/account/profile/" in visited
    assert "/accessibility/" in visited
    if role == Role.ADMINISTRATOR:
        page.goto("/admin/")
        assert_accessible(page)


def test_public_pages_pass_axe_in_every_language(page, live_server):
    for language in ("en", "sv", "nb"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for path in ("/", "/login/", "/accessibility/", "/account/password/reset/", "/no-such-page/"):
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            assert_accessible(page)


def test_login_errors_are_summarised_and_focused(page):
    page.goto("/login/")
    page.get_by_label("E-mail address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_to_main(page):
    page.goto("/accessibility/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_changes_the_interface(page):
    page.goto("/login/")
    page.get_by_label("Language").select_option("sv")
    page.get_by_role("button", name="Change").click()
    assert page.locator("h1").inner_text() == "Logga in"
    page.get_by_label("Språk").select_option("nb")
    page.get_by_role("button", name="Byt").click()
    assert page.locator("h1").inner_text() == "Logg inn"

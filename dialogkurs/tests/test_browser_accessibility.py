"""Every role logs in through the real form and every page it can reach passes axe-core (moderate
violations included) and the checks of dialogkurs/testing/page_checks.js: links and buttons name
their own target, * is explained, form fields have 3:1 boundaries and focus indicators."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from dialogkurs.testing.browser import MAX_PAGES, assert_accessible, axe_violations, crawl, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: str(r or "no role"))
def test_every_page_a_role_reaches_passes_the_accessibility_checks(page, role, demo_accounts):
    account = demo_accounts[role]
    log_in(page, account.email, account.password)  # the interface follows the account's language
    assert page.locator("header form[action='/logout/'] button").is_visible()
    visited = crawl(page)
    assert len(visited) < MAX_PAGES, "the crawl stopped before it had seen every page"
    assert "/account/profile/" in visited
    assert "/accessibility/" in visited
    if role == Role.ADMINISTRATOR:
        page.goto("/admin/")  # Django's own pages: axe-core only
        assert axe_violations(page) == []


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

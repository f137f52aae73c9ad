"""A journey's next check sees the page its click led to, loaded: Playwright returns from a click
once the next page has started to arrive, and checks that do not wait (``count()``,
``is_visible()``, ``page.content()``) made journeys fail now and then on a busy machine."""

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.urls("dialogkurs.tests.slow_urls")]


def test_a_click_returns_once_the_page_it_led_to_has_loaded(page):
    page.goto("/start/")
    page.get_by_role("link", name="To the slow page").click()
    assert page.url.endswith("/slow/")
    assert page.locator("#last").count() == 1
    assert "Last part" in page.content()


def test_a_click_that_leads_nowhere_returns_at_once(page):
    page.goto("/slow/")
    started = time.monotonic()
    page.get_by_text("First part").click()
    assert time.monotonic() - started < 0.5

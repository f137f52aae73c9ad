"""Helpers for browser journeys: log in through the real form, check pages with axe-core."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    """The serious or critical axe-core violations on the page, one line each."""
    results = _axe.run(page)
    lines = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            lines.append(f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return lines


def assert_accessible(page) -> None:
    problems = blocking_violations(page)
    assert problems == [], "\n".join(problems)


def log_in(page, email: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

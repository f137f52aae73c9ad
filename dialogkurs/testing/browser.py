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

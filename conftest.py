"""Fixtures shared by every app's tests: real PostgreSQL, real Redis, a real browser."""

from __future__ import annotations

import os
from io import StringIO

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an event loop on the main thread; the Django ORM calls made by a
# test around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_sessionstart(session):
    """Fail loudly, never fall back: the suite runs on PostgreSQL and Redis only."""
    from django.conf import settings
    from django.core.cache import cache

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"The test suite needs PostgreSQL (DATABASE_URL); got {engine}. Run `make test`.", returncode=3)
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.exit("The test suite needs Redis (REDIS_URL). Run `make test`.", returncode=3)
    try:
        cache.set("dialogkurs:test:ping", "pong", 5)
    except Exception as exc:
        pytest.exit(f"Redis at {settings.REDIS_URL} cannot be reached: {exc}", returncode=3)
    import psycopg2

    db = settings.DATABASES["default"]
    try:
        psycopg2.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"],
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except Exception as exc:
        pytest.exit(f"PostgreSQL at {db['HOST']}:{db['PORT']} cannot be reached: {exc}", returncode=3)


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(request, monkeypatch):
    """Network clinicians and administrators pass two-factor login before any page. The test
    client's ``force_login`` logs them in as they really are: with a verified authenticator (a
    real TOTP device; see dialogkurs/testing/two_factor.py). Tests of the second step itself are
    marked ``password_only`` and get the password-only session."""
    if request.node.get_closest_marker("password_only"):
        yield
        return
    from django.test import Client

    from accounts.two_factor import requires_two_factor
    from dialogkurs.testing.two_factor import verify_client_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if requires_two_factor(user):
            verify_client_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 is slow on purpose; tests that are not about hashing need no such cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache_and_language():
    """Each test starts with an empty cache (rate limits, lockouts) and English active."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's 'chromium' package (`make browser`).")
    from dialogkurs.testing.browser import actions_settle

    with sync_playwright() as playwright, actions_settle():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    from dialogkurs.testing.browser import new_context

    context = new_context(browser, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    from dialogkurs.testing.browser import new_context

    context = new_context(
        browser, live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, the rows of data migrations included (and a
    reused test database keeps that state); put the reference data back before each test."""
    if request.node.get_closest_marker("django_db") is None and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    from accounts.roles import sync_role_permissions
    from sessions_app.migrations import _reference
    from sessions_app.models import Theme

    if not Theme.objects.exists():
        _reference.load_themes(django_apps, None)
    if not Group.objects.exists():
        sync_role_permissions()
    yield


@pytest.fixture
def site_url(settings) -> str:
    """E-mails link to the site's public address (SITE_URL); the test client's host is testserver."""
    settings.SITE_URL = "http://testserver"
    return settings.SITE_URL


@pytest.fixture
def celery_eager():
    """Tasks enqueued by the code under test run at once, in this process (the real task code)."""
    from dialogkurs.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """One run of the outbox sweep (`manage.py send_due_reminders`, with ``args``), its
    after-commit sends run inside the test's transaction; returns what the command printed."""

    def run(*args: str) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_reminders", *args, stdout=out)
        return out.getvalue()  # read after the after-commit sends ran

    return run

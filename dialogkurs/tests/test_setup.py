"""The set-up contract: the embedded default runs without servers, production settings are
strict, and the translation catalogues are complete."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from email import message_from_string
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
HONCHO = ROOT / ".venv" / "bin" / "honcho"
SERVER_VARS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY", "EMAIL_URL", "DJANGO_HTTPS")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARS and not k.startswith("DJANGO_")}
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Stop honcho and the processes it started (its own session)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _wait_until(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.3)


SQLITE_STATEMENTS = """
from django.db.models import Q

from accounts.models import User
from audit.models import AuditEntry
from audit.selectors import object_history
from sessions_app import selectors
from sessions_app.models import Course
from sessions_app.permissions import course_for

rows = selectors.course_list_page(selectors.course_list_order()[:25])
expected = list(selectors.course_list_order().values_list("pk", flat=True)[:25])
half_days = {c.pk: [(h.starts_at, h.ends_at) for h in c.half_days.order_by("number")] for c in Course.objects.all()}
coordinator = User.objects.get(email="coordinator@demo.dialogkurs.se")
course = course_for(coordinator, rows[0].pk)
same = (
    [row.pk for row in rows] == expected
    and all(row.half_days == half_days[row.pk] for row in rows)
    and any(row.half_days for row in rows)
    and any(row.facilitators for row in rows)
    and course.pk == rows[0].pk
    and object_history(course)
    == list(
        AuditEntry.objects.filter(
            Q(content_type__model="course", object_id=course.pk) | Q(scope_type__model="course", scope_id=course.pk)
        ).order_by("-at", "-id")[:25]
    )
)
print("STATEMENTS", "same" if same else "differ")
"""


# Ids of more than 64 bits from outside, on SQLite (dialogkurs/sqlite/base.py): as on
# PostgreSQL they match nothing — a form error, a 400 or a 404 — never an error page.
SQLITE_HUGE_IDS = """
from django import forms
from django.test import Client
from django.test.utils import setup_test_environment

from accounts.models import User
from dialogkurs.testing.two_factor import verify_client_session
from sessions_app.models import Course

setup_test_environment()
huge = 99999999999999999999
field = forms.ModelMultipleChoiceField(queryset=Course.objects.all())
try:
    field.clean([str(huge)])
    refused = False
except forms.ValidationError:
    refused = True
coordinator = User.objects.get(email="coordinator@demo.dialogkurs.se")
client = Client(raise_request_exception=False)
client.force_login(coordinator)
verify_client_session(client, coordinator)
answers = [
    client.get(f"/reports/?organisation={huge}").status_code,
    client.get(f"/trainings/find-a-date/?course={huge}").status_code,
    client.get(f"/trainings/{huge}/").status_code,
]
print("HUGE", refused, Course.objects.filter(pk__in=[1, huge]).count() <= 1,
      Course.objects.filter(pk__lt=huge).count() == Course.objects.count(),
      Course.objects.filter(pk__gt=-huge).count() == Course.objects.count(), *answers)
"""


def test_embedded_default_migrates_and_serves_healthz_and_login(tmp_path):
    env = _env(DJANGO_DEBUG="1", DJANGO_DEMO="1", DIALOGKURS_VAR_DIR=str(tmp_path))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=300)
    out = subprocess.run(
        [*manage, "load_demo"], env=env, cwd=ROOT, check=True, timeout=120, capture_output=True, text=True
    )
    assert "coordinator@demo.dialogkurs.se" in out.stdout
    assert (tmp_path / "dialogkurs.sqlite3").exists()
    # The statements compiled once per process (dialogkurs.statements) on SQLite: a list bound
    # as JSON, one statement a part, the same rows as Django's own queries give.
    assert _manage(env, "shell", "-c", SQLITE_STATEMENTS).strip().splitlines()[-1] == "STATEMENTS same"
    assert (
        _manage(env, "shell", "-c", SQLITE_HUGE_IDS).strip().splitlines()[-1] == "HUGE True True True True 400 404 404"
    )

    port = _free_port()
    # The web server of Procfile.dev, exactly as `make run` starts it.
    server = subprocess.Popen(
        [str(HONCHO), "start", "-f", "Procfile.dev", "web"],
        env={**env, "PORT": str(port)},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    health = response.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert '"database": "ok"' in health and '"broker": "ok"' in health
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as response:
            assert response.status == 200
            assert "<h1>Log in</h1>" in response.read().decode()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/bootstrap/css/bootstrap.min.css"
        ) as response:
            assert response.status == 200
    finally:
        _stop(server)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=_env(DJANGO_DEBUG="0"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"SIGNUP_RATE_LIMIT": "thirty/h"}, "SIGNUP_RATE_LIMIT must look like 30/h"),
        ({"ENQUIRY_POST_RATE_LIMIT": "0/h"}, "ENQUIRY_POST_RATE_LIMIT must look like 30/h"),
        (
            {"SIGNUP_RATE_LIMIT": "30/h", "SIGNUP_POST_RATE_LIMIT": "20/h"},
            "SIGNUP_POST_RATE_LIMIT (20/h) must allow at least as many posts as SIGNUP_RATE_LIMIT.",
        ),
        ({"WAITLIST_MAX": "-1"}, "WAITLIST_MAX must be 0 or more."),
    ],
)
def test_a_bad_rate_limit_setting_stops_the_start_with_a_clear_error(variables, error):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=_env(DJANGO_DEBUG="1", **variables),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert error in result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    env = _env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="dialogkurs.example.org",
        SITE_URL="https://dialogkurs.example.org",
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=os.environ["REDIS_URL"],
        CELERY_BROKER_URL=os.environ["CELERY_BROKER_URL"],
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def _catalogues() -> list[Path]:
    return sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_every_locale_folder_has_swedish_and_norwegian_catalogues():
    locale_dirs = sorted(p for p in ROOT.glob("**/locale") if ".venv" not in p.parts and "node_modules" not in p.parts)
    assert locale_dirs, "no locale folders found"
    for locale_dir in locale_dirs:
        for language in ("sv", "nb"):
            assert (locale_dir / language / "LC_MESSAGES" / "django.po").exists(), f"{locale_dir} lacks {language}"


@pytest.mark.parametrize("po_path", _catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


def test_check_deploy_warns_when_e_mail_links_would_not_work():
    env = _env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        DJANGO_ALLOWED_HOSTS="dialogkurs.example.org",
        DATABASE_URL=os.environ["DATABASE_URL"],
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "reminders.W001" in result.stderr + result.stdout


def test_check_deploy_warns_when_the_rate_limits_cannot_be_counted_across_processes(settings):
    from dialogkurs.checks import shared_cache_check

    assert shared_cache_check(None) == []  # the suite runs on Redis
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache_check(None)] == ["dialogkurs.W001"]


# --- The embedded default under a work group's burst ------------------------------------------
# The stack of `make run` (Procfile.dev: the
# web server, a Celery worker and beat) on a SQLite database of its own, with 60 people posting
# the sign-up form at the same moment.
#
# Every request is answered (Django's development server refused connections beyond 10), no
# "database is locked", the 20 places hold, and the sign-up limit per internet connection is
# exact under contention: everyone posts from 127.0.0.1, so 30 are accepted (20 places and 10
# on the waitlist) and 30 are told to wait.

PEOPLE = 60

SET_UP = """
from datetime import timedelta
from django.utils import timezone
from sessions_app import services
from sessions_app.tests.factories import confirmed_course
course = services.course_set_signup_open(confirmed_course(timezone.localdate() + timedelta(days=30)), is_open=True)
print("COURSE", course.signup_token, course.pk, course.coordinator.email)
"""


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture
def embedded(tmp_path):
    """The environment of `make run`, in a folder of its own: no PostgreSQL, no Redis."""
    return _env(DJANGO_DEBUG="1", DIALOGKURS_VAR_DIR=str(tmp_path / "var"), PORT=str(_free_port()))


def _manage(env, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


@pytest.fixture
def stack(embedded, tmp_path):
    _manage(embedded, "migrate", "--noinput", "-v", "0")
    output = _manage(embedded, "shell", "-c", SET_UP)
    token, course_id, coordinator = re.search(r"^COURSE (\S+) (\d+) (\S+)$", output, re.MULTILINE).groups()
    log = (tmp_path / "stack.log").open("w")
    # Procfile.dev as `make run` starts it; a session of its own, so the test stops all three.
    process = subprocess.Popen(
        [str(HONCHO), "start", "-f", "Procfile.dev"],
        env=embedded,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    port = int(embedded["PORT"])
    try:
        _wait_until(lambda: _answers(port), timeout=90, what="the web server of Procfile.dev")
        yield {"port": port, "token": token, "course": int(course_id), "coordinator": coordinator, "tmp": tmp_path}
    finally:
        _stop(process)
        log.close()


def _csrf(port: int, path: str) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 200, body[:2000]
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return cookie, token


def test_sixty_simultaneous_sign_ups_on_the_embedded_default_are_all_answered_and_twenty_confirmed(stack):
    port, path = stack["port"], f"/participants/signup/{stack['token']}/"
    cookie, csrf = _csrf(port, path)
    barrier = threading.Barrier(PEOPLE)
    outcomes: list[object] = [None] * PEOPLE

    def sign_up(n: int) -> None:
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "name": f"Deltagare {n}",
                "email": f"deltagare{n}@example.org",
                "perspective": "staff",
                "language": "sv",
                "consent": "on",
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            barrier.wait()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            outcomes[n] = response.status
        except Exception as exc:  # a refused or dropped connection is what the test looks for
            outcomes[n] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    # Every request answered: 30 accepted (redirected to their page), 30 told to wait (429).
    assert Counter(outcomes) == Counter({302: 30, 429: 30}), outcomes
    database = sqlite3.connect(stack["tmp"] / "var" / "dialogkurs.sqlite3")
    statuses = dict(
        database.execute(
            "SELECT status, COUNT(*) FROM participants_registration WHERE course_id = ? GROUP BY status",
            (stack["course"],),
        ).fetchall()
    )
    database.close()
    assert statuses == {"confirmed": 20, "waitlisted": 10}

    # The worker, writing to the same SQLite file meanwhile, sends every confirmation and the
    # coordinator's alert about the many sign-ups from one connection.
    mail_dir = stack["tmp"] / "var" / "mail"

    def sent() -> list:
        found = []
        for path_ in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            found += [message_from_string(chunk) for chunk in path_.read_text().split("-" * 79 + "\n") if chunk.strip()]
        return found

    def delivered() -> bool:
        recipients = Counter(parseaddr(m["To"])[1] for m in sent())
        participants = sum(1 for address in recipients if address.startswith("deltagare"))
        return participants == 30 and recipients[stack["coordinator"]] >= 1

    _wait_until(delivered, timeout=120, what="30 confirmations and the coordinator's alert")
    log = (stack["tmp"] / "stack.log").read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log


def test_a_session_warning_as_long_as_the_session_itself_is_refused_at_start_up():
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=_env(DJANGO_DEBUG="1", SESSION_IDLE_MINUTES="5", SESSION_WARNING_MINUTES="5"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SESSION_WARNING_MINUTES must be at least 1 and less than SESSION_IDLE_MINUTES." in result.stderr


@pytest.mark.django_db
def test_the_apps_postgresql_connections_run_without_the_jit_compiler():
    # JIT compiled the course list's plan on every request: 3.1 s of a 3.7 s query (issue 13).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_production_connections_persist_and_are_checked_before_reuse():
    from django.conf import settings

    database = settings.DATABASES["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (600, True)

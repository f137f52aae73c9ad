"""The set-up contract: the embedded default runs without servers, production settings are
strict, and the translation catalogues are complete."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_VARS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY", "EMAIL_URL", "DJANGO_HTTPS")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARS and not k.startswith("DJANGO_")}
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_embedded_default_migrates_and_serves_healthz_and_login(tmp_path):
    env = _env(DJANGO_DEBUG="1", DJANGO_DEMO="1", DIALOGKURS_VAR_DIR=str(tmp_path))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=300)
    out = subprocess.run(
        [*manage, "load_demo"], env=env, cwd=ROOT, check=True, timeout=120, capture_output=True, text=True
    )
    assert "coordinator@demo.dialogkurs.se" in out.stdout
    assert (tmp_path / "dialogkurs.sqlite3").exists()

    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
        server.terminate()
        server.wait(timeout=20)


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

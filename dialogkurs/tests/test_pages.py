from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down():
    # A separate process configured with a broker port nothing listens on: the real Redis
    # client gets a real "connection refused".
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', HTTP_HOST='localhost');"
        "print(r.status_code, json.dumps(r.json(), sort_keys=True))"
    )
    # The maintenance database always exists; the app's own may not outside the test run.
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "DJANGO_SETTINGS_MODULE": "dialogkurs.settings",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '503 {"broker": "down", "database": "ok", "status": "unavailable"}'


def test_security_headers_are_set_on_every_page(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_pages_have_landmarks_skip_link_and_language(client):
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<html lang="sv">' in body
    assert 'href="#main"' in body
    assert '<main id="main"' in body
    assert "<header>" in body and "<footer" in body
    assert 'name="language"' in body


@pytest.mark.parametrize(("language", "heading"), [("en", "Log in"), ("sv", "Logga in"), ("nb", "Logg inn")])
def test_login_page_speaks_three_languages(client, language, heading):
    client.cookies["django_language"] = language
    body = client.get(reverse("login")).content.decode()
    assert f"<h1>{heading}</h1>" in body


def test_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Accessibility statement" in response.content.decode()


def test_server_error_page_renders_without_context():
    from django.test import RequestFactory

    from dialogkurs.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_accessibility_statement_is_public(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.content.decode()

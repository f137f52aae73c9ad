"""Several machines behave as one system (issue 13, README "Deployment"): two gunicorn
instances with the production gunicorn.conf.py and collected static files, two Celery workers
and one beat, all on one PostgreSQL (the test database) and one Redis of the test's own.

Each process gets only what the README says the machines share: DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL, DJANGO_SECRET_KEY (and the same code).
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from accounts.tests.factories import coordinator as make_coordinator
from reminders.models import ScheduledMessage
from reminders.tests.stack import ROOT, RedisServer, Stack, free_port, wait_until
from reminders.tests.test_reliability import due_notices

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "several-machines-password-1"
RATE_LIMIT = 3


class Instance:
    """One web machine: gunicorn on a port of its own."""

    def __init__(self, name: str, env: dict[str, str], tmp_path: Path):
        self.port = free_port()
        self.log = tmp_path / f"gunicorn-{name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "dialogkurs.wsgi"],
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, timeout=60, what=f"gunicorn {name}")

    def _answers(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def request(self, method: str, path: str, *, cookies: dict | None = None, data: dict | None = None):
        headers = {"Host": "localhost"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        set_cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _eq, rest = value.partition("=")
                set_cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content, set_cookies

    def form(self, path: str, cookies: dict) -> str:
        """GET a form, keep its cookies; return its CSRF token."""
        _status, _headers, body, set_cookies = self.request("GET", path, cookies=cookies)
        cookies.update(set_cookies)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def machines(tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    base = redis.url.rsplit("/", 1)[0]
    stack = Stack(
        tmp_path,
        f"{base}/2",
        REDIS_URL=f"{base}/1",
        DJANGO_SECRET_KEY="several-machines-shared-secret-key-0123456789",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="localhost",
        DJANGO_STATIC_MANIFEST="1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        ENQUIRY_RATE_LIMIT=f"{RATE_LIMIT}/h",
        ENQUIRY_POST_RATE_LIMIT=f"{RATE_LIMIT}/h",
        REMINDERS_SWEEP_INTERVAL_SECONDS="1",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESSLOG="",
    )
    # As a deployment does once per release, before the web machines start.
    stack.run("collectstatic", "--noinput", "-v", "0")
    instances = []
    try:
        instances = [Instance(name, stack.env, tmp_path) for name in ("a", "b")]
        yield stack, instances
    finally:
        for instance in instances:
            instance.stop()
        stack.stop()
        redis.stop()


def test_two_web_instances_two_workers_and_one_beat_behave_as_one_system(machines, tmp_path):
    stack, (a, b) = machines
    coordinator = make_coordinator()
    # The test settings hash with MD5; the instances accept only what production accepts.
    coordinator.password = PBKDF2PasswordHasher().encode(PASSWORD, "severalmachines", iterations=1000)
    coordinator.save(update_fields=["password"])

    # A session made on one instance is valid on the other.
    cookies: dict[str, str] = {}
    token = a.form("/login/", cookies)
    status, _headers, _body, set_cookies = a.request(
        "POST",
        "/login/",
        cookies=cookies,
        data={"csrfmiddlewaretoken": token, "username": coordinator.email, "password": PASSWORD},
    )
    assert status == 302
    cookies.update(set_cookies)
    assert b.request("GET", "/trainings/", cookies=cookies)[0] == 200
    assert b.request("GET", "/trainings/", cookies={})[0] == 302  # and without it, the login page

    # The contact form's cap on all posts counts the posts to both instances together.
    answers = []
    for instance in (a, b, a, b):
        form_cookies: dict[str, str] = {}
        token = instance.form("/contact/", form_cookies)
        answers.append(
            instance.request("POST", "/contact/", cookies=form_cookies, data={"csrfmiddlewaretoken": token})[0]
        )
    assert answers == [200] * RATE_LIMIT + [429]  # an empty form is refused, but counted as a post

    # Hashed static files are cached for ever, by any instance.
    _status, _headers, page, _cookies = b.request("GET", "/login/")
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1).decode()
    status, headers, _body, _cookies = a.request("GET", stylesheet)
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"

    # Two workers and one beat: every due reminder is sent, once.
    due_notices(40)
    for name in ("w1", "w2"):
        stack.start_worker(name, REMINDERS_SWEEP_BATCH="5")
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dialogkurs",
            "beat",
            "--loglevel=INFO",
            f"--schedule={tmp_path / 'beat'}",
        ],
        env=stack.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.workers.append(beat)
    sent = ScheduledMessage.objects.filter(status=ScheduledMessage.Status.SENT)
    wait_until(lambda: sent.count() == 40, timeout=120, what="40 reminders sent")
    assert stack.recipients() == Counter({f"person{n}@example.org": 1 for n in range(40)})
    logs = [(tmp_path / f"worker-{name}.log").read_text() for name in ("w1", "w2")]
    assert all("reminders.send" in log for log in logs), "both workers sent"

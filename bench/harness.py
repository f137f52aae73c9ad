"""What the benchmarks share: the database, gunicorn, a small HTTP client and results.json.

Every benchmark runs on its own database and Redis (``make bench`` sets ``DATABASE_URL`` from
``BENCH_DATABASE_URL``; see the Makefile), never on the test database.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
SEED_STATE = ROOT / "var" / "bench-seed.json"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogkurs.settings")


def database_name(url: str | None = None) -> str:
    return urlsplit(url or os.environ["DATABASE_URL"]).path.lstrip("/")


def database_url(name: str) -> str:
    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{name}").geturl()


def ensure_database(name: str | None = None, *, fresh: bool = False) -> None:
    """Create the database (PostgreSQL) when it is missing; ``fresh`` drops it first."""
    import psycopg2

    url = urlsplit(os.environ["DATABASE_URL"])
    name = name or database_name()
    conn = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# --- gunicorn ---------------------------------------------------------------------------------


def server_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_BENCH": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_STATIC_MANIFEST": "0",
        "GUNICORN_ACCESSLOG": "",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


class Gunicorn:
    """gunicorn with the production ``gunicorn.conf.py`` on a free port of 127.0.0.1."""

    def __init__(self, *, env: dict[str, str] | None = None, log: Path | None = None):
        self.port = free_port()
        self.env = {**server_env(), **(env or {}), "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = log or ROOT / "var" / f"bench-gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "dialogkurs.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- HTTP ---------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def queries(self) -> int | None:
        value = self.headers.get("x-bench-queries")
        return int(value) if value is not None else None

    def csrf_token(self) -> str:
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        if not match:
            raise ValueError("no CSRF token on the page")
        return match.group(1).decode()


class Client:
    """One user's browser, reduced to cookies. A new connection per request, as a browser
    behind a load balancer often has."""

    def __init__(self, port: int, *, remote_addr: str | None = None):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.remote_addr = remote_addr

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"Host": "127.0.0.1", "Accept-Language": "sv"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        if self.remote_addr:
            headers["X-Real-IP"] = self.remote_addr
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        seconds = time.perf_counter() - start
        conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie, _sep, _attrs = value.partition(";")
                key, _eq, val = cookie.partition("=")
                if val in ('""', ""):
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, content, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> Response:
        return self.request("POST", path, data)

    def post_form(self, path: str, data: dict) -> Response:
        """GET the form for its CSRF token, then POST it."""
        token = self.get(path).csrf_token()
        return self.post(path, {"csrfmiddlewaretoken": token, **data})

    def login(self, email: str, password: str) -> None:
        """Log in as a person would: the password, then, where the account asks for it, the
        code the authenticator app shows (the seeded administrators and network clinicians have
        one: ``demo/scale/trainings.py``). Exits when either step is refused, so that no page
        is timed on a half-logged-in session that answers every page with a redirect."""
        response = self.post_form("/login/", {"username": email, "password": password})
        if response.status != 302:
            raise SystemExit(f"could not log in as {email}: {response.status}")
        # The page after the password sends to the second step when the account needs one.
        landing = urlsplit(self.get(response.headers["location"]).headers.get("location", "")).path
        if landing == TWO_FACTOR_SETUP_URL:
            raise SystemExit(f"{email} must log in with two factors but has no authenticator; seed again")
        if landing == TWO_FACTOR_URL:
            token = self.get(TWO_FACTOR_URL).csrf_token()
            response = self.post(TWO_FACTOR_URL, {"csrfmiddlewaretoken": token, "token": code_for(email)})
            if response.status != 302:
                raise SystemExit(f"the second factor of {email} was refused: {response.status}")


TWO_FACTOR_URL = "/account/two-factor/"
TWO_FACTOR_SETUP_URL = "/account/two-factor/setup/"


def code_for(email: str) -> str:
    """The code the user's authenticator app shows now (django must be set up): the device's key
    is read from the database, as the phone holds it. A code already used is not accepted twice,
    so a second login within the same 30 seconds gets the next step's code, which django-otp's
    tolerance of one step accepts."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from dialogkurs.testing.two_factor import current_code

    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).order_by("pk").first()
    if device is None:
        raise SystemExit(f"{email} must log in with two factors but has no authenticator; seed again")
    return current_code(device)


# --- Leaving the data set as it was ------------------------------------------------------------


def _forget_outbox(model, ids) -> None:
    """Delete the outbox rows about these objects of ``model``."""
    from django.contrib.contenttypes.models import ContentType

    from reminders.models import ScheduledMessage

    ScheduledMessage.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids).delete()


def forget_registrations(registrations) -> int:
    """Delete registrations a benchmark made (a queryset), with their outbox rows and the
    participants who hold no other place, so that the next run measures the seeded data set and
    not what earlier runs added: 5,000 sign-ups on the course the sign-up form is timed on made
    every later sign-up count them under the course's lock. Returns how many were deleted."""
    from django.db import transaction

    from participants.models import Participant, Registration

    with transaction.atomic():
        pairs = list(registrations.values_list("pk", "participant_id"))
        ids = [pk for pk, _person in pairs]
        _forget_outbox(Registration, ids)
        Registration.objects.filter(pk__in=ids).delete()
        Participant.objects.filter(pk__in={person for _pk, person in pairs}, registrations=None).delete()
    return len(ids)


def forget_course(course) -> None:
    """Delete a course a benchmark booked, its people and everything planned about it (a course
    of 200 registrations three years ahead otherwise heads every later run's course list)."""
    from django.db import transaction

    from sessions_app.models import Course

    with transaction.atomic():
        forget_registrations(course.registrations.all())
        _forget_outbox(Course, [course.pk])
        for related in (course.half_days, course.assignments):
            _forget_outbox(related.model, list(related.values_list("pk", flat=True)))
        Course.objects.filter(pk=course.pk).delete()


# --- results.json -----------------------------------------------------------------------------


@dataclass
class Result:
    """One row of bench/results.json: a target, what was measured and whether it passed."""

    name: str
    kind: str  # page | signups | sweep | reminders | seed
    passed: bool
    target: str
    measured: dict = field(default_factory=dict)


def save_results(rows: list[Result], *, replace_kind: str | None = None) -> None:
    """Write rows into results.json, replacing earlier rows of the same names (or of a kind)."""
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"results": []}
    names = {row.name for row in rows}
    kept = [r for r in existing["results"] if r["name"] not in names and r["kind"] != replace_kind]
    existing["results"] = kept + [asdict(row) for row in rows]
    existing["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    RESULTS.write_text(json.dumps(existing, indent=1, ensure_ascii=False) + "\n")


def median(values: list[float]) -> float:
    return statistics.median(values)

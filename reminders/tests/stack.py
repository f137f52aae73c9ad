"""The real stack for the reliability tests: a private Redis server, Celery worker processes
and management commands run as subprocesses against the test database, e-mail as files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from email import message_from_string
from email.utils import parseaddr
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "reminders" / "tests" / "run_with_test_kinds.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], *, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


class RedisServer:
    """A redis-server of our own on a free port, which the test may stop and start again."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / f"redis-{self.port}.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=20, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Stack:
    """Processes sharing the test database, one broker and one mail folder."""

    def __init__(self, tmp_path: Path, broker_url: str, **env: str):
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            # django-environ reads the path after "filemail://", so an absolute one needs a slash more.
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
            "DIALOGKURS_VAR_DIR": str(tmp_path / "var"),
            **env,
        }
        self.workers: list[subprocess.Popen] = []

    def run(self, *args: str, timeout: float = 120, **env: str) -> str:
        """A management command (or `exec "code"`) in its own process; returns its stdout."""
        result = subprocess.run(
            [sys.executable, str(RUNNER), *args],
            env={**self.env, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-4000:]
        return result.stdout

    def start_worker(self, name: str, *options: str, **env: str) -> subprocess.Popen:
        """A worker (the solo pool unless ``options`` say otherwise, e.g. ``--pool=prefork``)."""
        log = self.tmp_path / f"worker-{name}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                str(RUNNER),
                "worker",
                "-n",
                f"{name}@%h",
                "--loglevel=INFO",
                f"--logfile={log}",
                *options,
            ],
            env={**self.env, **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(process)
        wait_until(lambda: log.exists() and " ready." in log.read_text(), timeout=90, what=f"worker {name} ready")
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.terminate()
        for process in self.workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)

    def mails(self) -> list:
        """Every e-mail written so far, parsed (the file backend may put several in one file)."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text().split("-" * 79 + "\n"):
                if chunk.strip():
                    found.append(message_from_string(chunk))
        return found

    def recipients(self) -> Counter:
        """How many e-mails each address got."""
        return Counter(parseaddr(m["To"])[1] for m in self.mails())

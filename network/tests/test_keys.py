"""Production refuses to start without encryption keys, with one clear line; a bad key is named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "FIELD_ENCRYPTION_KEYS"}
    base.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop")
    base.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        env=base,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_encryption_keys():
    result = _check()
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "django.core.exceptions.ImproperlyConfigured: FIELD_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off "
        "(comma-separated Fernet keys, see README)."
    )


@pytest.mark.parametrize("keys", ["not-a-key", "dGVzdC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=,short"])
def test_a_key_that_is_not_a_fernet_key_is_named(keys):
    result = _check(FIELD_ENCRYPTION_KEYS=keys)
    assert result.returncode != 0
    number = len(keys.split(","))
    assert f"FIELD_ENCRYPTION_KEYS: key {number} is not a Fernet key" in result.stderr

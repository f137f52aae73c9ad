"""The layout of DESIGN §4 holds: arrows point down (the import contract in .importlinter is
kept, and it covers every app of ours), and templates ask the models instead of comparing
status strings."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _contract_root_packages() -> set[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return set(config["importlinter"]["root_packages"].split())


def _local_apps() -> set[str]:
    """The installed apps whose code is in this repository (not in .venv or node_modules)."""
    ours = set()
    for app in apps.get_app_configs():
        path = Path(app.path)
        if path.is_relative_to(ROOT) and path.relative_to(ROOT).parts[0] not in (".venv", "node_modules"):
            ours.add(app.name)
    return ours


def test_every_app_of_ours_is_in_the_import_contract():
    # A new app (network/, reports/…) must be added to root_packages, or its imports go unchecked.
    assert _local_apps() | {"dialogkurs"} == _contract_root_packages()


def test_the_import_contract_is_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache", "--config", ROOT / ".importlinter"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A comparison of a state field (status, kind, topic…) inside a template tag: the rule it
# encodes belongs on the model (``course.can_be_marked_delivered``) or in permissions.py.
STATE_COMPARISON = re.compile(
    r"{%[^%]*?\.(?:status|kind|topic|\w+_status)\s*(?:==|!=|\bin\b)|{%[^%]*?(?:==|!=)\s*\w*Status\.",
)


def _templates() -> list[Path]:
    ours = [ROOT / "templates", *(Path(app.path) / "templates" for app in apps.get_app_configs())]
    return sorted(
        path
        for folder in ours
        if folder.is_relative_to(ROOT) and ".venv" not in folder.parts
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt")
    )


def test_no_template_compares_a_state_string():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in STATE_COMPARISON.finditer(path.read_text())
    ]
    assert found == []


def test_the_state_comparison_check_finds_what_it_looks_for():
    for sample in (
        '{% if course.status == "confirmed" %}',
        "{% elif enquiry.status == Status.NEW or x %}",
        "{% if half_day.assignment_status != 'invited' %}",
        '{% if event.kind == "note" %}',
    ):
        assert STATE_COMPARISON.search(sample), sample
    assert not STATE_COMPARISON.search("{% if course.can_be_marked_delivered %}{{ course.status }}")

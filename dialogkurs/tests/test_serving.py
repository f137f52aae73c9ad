"""What gunicorn's master builds and freezes before it forks (dialogkurs/serving.py, gunicorn.conf.py;
issue 13: full garbage collections of ~80 ms in the workers)."""

from __future__ import annotations

import gc
import logging
import resource
import runpy
from pathlib import Path

import pytest
from django.template import engines

from dialogkurs.serving import warm_up, with_stack_room

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


class _Arbiter:
    """What gunicorn's hooks use of its arbiter: its log."""

    log = logging.getLogger("gunicorn.error")


@pytest.fixture
def empty_template_cache():
    loader = engines["django"].engine.template_loaders[0]
    if not hasattr(loader, "get_template_cache"):
        pytest.skip("templates are not cached (DEBUG): nothing to build before the fork")
    loader.reset()
    yield loader
    loader.reset()


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_warm_up_compiles_every_template_without_touching_the_database(empty_template_cache):
    # No `db` fixture: a query (or a connection) before the fork fails this test.
    compiled = warm_up()

    cached = empty_template_cache.get_template_cache
    assert compiled >= 100
    for name in ("base.html", "includes/form.html", "enquiries/enquiry_form.html", "admin/base.html"):
        assert name in cached, name


def _config(monkeypatch, **env: str) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_master_warms_up_and_freezes_the_heap_before_each_fork(monkeypatch, empty_template_cache, unfrozen):
    config = _config(monkeypatch, GUNICORN_PRELOAD="1", GUNICORN_WARM_UP="1")

    config["when_ready"](_Arbiter())
    assert "base.html" in empty_template_cache.get_template_cache
    config["pre_fork"](_Arbiter(), None)
    assert gc.get_freeze_count() > 10_000


@pytest.mark.parametrize("env", [{"GUNICORN_WARM_UP": "0"}, {"GUNICORN_PRELOAD": "0"}])
def test_no_warm_up_or_freeze_when_turned_off_or_without_preloading(monkeypatch, empty_template_cache, unfrozen, env):
    config = _config(monkeypatch, **{"GUNICORN_PRELOAD": "1", "GUNICORN_WARM_UP": "1", **env})

    config["when_ready"](_Arbiter())
    config["pre_fork"](_Arbiter(), None)
    assert not empty_template_cache.get_template_cache
    assert gc.get_freeze_count() == 0


# --- Room on the frame stack (dialogkurs.serving.with_stack_room) ------------------------------


def _leaf():
    return None


def _faults_of_calls_at(depth: int, calls: int = 300) -> int:
    """Minor page faults of ``calls`` calls made ``depth`` frames below here."""
    if depth:
        return _faults_of_calls_at(depth - 1, calls)
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for _ in range(calls):
        _leaf()
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before


def _worst_depth_scan(_environ=None, _start_response=None) -> int:
    """The most faults of calls at any of 400 depths below here (a ~40 KiB deep range, so at
    least two 16 KiB chunk boundaries when there is no room)."""
    return max(_faults_of_calls_at(depth) for depth in range(400))


def test_calls_across_a_stack_chunk_boundary_map_no_memory_in_a_request():
    worst_outside = _worst_depth_scan()
    if worst_outside < 150:  # a mapping a call: one fault each
        pytest.skip("this Python keeps a spare frame-stack chunk (gh-142183 fixed): nothing to avoid")

    worst_inside = with_stack_room(_worst_depth_scan)({}, None)

    assert worst_inside < 30, (worst_outside, worst_inside)


@pytest.mark.django_db
def test_the_wsgi_application_answers_through_the_room_unchanged():
    from django.test import RequestFactory

    from dialogkurs.wsgi import application

    answers = []
    body = b"".join(application(RequestFactory().get("/login/").environ, lambda *answer: answers.append(answer)))
    assert answers[0][0] == "200 OK"
    assert b'name="password"' in body

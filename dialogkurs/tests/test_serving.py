"""What gunicorn's master builds and freezes before it forks (dialogkurs/serving.py, gunicorn.conf.py;
issue 13: full garbage collections of ~80 ms in the workers)."""

from __future__ import annotations

import gc
import logging
import runpy
from pathlib import Path

import pytest
from django.template import engines

from dialogkurs.serving import warm_up

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

"""The suite's processes (pytest-xdist) each get their own Redis databases."""

from dialogkurs.testing.workers import move_redis_databases


def test_first_worker_keeps_the_configured_databases():
    environ = {"REDIS_URL": "redis://127.0.0.1:6379/1", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2"}
    move_redis_databases(environ, "gw0")
    assert environ == {"REDIS_URL": "redis://127.0.0.1:6379/1", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2"}


def test_later_workers_take_the_next_pairs():
    environ = {"REDIS_URL": "redis://127.0.0.1:6379/1", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2"}
    move_redis_databases(environ, "gw2")
    assert environ == {"REDIS_URL": "redis://127.0.0.1:6379/5", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/6"}


def test_the_span_of_the_numbers_decides_the_step_and_other_brokers_are_left_alone():
    environ = {"REDIS_URL": "redis://:secret@cache.example.org:6380/3", "CELERY_BROKER_URL": "filesystem://"}
    move_redis_databases(environ, "gw1")
    assert environ == {"REDIS_URL": "redis://:secret@cache.example.org:6380/4", "CELERY_BROKER_URL": "filesystem://"}


def test_this_process_reads_the_moved_databases():
    """The move ran before the settings were read: each worker's cache and broker are its own
    (in a single-process run the URLs are the given ones)."""
    from django.conf import settings

    from dialogkurs.testing import workers

    expected = dict(workers.GIVEN)
    if workers.WORKER:
        move_redis_databases(expected, workers.WORKER)
    assert expected["REDIS_URL"] == settings.REDIS_URL
    assert expected["CELERY_BROKER_URL"] == settings.CELERY_BROKER_URL

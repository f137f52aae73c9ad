"""Project-wide pages: health check, accessibility statement, error pages."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def accessibility(request):
    minutes = {
        "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
        "warning_minutes": int(settings.SESSION_WARNING.total_seconds() // 60),
    }
    return render(request, "accessibility.html", minutes)


@login_required
def bench_floor(request):
    """The benchmark's floor (only routed with DJANGO_BENCH=1): the same middleware, login and
    base template as every page, with no content of its own."""
    return render(request, "bench/floor.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not reachable" for the health check
        logger.exception("health check: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:
        logger.warning("health check: broker unreachable", exc_info=True)
        return False


@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **{k: "ok" if v else "down" for k, v in checks.items()}},
        status=200 if healthy else 503,
    )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without the request context: whatever broke may be in a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render({"request_path": request.path}))

"""How the app is served (issue 13): what gunicorn's master does once before it forks the workers
(gunicorn.conf.py), and the room every request gets on CPython's frame stack (wsgi.py).

Django builds much of a process's heap lazily, on the first requests: the URL patterns, every
compiled template (the cached template loader), the translation catalogues. Built in each worker,
these objects are the worker's own and its garbage collector walks them in every full
collection: 76 ms a collection in a worker after a few pages, a pause that lands on whatever
page is being answered (the benchmark's ~100 ms outliers on pages that run no query). Built once
in the master instead, they are shared by every worker (copy-on-write) and frozen with the rest
of the preloaded app (``gc.freeze()`` in gunicorn.conf.py's ``pre_fork``): a worker's full
collection then walks only what it made itself, 3–10 ms.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from pathlib import Path


def warm_up() -> int:
    """Build what the first requests would build: the URL patterns, every template of every
    template directory (compiled into the cached loader), each language's catalogue. Opens no
    database connection (a connection made before the fork would be shared by the workers).
    Returns the number of templates compiled."""
    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver()._populate()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
    compiled = 0
    for engine in engines.all():
        for loader in getattr(engine, "engine", engine).template_loaders:
            for directory in map(Path, loader.get_dirs() if hasattr(loader, "get_dirs") else ()):
                for path in sorted(directory.rglob("*.html")):
                    try:
                        engine.get_template(path.relative_to(directory).as_posix())
                    except (TemplateDoesNotExist, TemplateSyntaxError):
                        # A fragment written for another engine, or a library not installed:
                        # the page that uses it (if any) fails as it would have.
                        continue
                    compiled += 1
    return compiled


def freeze_heap() -> None:
    """Move every object the process holds now to the collector's permanent generation (once
    garbage is collected, so that none of it is kept for ever)."""
    gc.collect()
    gc.freeze()


# --- Room on the frame stack -----------------------------------------------------------------
# CPython (3.11 to 3.13) keeps the frames of Python calls in chunks of 16 KiB: a call that does
# not fit in the current chunk maps a new one (mmap) and unmaps it when it returns (munmap, and
# the pages fault in again on the next call). A loop that calls across that boundary pays both on
# every call, ~20 µs each on this machine: rendering a form through crispy's nested templates
# crossed it ~200 times a request, 4–8 ms of the contact form's 13 ms (its CPU at other stack
# depths: 8.6 ms). CPython issue gh-142183: fixed (one spare chunk kept per thread) on CPython's
# main branch and backported to 3.13 in March 2026 (gh-145789, gh-146123); this wrapper can go
# when the project runs on a fixed release.
#
# A request gets a chunk of its own with room to spare instead: the first call below has a frame
# of ~64 KiB (unused local slots), so CPython maps a 128 KiB chunk for it and the request's own
# calls fit in the other half (the pages measured, crispy forms and the course pages included,
# need less than 32 KiB). Costs one mapping and ~17 page faults a request, ~0.2 ms.

STACK_ROOM_SLOTS = 8_300  # 8 bytes each: just over half of a 128 KiB chunk


def _call(app, environ, start_response):
    return app(environ, start_response)


_code = _call.__code__
# On a Python whose code objects differ, no room is made: requests are served as without it.
with contextlib.suppress(TypeError, ValueError):
    _call.__code__ = _code.replace(
        co_varnames=_code.co_varnames + tuple(f"_unused{i}" for i in range(STACK_ROOM_SLOTS)),
        co_nlocals=_code.co_nlocals + STACK_ROOM_SLOTS,
    )


def with_stack_room(app: Callable) -> Callable:
    """The WSGI application ``app``, each request called in a frame-stack chunk of its own with
    room for all its calls (see above). The response's iterable is returned as ``app`` made it."""

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        return _call(app, environ, start_response)

    return application

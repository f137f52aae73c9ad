"""What gunicorn's master does once before it forks the workers (gunicorn.conf.py, issue 13).

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

import gc
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

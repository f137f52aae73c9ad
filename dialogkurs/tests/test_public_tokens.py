"""Public pages reached by a token: a malformed token is a 404 before any query, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ALLOWED_CONVERTERS = {
    "IntConverter",
    "PublicTokenConverter",
    "CodeNameConverter",
    "ExportFormatConverter",
    "PasswordResetUidConverter",
    "PasswordResetTokenConverter",
}
# Pages outside the app's own code: the admin's object ids are its own business (staff only).
FOREIGN_NAMESPACES = {"admin"}


def _routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(full route, name, converters) of every URL pattern, includes followed."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:  # a regex pattern (the admin's app index)
            route = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace and namespace else entry.namespace or namespace
            yield from _routes(entry.url_patterns, prefix + route, inner or "")
        elif isinstance(entry, URLPattern):
            yield prefix + route, f"{namespace}:{entry.name}" if namespace else entry.name, entry.pattern.converters


# Every public page reached by a token, with a well-formed (made-up) value for each parameter.
PUBLIC_TOKEN_URLS = {
    "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "cf4rp9-0123456789abcdef0123456789abcdef"},
    "evaluations:evaluation_answer": {"token": "E" * 43},
    "participants:registration_cancel_public": {"token": "C" * 32},
    "participants:signup": {"token": "S" * 32},
    "participants:signup_done": {"token": "D" * 32},
    "sessions_app:facilitator_feed": {"token": "F" * 32},
}


def test_every_public_token_url_goes_through_a_token_converter():
    from dialogkurs import converters

    kinds = (
        converters.PublicTokenConverter,
        converters.PasswordResetUidConverter,
        converters.PasswordResetTokenConverter,
    )
    names = sorted(name for _route, name, found in _routes() if any(isinstance(c, kinds) for c in found.values()))
    assert names == sorted(PUBLIC_TOKEN_URLS)


def test_no_url_of_the_app_takes_a_free_text_parameter():
    """Every parameter is a number or a token of a known shape: a free-text ``<str:…>`` would
    reach a query with whatever was typed (a NUL byte makes PostgreSQL refuse it: a 500)."""
    loose = [
        (route, type(converter).__name__)
        for route, name, found in _routes()
        if (name or "").split(":")[0] not in FOREIGN_NAMESPACES
        for converter in found.values()
        if type(converter).__name__ not in ALLOWED_CONVERTERS
    ]
    assert loose == []


BAD_TOKENS = {
    "nul": "%00",
    "nul-inside": quote("a" * 20) + "%00" + quote("b" * 20),
    "over-long": "A" * 65,
    "very-long": "A" * 5000,
    "non-ascii": quote("åäöÅÄÖæøÆØ" * 3),
    "non-ascii-digits": quote("١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨"),  # Arabic-Indic digits: \d would take them
    "too-short": "abc",
    "dots": "..%2F..%2F" + "a" * 20,
    "line-break": quote("a" * 20 + "\r\n" + "b" * 20),
}


@pytest.mark.parametrize("bad", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_public_token_url_answers_a_malformed_token_with_404(client, method, bad):
    client.raise_request_exception = False
    answers = {}
    with CaptureQueriesContext(connection) as queries:
        for name, kwargs in PUBLIC_TOKEN_URLS.items():
            url = reverse(name, kwargs=kwargs)
            for value in kwargs.values():
                url = url.replace(f"/{value}", f"/{bad}", 1)
            answers[url] = getattr(client, method)(url).status_code
    assert answers == dict.fromkeys(answers, 404)
    # Not one query: a malformed token never reaches the database.
    assert [query["sql"] for query in queries.captured_queries] == []

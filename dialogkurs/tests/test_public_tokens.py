"""Public pages reached by a token: a malformed token is a 404 before any query, never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from dialogkurs import converters

pytestmark = pytest.mark.django_db

TOKEN_CONVERTERS = (
    converters.PublicTokenConverter,
    converters.PasswordResetUidConverter,
    converters.PasswordResetTokenConverter,
)
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


def _token_routes():
    return [
        (route, name, found)
        for route, name, found in _routes()
        if any(isinstance(c, TOKEN_CONVERTERS) for c in found.values())
    ]


def test_every_public_token_url_goes_through_a_token_converter():
    names = sorted(name for _route, name, _found in _token_routes())
    assert names == [
        "accounts:password_reset_confirm",
        "participants:evaluation_answer",
        "participants:registration_cancel_public",
        "participants:signup",
        "participants:signup_done",
        "sessions_app:facilitator_feed",
    ]


def test_no_url_of_the_app_takes_a_free_text_parameter():
    """Every parameter is a number or a token of a known shape: a free-text ``<str:…>`` would
    reach a query with whatever was typed (a NUL byte makes PostgreSQL refuse it: a 500)."""
    loose = [
        (route, type(converter).__name__)
        for route, name, found in _routes()
        if (name or "").split(":")[0] not in FOREIGN_NAMESPACES
        for converter in found.values()
        if not isinstance(converter, (*TOKEN_CONVERTERS, IntConverter))
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


def _url(route: str, bad: str) -> str:
    """The route with every converter replaced by ``bad`` (the int ones by a real-looking id)."""
    parts, rest = [], route
    while "<" in rest:
        before, _, after = rest.partition("<")
        spec, _, rest = after.partition(">")
        kind = spec.split(":")[0] if ":" in spec else "str"
        parts += [before, "1" if kind == "int" else bad]
    return "/" + "".join(parts) + rest


@pytest.mark.parametrize("bad", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_public_token_url_answers_a_malformed_token_with_404(client, method, bad, django_assert_num_queries):
    client.raise_request_exception = False
    routes = _token_routes()
    assert routes
    for route, name, _found in routes:
        url = _url(route, bad)
        # Not one query: the token never reaches the database.
        with django_assert_num_queries(0):
            response = getattr(client, method)(url)
        assert (name, url, response.status_code) == (name, url, 404)

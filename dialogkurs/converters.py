"""URL converters for every public token: the one place that says what a token looks like.

A public page reached by a token — the sign-up link, the page after signing up, a personal
cancel link, a facilitator's calendar feed, an evaluation link, a password-reset link — takes
it through one of these converters. A value of any other shape (a NUL byte, which PostgreSQL
refuses in a query; a string longer than the column it would be compared with; non-ASCII)
does not match, so the URL resolves to a 404 before any query is made.

Every urls.py that uses them imports this module, which registers them once.
"""

from __future__ import annotations

from django.urls import register_converter


class PublicTokenConverter:
    """``<token:…>``: the app's own tokens. ``secrets.token_urlsafe(24)`` (sign-up, cancel and
    calendar tokens: 32 characters) and base64url HMAC digests (evaluation links: 43); at most
    the 64 characters of the columns that hold them."""

    regex = "[A-Za-z0-9_-]{16,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PasswordResetUidConverter(PublicTokenConverter):
    """``<reset_uid:…>``: the account id in a password-reset link (Django's base64url pk)."""

    regex = "[A-Za-z0-9_-]{1,32}"


class PasswordResetTokenConverter(PublicTokenConverter):
    """``<reset_token:…>``: Django's reset token (base-36 time, a dash, hex digest), or the
    placeholder ``set-password`` Django redirects to once the token is in the session."""

    regex = "set-password|[0-9a-z]{1,13}-[0-9a-f]{20,64}"


class _PlainConverter:
    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CodeNameConverter(_PlainConverter):
    """``<code:…>``: a fixed name of ours in a URL (a report, a table of it): lower-case ASCII
    letters, digits and dashes, at most 40 — never free text."""

    regex = "[a-z0-9][a-z0-9-]{0,39}"


class ExportFormatConverter(_PlainConverter):
    """``<export_format:…>``: the download formats, ``csv`` and ``xlsx``."""

    regex = "csv|xlsx"


register_converter(PublicTokenConverter, "token")
register_converter(CodeNameConverter, "code")
register_converter(ExportFormatConverter, "export_format")
register_converter(PasswordResetUidConverter, "reset_uid")
register_converter(PasswordResetTokenConverter, "reset_token")

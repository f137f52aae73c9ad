"""Two factors before any page (accounts/two_factor.py)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor

# What a half-logged-in user may still reach: the second step itself, logging out, changing the
# interface language, static files, the health check and the accessibility statement.
ALLOWED_URL_NAMES = (
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "logout",
    "set_language",
    "healthz",
    "accessibility",
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if two_factor.must_verify(request) and not self._allowed(request.path):
            target = "accounts:two_factor" if two_factor.has_two_factor(request.user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return any(path == reverse(name) for name in ALLOWED_URL_NAMES)

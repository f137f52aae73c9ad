"""Role checks shared by every app's views. Object-level checks live in each app."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role


def role_required(*roles: Role):
    """View decorator: anonymous → login page; logged in without one of ``roles`` → 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def axes_username(request, credentials: dict | None) -> str | None:
    """The account a login attempt is for, as django-axes should count it."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if username else None

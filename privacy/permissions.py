"""Who may use the privacy pages: administrators only (the audit search, a person's data,
erasure, the record of processing). Every view of this app asks here."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def can_use_privacy_pages(user) -> bool:
    return bool(user.is_authenticated and user.is_administrator)


def administrator_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_use_privacy_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped

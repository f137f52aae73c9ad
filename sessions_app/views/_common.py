"""Helpers shared by the trainings views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Course
from ..permissions import can_manage, course_for


def course_or_404(request, pk: int, *, manage: bool = False, page: str | None = None) -> Course:
    """The course if the user may see it (else 404); with ``manage``, a 403 for those who may
    see it but not change it (the course's facilitators). ``page``: as ``course_for``."""
    course = course_for(request.user, pk, page=page)
    if manage and not can_manage(request.user, course):
        raise PermissionDenied
    return course


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default

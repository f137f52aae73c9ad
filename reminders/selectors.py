"""Read queries for the outbox pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import ScheduledMessage


def _visible(user: User) -> QuerySet[ScheduledMessage]:
    rows = ScheduledMessage.objects.all()
    if not user.is_administrator:
        # Coordinators never see network cases, not even who is reminded about them.
        rows = rows.exclude(content_type__app_label__in=settings.REMINDERS_HIDDEN_FROM_COORDINATORS)
    return rows


def message_list(*, user: User) -> QuerySet[ScheduledMessage]:
    """The rows ``user`` may see, latest first, with what each row is about (``filters`` narrows
    them)."""
    return _visible(user).select_related("content_type").prefetch_related("content_object").order_by("-due_at", "-id")


def message_get(*, user: User, pk: int) -> ScheduledMessage:
    return get_object_or_404(_visible(user).select_related("content_type"), pk=pk)


def message_find(*, user: User, pk: int) -> ScheduledMessage | None:
    return _visible(user).select_related("content_type").filter(pk=pk).first()


def message_latest_of_kind(*, user: User, kind: str) -> ScheduledMessage | None:
    return _visible(user).select_related("content_type").filter(kind=kind).order_by("-created_at", "-id").first()


def outbox_content_types(*, user: User) -> QuerySet[ContentType]:
    """The types of object the visible rows are about (for the filter)."""
    return ContentType.objects.filter(pk__in=_visible(user).values("content_type")).order_by("app_label", "model")


def kind_counts(*, user: User) -> dict[str, int]:
    return dict(_visible(user).values_list("kind").annotate(n=Count("id")).order_by())

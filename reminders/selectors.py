"""Read queries for the outbox pages."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Model, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from dialogkurs.statements import OneOf, prepared

from .models import ScheduledMessage


def _hidden_content_types(user: User) -> QuerySet[ContentType] | None:
    if user.is_administrator:
        return None
    # Coordinators never see network cases, not even who is reminded about them.
    return ContentType.objects.filter(app_label__in=settings.REMINDERS_HIDDEN_FROM_COORDINATORS)


def _visible(user: User) -> QuerySet[ScheduledMessage]:
    rows = ScheduledMessage.objects.all()
    hidden = _hidden_content_types(user)
    if hidden is not None:
        # content_type IN (subquery), not a join: a join makes every count and page of a million
        # rows read the content types beside them.
        rows = rows.exclude(content_type__in=hidden)
    return rows


def message_list(*, user: User) -> QuerySet[ScheduledMessage]:
    """The rows ``user`` may see, latest first (``filters`` narrows them). Their content types
    are not joined: the few there are come from ContentType's cache (``message_objects_fetch``)."""
    return _visible(user).order_by("-due_at", "-id")


def _named(model: type[Model]) -> QuerySet:
    """``model``'s rows with the rows their name (``__str__``) is made of: those the model names
    in ``STR_SELECT_RELATED``, else every non-null foreign key (``select_related()``). A
    registration's name reads its participant and its course's workplace, not the course's
    organisation and coordinator: a third of the objects, and of the time, of a page of them."""
    # Unordered: the objects are matched to their rows by key, and a model's Meta.ordering cost
    # a join and a sort (a registration's is by its course's creation) and compiling them.
    rows = model._base_manager.order_by()
    related = getattr(model, "STR_SELECT_RELATED", None)
    if related is None:
        return rows.select_related()
    return rows.select_related(*related) if related else rows


def _named_by_ids(model: type[Model]):
    """``_named(model)`` for a bound list of ids, compiled once per process and model."""
    return prepared(("reminders:named", model._meta.label), lambda: _named(model).filter(OneOf("pk", "ids")))


def message_objects_fetch(rows: list[ScheduledMessage]) -> None:
    """Fetch what each of ``rows`` is about, with the rows its name is made of (``_named``): one
    query per kind of object, not one per row, each a kept statement (issue 13: a generic
    prefetch compiled its querysets on every page of the outbox). A row whose object is gone
    is about nothing (``content_object`` None), as after a prefetch."""
    by_type: dict[int, list[ScheduledMessage]] = defaultdict(list)
    for row in rows:
        by_type[row.content_type_id].append(row)
    about = ScheduledMessage._meta.get_field("content_object")
    # The content types from ContentType's cache: a join to every row made one of each.
    for type_id, its_rows in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        found = {}
        if model is not None:
            ids = sorted({row.object_id for row in its_rows})
            found = {obj.pk: obj for obj in _named_by_ids(model).fetch(ids=ids)}
        for row in its_rows:
            about.set_cached_value(row, found.get(row.object_id))


def message_get(*, user: User, pk: int) -> ScheduledMessage:
    return get_object_or_404(_visible(user).select_related("content_type"), pk=pk)


def message_find(*, user: User, pk: int) -> ScheduledMessage | None:
    return _visible(user).select_related("content_type").filter(pk=pk).first()


def message_latest_of_kind(*, user: User, kind: str) -> ScheduledMessage | None:
    return _visible(user).select_related("content_type").filter(kind=kind).order_by("-created_at", "-id").first()


def outbox_content_types(*, user: User) -> list[ContentType]:
    """The types of object the visible rows are about (for the filter); the statement compiled
    once per process for administrators and once for everyone else (dialogkurs.statements)."""

    def build() -> QuerySet[ContentType]:
        # One probe of the (content_type, object_id) index per type, not a scan of every row.
        types = ContentType.objects.filter(Exists(ScheduledMessage.objects.filter(content_type=OuterRef("pk"))))
        hidden = _hidden_content_types(user)
        if hidden is not None:
            types = types.exclude(pk__in=hidden)
        return types.order_by("app_label", "model")

    return prepared(("reminders:outbox_content_types", user.is_administrator), build).fetch()


def kind_counts(*, user: User) -> dict[str, int]:
    return dict(_visible(user).values_list("kind").annotate(n=Count("id")).order_by())

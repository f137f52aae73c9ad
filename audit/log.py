"""The one way a service writes the audit log: ``audit_record(obj, "action", ...)``.

Called inside the service's transaction, so the entry commits or rolls back with the change.
Who did it comes from the request (``audit.middleware.AuditActorMiddleware``) or from
``acting_as``; outside a request (Celery, management commands) it is the system.

Which values are kept: a changed field's old and new value only when the field cannot carry
personal data — numbers, dates, flags, references (as ids) and fields with fixed choices — and is
not health-related (``HEALTH_FIELDS``). Free text, names, e-mail and phone are recorded as "changed"
without their values, so the log never holds what retention or erasure has to remove.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, Origin

# Health-related fields (DESIGN §8): only the fact of a change, never the value, even though
# their values are fixed choices. "app_label.model" → field names.
HEALTH_FIELDS: dict[str, frozenset[str]] = {
    "participants.participant": frozenset({"perspective"}),
    "sessions_app.facilitator": frozenset(
        {"lived_experience", "lived_experience_consent", "lived_experience_consent_at", "lived_experience_consent_by"}
    ),
}

_actor: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user, origin: str | None = None) -> Iterator[None]:
    """Entries written inside are by ``user`` (None: anonymous, a public page)."""
    if origin is None:
        origin = Origin.USER if user is not None else Origin.PUBLIC
    token = _actor.set((user, origin))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[Any, str]:
    value = _actor.get()
    if value is None:
        return None, Origin.SYSTEM
    user, origin = value
    if user is not None and not getattr(user, "is_authenticated", False):
        return None, Origin.PUBLIC
    return user, origin


def value_is_kept(field: models.Field, label: str) -> bool:
    """Whether the audit log may keep this field's values (else only the fact of a change)."""
    if field.name in HEALTH_FIELDS.get(label, ()):
        return False
    if field.is_relation:
        return True  # kept as the id
    if getattr(field, "choices", None):
        return True
    return not isinstance(field, (models.CharField, models.TextField, models.JSONField, models.BinaryField))


def _label(obj: models.Model) -> str:
    return obj._meta.label_lower


def _value(obj: models.Model, field: models.Field) -> Any:
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname)
    value = getattr(obj, field.attname)
    if isinstance(value, (set, frozenset, tuple)):
        value = sorted(value)
    return value


def _field(obj: models.Model, name: str) -> models.Field:
    return obj._meta.get_field(name)


def audit_snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields``, to hand to ``audit_record(before=...)`` after the change."""
    return {name: _value(obj, _field(obj, name)) for name in fields}


def _change(field: models.Field, label: str, old: Any, new: Any, *, old_known: bool) -> dict:
    if not value_is_kept(field, label):
        return {}
    change = {"new": new}
    if old_known:
        change["old"] = old
    return change


def audit_record(
    obj: models.Model | None,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
    scope: models.Model | None = None,
    extra: dict[str, Any] | None = None,
    actor=None,
) -> AuditEntry:
    """Write one audit entry about ``obj`` (None: an action on no object, e.g. a data lookup).

    ``before``: a snapshot of fields before the change — those that differ now are recorded
    (old → new where values are kept). ``fields``: fields set by this action whose old values do
    not matter (a new object's status). ``scope``: the object whose page shows this entry too
    (a registration's training). ``extra``: counts or codes, never personal data."""
    changes: dict[str, dict] = {}
    label = _label(obj) if obj is not None else ""
    for name, old in (before or {}).items():
        field = _field(obj, name)
        new = _value(obj, field)
        if new != old:
            changes[name] = _change(field, label, old, new, old_known=True)
    for name in fields:
        if name not in changes:
            field = _field(obj, name)
            changes[name] = _change(field, label, None, _value(obj, field), old_known=False)
    who, origin = (actor, Origin.USER) if actor is not None else current_actor()
    entry = AuditEntry(
        actor=who if who is not None and who.pk else None,
        origin=origin,
        action=action,
        changes={**({"fields": changes} if changes else {}), **({"extra": extra} if extra else {})},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        entry.object_id = obj.pk
    if scope is not None:
        entry.scope_type = ContentType.objects.get_for_model(scope, for_concrete_model=True)
        entry.scope_id = scope.pk
    entry.save()
    return entry

"""Reading the audit log: an object's history, the administrators' search, and each entry in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogkurs.statements import Param, prepared

from .models import AuditEntry, Origin

# The actions services write, in words. An action missing here is shown as written.
ACTION_LABELS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    "confirm": gettext_lazy("confirmed"),
    "cancel": gettext_lazy("cancelled"),
    "mark_delivered": gettext_lazy("marked delivered"),
    "mark_followed_up": gettext_lazy("marked followed up"),
    "open_signup": gettext_lazy("sign-up link opened"),
    "close_signup": gettext_lazy("sign-up link closed"),
    "reschedule": gettext_lazy("rescheduled"),
    "invite": gettext_lazy("facilitator invited"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "register": gettext_lazy("registered"),
    "promote": gettext_lazy("promoted from the waitlist"),
    "record_attendance": gettext_lazy("attendance recorded"),
    "submit": gettext_lazy("submitted"),
    "rebook": gettext_lazy("rebooked"),
    "progress": gettext_lazy("progress recorded"),
    "record_followup": gettext_lazy("follow-up meeting recorded"),
    "status": gettext_lazy("status changed"),
    "assign": gettext_lazy("assigned"),
    "book": gettext_lazy("meeting booked"),
    "move": gettext_lazy("meeting moved"),
    "record_meeting": gettext_lazy("meeting recorded"),
    "add_note": gettext_lazy("note added"),
    "convert": gettext_lazy("draft training created"),
    "hand_over": gettext_lazy("handed over to the network team"),
    "anonymise": gettext_lazy("anonymised"),
    "erase": gettext_lazy("erased at the person's request"),
    "retention": gettext_lazy("personal data removed after the retention period"),
    "resend": gettext_lazy("sent again"),
    "set_roles": gettext_lazy("roles changed"),
    "remove_two_factor": gettext_lazy("two-factor login removed"),
    "renew_calendar_link": gettext_lazy("calendar link renewed"),
    "data_lookup": gettext_lazy("personal data looked up"),
    "data_export": gettext_lazy("personal data exported"),
    "consent": gettext_lazy("consent recorded"),
}

HISTORY_LENGTH = 25


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def object_history(obj: Model, *, limit: int = HISTORY_LENGTH) -> list[AuditEntry]:
    """The latest entries about ``obj`` and about what is shown on its page (its scope). Its
    statement is compiled once per process and kind of object (seven detail pages show it)."""
    meta = obj._meta.concrete_model._meta

    def build() -> QuerySet[AuditEntry]:
        # The content type as a subquery (PostgreSQL runs it once), so the page's query count
        # does not depend on whether this process has cached it yet.
        content_type = Subquery(
            ContentType.objects.filter(app_label=meta.app_label, model=meta.model_name).values("pk")[:1]
        )
        return (
            AuditEntry.objects.filter(
                Q(content_type_id=content_type, object_id=Param("pk"))
                | Q(scope_type_id=content_type, scope_id=Param("pk"))
            )
            .select_related("actor", "content_type")
            .order_by("-at", "-id")[:limit]
        )

    return prepared(("audit:object_history", meta.label, limit), build).fetch(pk=obj.pk)


def audit_entry_list() -> QuerySet[AuditEntry]:
    """Every entry, newest first (the ``audit_at`` index), with what each row shows; the
    administrators' search filters it (privacy.filters.AuditFilter)."""
    return AuditEntry.objects.select_related("actor", "content_type").order_by("-at", "-id")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None
    values_kept: bool


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed from the model
        return name


def _shown(model, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    try:
        field = model._meta.get_field(name)
    except Exception:
        field = None
    if field is not None and field.is_relation:
        return f"#{value}"
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and field is not None and field.get_internal_type() == "DateTimeField":
        parsed = datetime.fromisoformat(value)
        return formats.date_format(timezone.localtime(parsed), "SHORT_DATETIME_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def entry_changes(entry: AuditEntry) -> list[FieldChange]:
    model = entry.content_type.model_class() if entry.content_type_id else None
    changes = []
    for name, change in (entry.changes or {}).get("fields", {}).items():
        label = _field_label(model, name) if model else name
        if not change:
            changes.append(FieldChange(label, None, None, values_kept=False))
        else:
            old = _shown(model, name, change["old"]) if "old" in change else None
            changes.append(FieldChange(label, old, _shown(model, name, change.get("new")), values_kept=True))
    return changes


def entry_object(entry: AuditEntry) -> str:
    if not entry.content_type_id:
        return "—"
    model = entry.content_type.model_class()
    kind = str(model._meta.verbose_name) if model else entry.content_type.model
    return f"{kind} #{entry.object_id}"


def entry_actor(entry: AuditEntry) -> str:
    if entry.actor_id is not None:
        return str(entry.actor)
    return str(Origin(entry.origin).label)


def entry_summary(entry: AuditEntry) -> str:
    """The changes in one line (for the CSV and the pages)."""
    parts = []
    for change in entry_changes(entry):
        if not change.values_kept:
            parts.append(_("%(field)s changed") % {"field": change.field})
        elif change.old is None:
            parts.append(f"{change.field}: {change.new}")
        else:
            parts.append(f"{change.field}: {change.old} → {change.new}")
    extra = (entry.changes or {}).get("extra") or {}
    for key, value in extra.items():
        parts.append(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    return "; ".join(parts)

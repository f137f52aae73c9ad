from __future__ import annotations

from django import template

from dialogkurs.formatting import formatter

from ..selectors import action_label, entry_actor, entry_object, entry_summary, object_history

register = template.Library()


@register.inclusion_tag("audit/_history.html")
def audit_history(obj, heading_level: int = 2):
    """The object's history (its latest entries) for its page: only on pages whose viewer may
    see the object, so it asks no permission of its own."""
    when = formatter("SHORT_DATETIME_FORMAT")  # parsed once for the page's 25 rows
    rows = [
        {
            "entry": entry,
            "when": when(entry.at),
            "action": action_label(entry.action),
            "actor": entry_actor(entry),
            "object": entry_object(entry),
            "summary": entry_summary(entry),
        }
        for entry in object_history(obj)
    ]
    return {"rows": rows, "object_pk": obj.pk, "heading_level": heading_level}

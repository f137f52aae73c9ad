"""Single-line text: names, places, addresses and subjects that end up in e-mail headers.

A line break in a name (a CSV cell ``"line1\\r\\nBcc: x@y"``, a pasted address) once made every
e-mail to that person fail for good with ``BadHeaderError``. ``single_line`` is the one rule;
``SingleLineCharField`` applies it on every way into the database — a form (the form field),
``full_clean`` (``to_python``), ``save()`` and ``bulk_create`` (``pre_save``), and
``QuerySet.update`` (``get_prep_value``) — so a service, the CSV import and the admin need
nothing of their own.
"""

from __future__ import annotations

import re

from django import forms
from django.db import models

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators: everything a
# mail header or a one-line display would break on. The same class serves the data migrations'
# search of existing rows: both PostgreSQL and SQLite (Python's re) read these escapes.
BREAKS_REGEX = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
_BREAKS = re.compile(BREAKS_REGEX)
_SPACES = re.compile(r"\s+")


def single_line(value: str | None) -> str | None:
    """``value`` on one line: each control character or line break becomes a space, runs of
    white space become one space, and the ends are stripped. None stays None."""
    if value is None:
        return None
    value = str(value)
    if _BREAKS.search(value):
        value = _SPACES.sub(" ", _BREAKS.sub(" ", value))
    return value.strip()


class SingleLineFormField(forms.CharField):
    """A form's one-line text: the cleaned value (and the value shown again on an error) is
    already on one line."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values or "\x00" in value:
            return value  # a NUL byte is refused with the form's own message
        return single_line(value)


class SingleLineCharField(models.CharField):
    """A ``CharField`` whose value is always on one line (``single_line``), however it is saved."""

    description = "String on one line (up to %(max_length)s)"

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            cleaned = single_line(value)
            if cleaned != value:
                setattr(model_instance, self.attname, cleaned)
            return cleaned
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return single_line(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SingleLineFormField, **kwargs})


def clean_single_line_rows(model, *field_names: str) -> int:
    """For a data migration: put the existing values of ``field_names`` on one line. Returns
    how many rows changed. Only rows holding a control character are read."""
    changed = 0
    for name in field_names:
        rows = model._default_manager.filter(**{f"{name}__regex": BREAKS_REGEX}).only("pk", name)
        for row in rows.iterator(chunk_size=500):
            model._default_manager.filter(pk=row.pk).update(**{name: single_line(getattr(row, name))})
            changed += 1
    return changed

"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_errors(
    form: forms.Form, error: ValidationError, *, field: str | None = None, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on ``form``: each message at the field it names when the
    form has that field (``rename`` maps a model field to the form's), otherwise at ``field``,
    or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = (rename or {}).get(name, name)
            target = name if name in form.fields else field
            form.add_error(None if target == NON_FIELD_ERRORS else target, errors)
    else:
        form.add_error(field, error)

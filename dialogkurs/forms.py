"""Form helpers shared by every app: service errors onto forms, and the site's form renderer."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


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


# --- How every form field is rendered for assistive technology: one renderer for the site ------


class DescribedBoundField(BoundField):
    """A field whose ``aria-describedby`` always names its help text and its errors (3.3.1).

    Django names them only when the widget names no description of its own: the sign-up form's
    consent checkbox, described by the consent text above it, lost its error that way. Here the
    widget's own ids come first, then the help text, then the errors.
    """

    @property
    def aria_describedby(self) -> str:
        ids = self.field.widget.attrs.get("aria-describedby", "").split()
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_helptext")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(dict.fromkeys(ids))


class FormRenderer(DjangoTemplates):
    """Django's template renderer with :class:`DescribedBoundField` for every form (FORM_RENDERER)."""

    bound_field_class = DescribedBoundField


def has_required_field(form) -> bool:
    """Whether the form shows a field marked required (``*``), so the page must say what ``*`` means."""
    return any(field.field.required for field in form.visible_fields())

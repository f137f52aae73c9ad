"""Form helpers shared by every app: service errors onto forms, and the site's form renderer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


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


class QuickInputMixin:
    """An ``<input>`` widget written out in Python: the same HTML as Django's ``input.html``
    (which ``text.html``, ``date.html`` and the like only include), without two templates per
    field. For widgets whose template is one of those includes."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 - every name and value is escaped
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{value}{_attrs_html(widget['attrs'])}>"
        )


def _attrs_html(attrs: dict) -> str:
    """A widget's attributes as Django's ``attrs.html`` writes them: in their order (``flatatt``
    sorts them), True bare, False and None left out."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickDateInput(QuickInputMixin, forms.DateInput):
    pass


class QuickTimeInput(QuickInputMixin, forms.TimeInput):
    pass


class QuickNumberInput(QuickInputMixin, forms.NumberInput):
    pass


class SuggestInput(QuickInputMixin, forms.TextInput):
    """A text field that suggests values as one types (type-ahead), instead of a select of a
    thousand options: ``static/js/site.js`` asks ``url`` (``?q=``, a JSON list of strings) and
    fills the field's ``<datalist>``. Without the script it is a plain text field."""

    def __init__(self, url: str, attrs: dict | None = None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}_suggestions"
            widget_attrs["data-suggest-url"] = str(self.url)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        list_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not list_id:
            return html
        return format_html('{}<datalist id="{}_suggestions"></datalist>', html, list_id)


class QuickSelect(forms.Select):
    """A single select written out in Python instead of through one template include per option:
    the same HTML as ``forms.Select`` (without its line breaks), about ten times faster: the
    200 organisations of a large region in the report filters, on every report page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        found = False  # as forms.Select: only the first option with the value is selected

        def option(option_value, label) -> str:
            nonlocal found
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found = found or selected
            return (
                f'<option value="{conditional_escape(option_value)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )

        parts = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                group = "".join(option(v, text) for v, text in label)
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">{group}</optgroup>')
            else:
                parts.append(option(option_value, label))
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        name_attr = final_attrs.pop("name")
        return mark_safe(  # noqa: S308 - every value and label above is escaped
            f'<select name="{conditional_escape(name_attr)}"{_attrs_html(final_attrs)}>{"".join(parts)}</select>'
        )


def quick_fields(form: forms.Form) -> str:
    """A form of text, date and select fields written out as ``{{ form|crispy }}`` writes it
    (crispy-bootstrap5's ``field.html``, the same elements and attributes), without its dozen
    template includes per field: the course list's filters were a quarter of that page's time.
    A checkbox is written too (the enquiry inbox's "only overdue"), unless it has errors or a
    help text; a form with other widgets (radios, files) goes through crispy."""
    from crispy_forms.utils import render_crispy_form

    parts = []
    if form.non_field_errors():
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in form.non_field_errors())
        parts.append(f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>')
    for field in form:
        widget = field.field.widget
        checkbox = isinstance(widget, forms.CheckboxInput) and not (field.errors or field.help_text)
        if not checkbox and isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput
        ):
            return render_crispy_form(form)
        if field.is_hidden:
            parts.append(str(field))
            continue
        # As crispy's {% crispy_field %}: the widget's class name (a quick widget's as the
        # Django widget it stands for: "select", not "quickselect"), then Bootstrap's.
        name = widget.__class__.__name__.lower().removeprefix("quick")
        classes = widget.attrs.get("class", "")
        classes = f"{classes} {name}" if classes and name not in classes else classes or name
        wanted = [
            "form-check-input" if checkbox else "form-select" if isinstance(widget, forms.Select) else "form-control"
        ]
        wanted += ["is-invalid"] if field.errors else []
        widget.attrs["class"] = " ".join([classes, *(c for c in wanted if c not in classes.split())])
        required = field.field.required
        star = '<span class="asteriskField">*</span>' if required else ""
        if checkbox:  # as crispy writes it: the box, then its label
            css = field.css_classes()
            parts.append(
                f'<div class="mb-3"><div id="div_{field.auto_id}" class="form-check{" " + css if css else ""}">'
                f'{field} <label for="{field.id_for_label}" class="form-check-label'
                f'{" requiredField" if required else ""}">{conditional_escape(field.label)}{star}</label></div></div>'
            )
            continue
        label = ""
        if field.label:
            label_for = f' for="{field.id_for_label}"' if field.id_for_label else ""
            label = (
                f'<label{label_for} class="form-label{" requiredField" if required else ""}">'
                f"{conditional_escape(field.label)}{star}</label>"
            )
        errors = ""
        if field.errors:
            paragraphs = "".join(
                f'<p id="error_{n}_{field.auto_id}"><strong>{conditional_escape(error)}</strong></p>'
                for n, error in enumerate(field.errors, start=1)
            )
            errors = f'<div id="{field.errors.field_id}_error" class="invalid-feedback">{paragraphs}</div>'
        help_text = ""
        if field.help_text:
            help_id = f'id="{field.auto_id}_helptext" ' if field.auto_id else ""
            help_text = f'<div {help_id}class="form-text">{field.help_text}</div>'
        css = field.css_classes()
        parts.append(
            f'<div id="div_{field.auto_id}" class="mb-3{" " + css if css else ""}">'
            f"{label}{field}{errors}{help_text}</div>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - labels and errors escaped; help texts are the form's own


# --- Local times ------------------------------------------------------------------------------
# A browser's datetime-local field gives a wall-clock time with no zone. Forms whose times belong
# to a place (a network case's country, a workplace) read it there, not in the active time zone.

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def local_datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kwargs,
    )


def as_local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A wall-clock time from the browser, read in ``zone``."""
    return value.replace(tzinfo=None).replace(tzinfo=zone) if value else value


def to_local_input(value: datetime, zone: ZoneInfo) -> datetime:
    """``value`` as the wall-clock time in ``zone`` that a datetime-local field shows."""
    return timezone.localtime(value, zone).replace(tzinfo=None, second=0, microsecond=0)

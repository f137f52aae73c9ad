"""``{% quick_result_list cl %}``: the rows of an admin change list from a plan made once per
page (``dialogkurs.admin.QuickChangeList``).

Django's ``items_for_result`` asks again for every cell what the column is (the field, the empty
value, the link column), reverses the change URL with its preserved filters for every row and
formats every value through ``display_for_field``: at 25 rows that was a fifth of the admin
outbox's time and the largest part of the courses'. Here that is decided once per column, and a
row is its values put into the column's HTML. The HTML is Django's (tested against it). What
the plan does not cover — a list_editable formset, a popup, a column that is a method, a
callable or a related lookup — is rendered by Django's own code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import numberformat, timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

register = template.Library()

Cell = Callable[[models.Model], str]  # a row's object → the cell's content, escaped
# A primary key no row has, reversed in its place and then replaced by each row's.
_MARK = 987654321000


class _Formats:
    """The active language's number and date formats, looked up once per page."""

    def __init__(self):
        self.decimal_sep = get_format("DECIMAL_SEPARATOR", use_l10n=True)
        self.grouping = get_format("NUMBER_GROUPING", use_l10n=True)
        self.thousand_sep = get_format("THOUSAND_SEPARATOR", use_l10n=True)
        self.datetime = get_format("DATETIME_FORMAT")

    def number(self, value) -> str:
        # formats.number_format(value)
        return numberformat.format(
            value, self.decimal_sep, None, self.grouping, self.thousand_sep, force_grouping=False, use_l10n=True
        )


def _string_cell(empty: str) -> Cell:
    def cell(obj):
        # lookup_field calls __str__; items_for_result blanks a blank string; display_for_value.
        value = str(obj)
        return empty if value.strip() == "" else escape(value)

    return cell


def _foreign_key_cell(field: models.ForeignKey, empty: str) -> Cell:
    name = field.name

    def cell(obj):
        related = getattr(obj, name)
        return empty if related is None else escape(related)

    return cell


def _field_cell(field: models.Field, empty: str, formats: _Formats, avoid_link: bool) -> Cell:
    """display_for_field's answer for ``field``, its branch chosen once."""
    name = field.attname
    empty_values = field.empty_values

    def value_of(obj):
        value = getattr(obj, name)
        return "" if isinstance(value, str) and value.strip() == "" else value

    if getattr(field, "flatchoices", None):
        try:
            labels = {value: conditional_escape(label) for value, label in field.flatchoices}
        except TypeError:  # unhashable choices: Django's own way
            labels = None
        if labels is not None:
            return lambda obj: labels.get(value_of(obj), empty)
    elif isinstance(field, models.BooleanField):
        return lambda obj: _boolean_icon(value_of(obj))
    elif isinstance(field, models.DateTimeField):
        shown: dict = {}  # rows often share a moment (the reminders of one half-day)

        def cell(obj):
            value = value_of(obj)
            if value in empty_values:
                return empty
            if value not in shown:
                # formats.localize(timezone.template_localtime(value))
                shown[value] = escape(DateFormat(timezone.template_localtime(value)).format(formats.datetime))
            return shown[value]

        return cell
    elif isinstance(field, (models.CharField, models.TextField)) and not isinstance(field, models.URLField):
        # display_for_value: the text itself.
        return lambda obj: empty if (value := value_of(obj)) in empty_values else escape(value)
    elif isinstance(field, (models.IntegerField, models.FloatField)):

        def cell(obj):
            value = value_of(obj)
            return empty if value in empty_values else escape(formats.number(value))

        return cell
    return lambda obj: conditional_escape(display_for_field(value_of(obj), field, empty, avoid_link=avoid_link))


def _columns(cl: ChangeList) -> list[tuple[str, str, bool, Cell]] | None:
    """(tag, ' class="…"', links to the row, cell) of each column, as items_for_result decides
    them for every row; None when a column is not one of those planned here."""
    opts = cl.lookup_opts
    model_admin = cl.model_admin
    formats = _Formats()
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        if callable(name):
            return None
        classes = [f"field-{_coerce_field_name(name, index)}"]
        empty = model_admin.get_empty_value_display()
        if cl.list_display_links is None:
            link = False
        else:
            link = (first and not cl.list_display_links) or name in cl.list_display_links
        try:
            field = _get_non_gfk_field(opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if name == "pk" and not hasattr(model_admin, "pk") and isinstance(opts.pk, models.IntegerField):
                cell = _number_cell(opts.pk, formats)  # Model.pk, a property: display_for_value
            elif name == "__str__":
                method = opts.model.__str__
                if getattr(method, "boolean", False):
                    return None
                cell = _string_cell(getattr(method, "empty_value_display", empty))
            else:
                return None
        else:
            if field.many_to_many:
                return None
            if field.auto_created:
                # display_for_value: an automatic primary key is a number.
                if field.null or not isinstance(field, models.IntegerField):
                    return None
                cell = _number_cell(field, formats)
            elif isinstance(field.remote_field, models.ManyToOneRel):
                cell = _foreign_key_cell(field, empty)
            else:
                cell = _field_cell(field, empty, formats, link)
            if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
                classes.append("nowrap")
        tag = "td"
        if link:
            tag = "th" if first else "td"
            first = False
        columns.append((tag, f' class="{" ".join(classes)}"', link, cell))
    return columns


def _number_cell(field: models.Field, formats: _Formats) -> Cell:
    name = field.attname
    return lambda obj: escape(formats.number(getattr(obj, name)))


def _change_url(cl: ChangeList) -> tuple[str, str] | None:
    """The escaped text before and after a row's primary key in the link to its change page,
    with the list's filters preserved (``url_for_result`` and ``add_preserved_filters``); None if
    the change page has no URL."""
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters

    try:
        url = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=(quote(_MARK),),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return None
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    before, _mark, after = url.partition(str(_MARK))
    return escape(before), escape(after)


def quick_results(cl: ChangeList) -> list[ResultList] | None:
    """Each row of ``cl`` as one ``ResultList`` holding its cells' HTML, or None where
    Django's ``results`` must render them."""
    if cl.formset or cl.is_popup or not isinstance(cl.lookup_opts.pk, models.IntegerField):
        return None
    columns = _columns(cl)
    if columns is None:
        return None
    url = _change_url(cl) if any(link for _tag, _classes, link, _cell in columns) else None
    pk_attname = cl.pk_attname
    rows = []
    for obj in cl.result_list:
        cells = []
        for tag, classes, link, cell in columns:
            content = cell(obj)
            if link and url is not None:
                content = f'<a href="{url[0]}{getattr(obj, pk_attname)}{url[1]}">{content}</a>'
            cells.append(f"<{tag}{classes}>{content}</{tag}>")
        rows.append(ResultList(None, [mark_safe("".join(cells))]))  # noqa: S308 - every cell is escaped
    return rows


def quick_result_list(cl: ChangeList) -> dict[str, Any]:
    """Django's ``result_list`` context, its rows from ``quick_results``."""
    rows = quick_results(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=quick_result_list, template_name="change_list_results.html", takes_context=False
    )

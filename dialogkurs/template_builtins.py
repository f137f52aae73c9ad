"""Template filters every template may use without ``{% load %}`` (TEMPLATES' ``builtins``)."""

from __future__ import annotations

from django import template

from .forms import has_required_field, quick_fields

register = template.Library()
register.filter("has_required_field", has_required_field)
register.filter("quick_fields", quick_fields)

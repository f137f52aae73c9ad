"""The admin site never goes round a service (STYLE: one home per rule).

A model whose changes belong to a service — its rules, its locks, its re-planning of
reminders — is read-only here (``ReadOnlyAdmin``). A model whose service is only a careful
create and update saves through that service (``ServiceAdmin``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Model


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Shown, searched and filtered; changed only in the app, through its services."""


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class ServiceAdmin(admin.ModelAdmin):
    """Saves through the app's services: ``create(**cleaned_data)`` for a new row and
    ``update(obj, **changed_fields)`` for an existing one (set them on the subclass as
    ``staticmethod(services.…)``; leave one out and the admin cannot do it). Nothing is deleted
    here."""

    create: Callable[..., Model] | None = None
    update: Callable[..., Model] | None = None

    def has_add_permission(self, request) -> bool:
        return self.create is not None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.update is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Model, form, change: bool) -> None:
        if change:
            changed: dict[str, Any] = {name: form.cleaned_data[name] for name in form.changed_data}
            if changed:
                self.update(obj, **changed)
        else:
            saved = self.create(**form.cleaned_data)
            # The admin logs the addition and redirects with ``obj``: make it the saved row.
            obj.pk = saved.pk
            obj._state.adding = False

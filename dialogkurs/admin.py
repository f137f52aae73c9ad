"""The admin site, which never goes round a service (STYLE: one home per rule).

A model whose changes belong to a service — its rules, its locks, its re-planning of
reminders — is read-only here (``ReadOnlyAdmin``). A model whose service is only a careful
create and update saves through that service (``ServiceAdmin``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


class AdminSite(admin.AdminSite):
    """The site ``admin.site`` is (``dialogkurs.apps.AdminConfig``)."""

    site_header = _("dialogkurs administration")
    site_title = _("dialogkurs")
    # No list of every app and model beside each admin page: it was half of a changelist's HTML
    # (17 of 34 KB for the courses) and a tenth of its time; the admin index lists them.
    enable_nav_sidebar = False

    def each_context(self, request) -> dict[str, Any]:
        """Django's, but the list of every app and model (2 ms: each model admin's permissions and
        URLs) is made only if a template asks for it: only the nav sidebar does, and it is off.
        The index makes its own."""
        if self.enable_nav_sidebar:
            return super().each_context(request)
        # AdminSite.each_context with ``available_apps`` as a callable, which a template calls
        # when it reads it (a test checks the keys are Django's).
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": functools.partial(self.get_app_list, request),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class QuickChangeList:
    """A model admin whose change list rows are written out from a plan made once per page
    (``dialogkurs.admin_list``), not cell by cell through ``items_for_result``: the same HTML,
    for columns that are fields or ``__str__`` (anything else: Django's rows). Every admin of
    ours that is a ``ReadOnlyAdmin`` or a ``ServiceAdmin`` is one."""

    @property
    def change_list_template(self) -> list[str]:
        # A change_list.html of the model or its app still comes first, as in Django's lookup.
        opts = self.model._meta
        return [
            f"admin/{opts.app_label}/{opts.model_name}/change_list.html",
            f"admin/{opts.app_label}/change_list.html",
            "admin/quick_change_list.html",
        ]


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, QuickChangeList, admin.ModelAdmin):
    """Shown, searched and filtered; changed only in the app, through its services."""


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


class ServiceAdmin(QuickChangeList, admin.ModelAdmin):
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

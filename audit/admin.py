from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: entries are written by the services and never changed. The search page with
    filters and CSV is the administrators' Audit log (privacy app)."""

    list_display = ("at", "actor", "origin", "action", "content_type", "object_id")
    list_filter = ("origin", "content_type")
    search_fields = ("action", "actor__email")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"

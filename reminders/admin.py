from django.contrib import admin

from .models import ScheduledMessage


@admin.register(ScheduledMessage)
class ScheduledMessageAdmin(admin.ModelAdmin):
    """Read-only: rows change only through the services (replan, sweep, send, resend)."""

    list_display = ("id", "kind", "recipient", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "content_type")
    search_fields = ("recipient", "kind", "occasion")
    date_hierarchy = "due_at"
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

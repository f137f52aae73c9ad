import functools

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin
from dialogkurs.pagination import CappedPaginator

from .models import ScheduledMessage


@admin.register(ScheduledMessage)
class ScheduledMessageAdmin(ReadOnlyAdmin):
    """Read-only: rows change only through the services (replan, sweep, send, resend)."""

    list_display = ("id", "kind", "recipient", "due_at", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "content_type")
    search_fields = ("recipient", "kind", "occasion")
    date_hierarchy = "due_at"
    list_select_related = ("content_type",)
    # A million rows: counted only as far as 100 pages go, and never twice (the "x total" count).
    paginator = functools.partial(CappedPaginator, count_at_most=10_000)
    show_full_result_count = False

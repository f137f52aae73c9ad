"""Administrators may look up and, on request, delete an enquiry; state changes happen in the
coordinators' inbox through the services, never here."""

from django.contrib import admin

from .models import Enquiry, EnquiryEvent, EnquiryMeeting


class EventInline(admin.TabularInline):
    model = EnquiryEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_status", "to_status", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class MeetingInline(admin.StackedInline):
    model = EnquiryMeeting
    extra = 0
    can_delete = False
    fields = ["starts_at", "duration_minutes", "location", "attendees", "held_at", "outcome"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "name", "organisation", "topic", "status", "assignee"]
    list_filter = ["status", "topic", "country"]
    search_fields = ["name", "email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [MeetingInline, EventInline]
    readonly_fields = [
        "status",
        "assignee",
        "created_at",
        "consented_at",
        "contacted_at",
        "closed_at",
        "contact_due_at",
        "alert_due_at",
        "anonymised_at",
    ]

    def has_add_permission(self, request):
        return False

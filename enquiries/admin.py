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


@admin.register(EnquiryMeeting)
class EnquiryMeetingAdmin(admin.ModelAdmin):
    list_display = ("enquiry", "starts_at", "location", "held_at")
    search_fields = ("enquiry__name", "enquiry__organisation", "location")
    list_select_related = ("enquiry",)
    readonly_fields = ("sequence", "held_at")
    raw_id_fields = ("enquiry",)
    date_hierarchy = "starts_at"


@admin.register(EnquiryEvent)
class EnquiryEventAdmin(admin.ModelAdmin):
    """The history of an enquiry is written by its services; here it is read only."""

    list_display = ("enquiry", "kind", "actor", "created_at")
    list_filter = ("kind",)
    search_fields = ("enquiry__name", "text")
    list_select_related = ("enquiry", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Enquiries in the admin site, read-only: every change happens in the coordinators' inbox
through the services, never here (anonymisation too: ``enquiry_anonymise``)."""

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import Enquiry, EnquiryEvent, EnquiryMeeting


class EventInline(ReadOnlyTabularInline):
    model = EnquiryEvent
    fields = ["created_at", "kind", "actor", "from_status", "to_status", "text"]


class MeetingInline(ReadOnlyTabularInline):
    model = EnquiryMeeting
    fields = ["starts_at", "duration_minutes", "location", "attendees", "held_at", "outcome"]


@admin.register(Enquiry)
class EnquiryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "name", "organisation", "topic", "status", "assignee"]
    list_filter = ["status", "topic", "country"]
    search_fields = ["name", "email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [MeetingInline, EventInline]


@admin.register(EnquiryMeeting)
class EnquiryMeetingAdmin(ReadOnlyAdmin):
    list_display = ("enquiry", "starts_at", "location", "held_at")
    search_fields = ("enquiry__name", "enquiry__organisation", "location")
    list_select_related = ("enquiry",)
    date_hierarchy = "starts_at"


@admin.register(EnquiryEvent)
class EnquiryEventAdmin(ReadOnlyAdmin):
    """The history of an enquiry is written by its services."""

    list_display = ("enquiry", "kind", "actor", "created_at")
    list_filter = ("kind",)
    search_fields = ("enquiry__name", "text")
    list_select_related = ("enquiry", "actor")

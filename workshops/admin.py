"""The idea workshop in the admin site, read-only: outcomes, proposals and follow-ups change
only on the workshop pages, through ``workshops.services`` (locks, history, reminders)."""

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin, ReadOnlyTabularInline

from .models import FollowUpMeeting, ImprovementProposal, ProposalUpdate, WorkshopOutcome


class ProposalInline(ReadOnlyTabularInline):
    model = ImprovementProposal
    fields = ("text", "area", "owner_name", "due_date", "status")


@admin.register(WorkshopOutcome)
class WorkshopOutcomeAdmin(ReadOnlyAdmin):
    list_display = ("course", "status", "submitted_at")
    list_filter = ("status",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    inlines = [ProposalInline]


@admin.register(ImprovementProposal)
class ImprovementProposalAdmin(ReadOnlyAdmin):
    list_display = ("text", "area", "owner_name", "due_date", "status")
    list_filter = ("status", "area")
    search_fields = ("text", "owner_name", "owner_email", "outcome__course__workplace__name")
    list_select_related = ("outcome__course__workplace",)


@admin.register(FollowUpMeeting)
class FollowUpMeetingAdmin(ReadOnlyAdmin):
    list_display = ("course", "number", "starts_at", "place", "status")
    list_filter = ("status", "number")
    search_fields = ("course__workplace__name", "place")
    list_select_related = ("course__workplace",)
    date_hierarchy = "starts_at"


@admin.register(ProposalUpdate)
class ProposalUpdateAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "meeting", "status_before", "status", "recorded_at")
    list_filter = ("status",)
    search_fields = ("proposal__text", "note")
    list_select_related = ("proposal", "meeting__course__workplace")

from django.contrib import admin

from .models import FollowUpMeeting, ImprovementProposal, ProposalUpdate, WorkshopOutcome


class ProposalInline(admin.TabularInline):
    model = ImprovementProposal
    extra = 0
    fields = ("text", "area", "owner_name", "due_date", "status")
    readonly_fields = ("status",)


@admin.register(WorkshopOutcome)
class WorkshopOutcomeAdmin(admin.ModelAdmin):
    """Recorded by facilitators on the idea-workshop pages; submitting goes through the service."""

    list_display = ("course", "status", "submitted_at")
    list_filter = ("status",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    readonly_fields = ("status", "submitted_by", "submitted_at", "created_by")
    raw_id_fields = ("course",)
    inlines = [ProposalInline]


@admin.register(ImprovementProposal)
class ImprovementProposalAdmin(admin.ModelAdmin):
    list_display = ("text", "area", "owner_name", "due_date", "status")
    list_filter = ("status", "area")
    search_fields = ("text", "owner_name", "owner_email", "outcome__course__workplace__name")
    list_select_related = ("outcome__course__workplace",)
    readonly_fields = ("status",)
    raw_id_fields = ("outcome",)


@admin.register(FollowUpMeeting)
class FollowUpMeetingAdmin(admin.ModelAdmin):
    list_display = ("course", "number", "starts_at", "place", "status")
    list_filter = ("status", "number")
    search_fields = ("course__workplace__name", "place")
    list_select_related = ("course__workplace",)
    readonly_fields = ("status", "recorded_at", "recorded_by")
    raw_id_fields = ("course",)
    date_hierarchy = "starts_at"


@admin.register(ProposalUpdate)
class ProposalUpdateAdmin(admin.ModelAdmin):
    list_display = ("proposal", "meeting", "status_before", "status", "recorded_at")
    list_filter = ("status",)
    search_fields = ("proposal__text", "note")
    list_select_related = ("proposal", "meeting__course__workplace")
    raw_id_fields = ("proposal", "meeting", "recorded_by")

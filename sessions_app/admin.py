from django.contrib import admin

from .models import (
    Course,
    Facilitator,
    FacilitatorAssignment,
    FollowUpMeeting,
    HalfDay,
    HalfDayTheme,
    ImprovementProposal,
    Organisation,
    ProposalUpdate,
    Theme,
    Workplace,
    WorkshopOutcome,
)


class WorkplaceInline(admin.TabularInline):
    model = Workplace
    extra = 0
    fields = ("name", "visiting_address", "manager_name", "manager_email")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "country")
    list_filter = ("country",)
    search_fields = ("name",)
    inlines = [WorkplaceInline]


@admin.register(Workplace)
class WorkplaceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "manager_name", "manager_email")
    list_filter = ("organisation__country", "organisation")
    search_fields = ("name", "organisation__name", "manager_name", "manager_email")
    list_select_related = ("organisation",)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("number", "name_en", "name_sv", "name_nb")
    search_fields = ("name_en", "name_sv", "name_nb")
    list_filter = ("number",)

    def has_add_permission(self, request):
        return False  # exactly four themes: reference data

    def has_delete_permission(self, request, obj=None):
        return False


class HalfDayInline(admin.TabularInline):
    model = HalfDay
    extra = 0
    max_num = 2
    fields = ("number", "starts_at", "ends_at")


class AssignmentInline(admin.TabularInline):
    model = FacilitatorAssignment
    extra = 0
    fields = ("facilitator", "status", "invited_at", "answered_at")
    readonly_fields = ("status", "invited_at", "answered_at")
    autocomplete_fields = ("facilitator",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Status changes go through the coordinator pages (services); here it is read-only."""

    list_display = ("__str__", "workplace", "status", "coordinator", "created_at")
    list_filter = ("status", "workplace__organisation__country", "workplace__organisation")
    search_fields = ("workplace__name", "workplace__organisation__name", "location", "notes")
    list_select_related = ("workplace__organisation", "coordinator")
    readonly_fields = ("status", "signup_token", "created_at", "updated_at")
    raw_id_fields = ("workplace", "coordinator")
    inlines = [HalfDayInline, AssignmentInline]
    date_hierarchy = "created_at"


@admin.register(HalfDayTheme)
class HalfDayThemeAdmin(admin.ModelAdmin):
    list_display = ("course", "half_day", "theme")
    list_filter = ("theme",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace", "half_day", "theme")


@admin.register(Facilitator)
class FacilitatorAdmin(admin.ModelAdmin):
    list_display = ("user", "lived_experience", "home_area", "active")
    list_filter = ("active", "lived_experience")
    search_fields = ("user__full_name", "user__email", "home_area")
    list_select_related = ("user",)
    readonly_fields = ("ical_token",)
    raw_id_fields = ("user",)


@admin.register(FacilitatorAssignment)
class FacilitatorAssignmentAdmin(admin.ModelAdmin):
    list_display = ("course", "facilitator", "status", "invited_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("facilitator__user__full_name", "course__workplace__name")
    list_select_related = ("course__workplace", "facilitator__user")
    readonly_fields = ("status", "invited_at", "answered_at")
    raw_id_fields = ("course", "facilitator")


@admin.register(HalfDay)
class HalfDayAdmin(admin.ModelAdmin):
    list_display = ("course", "number", "starts_at", "ends_at")
    list_filter = ("number",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    raw_id_fields = ("course",)
    date_hierarchy = "starts_at"


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

from django.contrib import admin

from .models import (
    Course,
    Facilitator,
    FacilitatorAssignment,
    HalfDay,
    HalfDayTheme,
    Organisation,
    Theme,
    Workplace,
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

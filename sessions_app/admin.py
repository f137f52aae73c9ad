"""The trainings in the admin site: organisations and workplaces save through their services,
a facilitator's working details too; courses, half-days and assignments are read-only (their
schedule rules, overlap locks and reminders live in the services). The lived experience of a
facilitator is health-related: it is not shown here (DESIGN §8)."""

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin, ReadOnlyTabularInline, ServiceAdmin
from dialogkurs.pagination import PAGE_SIZE

from . import services
from .models import (
    Course,
    Facilitator,
    FacilitatorAssignment,
    HalfDay,
    HalfDayTheme,
    Organisation,
    Theme,
    ThemeFile,
    Unavailability,
    Workplace,
)


class WorkplaceInline(ReadOnlyTabularInline):
    model = Workplace
    fields = ("name", "visiting_address", "manager_name", "manager_email")
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    create = staticmethod(services.organisation_create)
    update = staticmethod(services.organisation_update)
    list_display = ("name", "country")
    list_filter = ("country",)
    search_fields = ("name",)
    inlines = [WorkplaceInline]


@admin.register(Workplace)
class WorkplaceAdmin(ServiceAdmin):
    create = staticmethod(services.workplace_create)
    update = staticmethod(services.workplace_update)
    list_display = ("name", "organisation", "manager_name", "manager_email")
    list_filter = ("organisation__country", "organisation")
    search_fields = ("name", "organisation__name", "manager_name", "manager_email")
    list_select_related = ("organisation",)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """Reference data: exactly four themes, whose names may be corrected here."""

    list_display = ("number", "name_en", "name_sv", "name_nb")
    search_fields = ("name_en", "name_sv", "name_nb")
    list_filter = ("number",)
    readonly_fields = ("number",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HalfDayInline(ReadOnlyTabularInline):
    model = HalfDay
    fields = ("number", "starts_at", "ends_at")


class AssignmentInline(ReadOnlyTabularInline):
    model = FacilitatorAssignment
    fields = ("facilitator", "status", "invited_at", "answered_at")


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    """Booked, scheduled, confirmed and cancelled on the coordinators' pages (the services)."""

    list_display = ("__str__", "workplace", "status", "coordinator", "created_at")
    # The organisation is found by searching its name: a filter of every organisation was a
    # list of 200 links on every page of a large region.
    list_filter = ("status", "workplace__organisation__country")
    search_fields = ("workplace__name", "workplace__organisation__name", "location", "notes")
    list_select_related = ("workplace__organisation", "coordinator")
    list_per_page = PAGE_SIZE  # as the site's own lists: 100 rows of links was 78 KB
    # One COUNT per page, not a second one of every course for "N total" beside a filtered count;
    # and no date hierarchy, whose year links cost a MIN/MAX and a DISTINCT over every course.
    show_full_result_count = False
    exclude = ("signup_token",)
    inlines = [HalfDayInline, AssignmentInline]


@admin.register(HalfDayTheme)
class HalfDayThemeAdmin(ReadOnlyAdmin):
    list_display = ("course", "half_day", "theme")
    list_filter = ("theme",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace", "half_day", "theme")


@admin.register(ThemeFile)
class ThemeFileAdmin(ReadOnlyAdmin):
    """Uploaded and removed by coordinators on the theme-material pages (the services)."""

    list_display = ("title", "theme", "original_name", "size", "uploaded_at")
    list_filter = ("theme",)
    search_fields = ("title", "original_name")
    list_select_related = ("theme",)


@admin.register(Facilitator)
class FacilitatorAdmin(ServiceAdmin):
    """Added on the coordinators' page (with the lived experience, which is not shown here);
    here only what the profile says about their work, through ``facilitator_update``."""

    update = staticmethod(services.facilitator_update)
    list_display = ("user", "home_area", "active")
    list_filter = ("active",)
    search_fields = ("user__full_name", "user__email", "home_area")
    list_select_related = ("user",)
    fields = ("user", *services.FACILITATOR_EDITABLE)
    readonly_fields = ("user",)


@admin.register(FacilitatorAssignment)
class FacilitatorAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("course", "facilitator", "status", "invited_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("facilitator__user__full_name", "course__workplace__name")
    list_select_related = ("course__workplace", "facilitator__user")


@admin.register(HalfDay)
class HalfDayAdmin(ReadOnlyAdmin):
    list_display = ("course", "number", "starts_at", "ends_at")
    list_filter = ("number",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    date_hierarchy = "starts_at"


@admin.register(Unavailability)
class UnavailabilityAdmin(ReadOnlyAdmin):
    """Kept by the facilitator on *My calendar* (or a coordinator on her page)."""

    list_display = ("facilitator", "starts_on", "ends_on", "weekday", "note")
    search_fields = ("facilitator__user__full_name", "facilitator__user__email", "note")
    list_select_related = ("facilitator__user",)

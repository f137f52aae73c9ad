from django.contrib import admin

from .models import Attendance, Participant, Registration


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "workplace", "language", "perspective")
    list_filter = ("perspective", "language")
    search_fields = ("name", "email", "workplace__name")
    list_select_related = ("workplace",)
    raw_id_fields = ("workplace",)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Places change through the services (capacity and waitlist); here they are read-only."""

    list_display = ("participant", "course", "status", "source", "queued_at")
    list_filter = ("status", "source")
    search_fields = ("participant__name", "participant__email", "course__workplace__name")
    list_select_related = ("participant", "course__workplace")
    readonly_fields = ("status", "queued_at", "promoted_at", "cancelled_at", "consent_given_at", "cancel_token")
    raw_id_fields = ("course", "participant")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("registration", "half_day", "present", "recorded_at")
    list_filter = ("present",)
    search_fields = ("registration__participant__name",)
    list_select_related = ("registration__participant", "registration__course__workplace", "half_day")
    raw_id_fields = ("registration", "half_day", "recorded_by")

"""Participants in the admin site, read-only: places change through the services (capacity,
waitlist, reminders). A participant's perspective is health-related and is not shown here
(DESIGN §8): coordinators and the course's facilitators see it in the app."""

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin

from .models import Attendance, Participant, Registration


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("name", "email", "workplace", "language")
    list_filter = ("language",)
    search_fields = ("name", "email", "workplace__name")
    list_select_related = ("workplace",)
    fields = ("name", "email", "workplace", "language", "created_at")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("participant", "course", "status", "source", "queued_at")
    list_filter = ("status", "source")
    search_fields = ("participant__name", "participant__email", "course__workplace__name")
    list_select_related = ("participant", "course__workplace")
    exclude = ("cancel_token",)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("registration", "half_day", "present", "recorded_at")
    list_filter = ("present",)
    search_fields = ("registration__participant__name",)
    list_select_related = ("registration__participant", "registration__course__workplace", "half_day")

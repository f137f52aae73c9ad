"""The admin shows no network content (DESIGN §2.4, §8): no names, notes or contact details.

Cases appear as numbers with their dates, status and team size, read-only; everything else in
the network app is reached only through its own pages, by the case's team.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import AccessLog, Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "country", "first_contact_at", "first_meeting_at", "closed_at", "team_size")
    list_filter = ("status", "country")
    fields = list_display
    readonly_fields = list_display
    ordering = ("-first_contact_at",)
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .only("pk", "status", "country", "first_contact_at", "first_meeting_at", "closed_at")
            .annotate(n_team=Count("memberships", filter=Q(memberships__ended_at=None)))
        )

    @admin.display(description=_("case"), ordering="pk")
    def number(self, case: Case) -> int:
        return case.pk

    @admin.display(description=_("team size"))
    def team_size(self, case: Case) -> int:
        return case.n_team

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: who read which case, when, what and why (no names of the person)."""

    list_display = ("at", "user", "case_id", "kind", "object_id", "reason")
    list_filter = ("reason", "kind")
    search_fields = ("user__email", "user__full_name")
    fields = ("at", "user", "case_id", "kind", "object_id", "reason", "emergency_id", "path")
    readonly_fields = fields
    date_hierarchy = "at"
    list_select_related = ("user",)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

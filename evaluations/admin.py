from django.contrib import admin

from .models import EvaluationAnswer, EvaluationToken


@admin.register(EvaluationToken)
class EvaluationTokenAdmin(admin.ModelAdmin):
    """Only whether a course's links were used; the hash is no use to anyone and is not shown."""

    list_display = ("course", "used")
    list_filter = ("used",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    fields = ("course", "used")
    readonly_fields = ("course", "used")

    def has_add_permission(self, request):
        return False


@admin.register(EvaluationAnswer)
class EvaluationAnswerAdmin(admin.ModelAdmin):
    """How many answered, and when; never a single person's answers — results are shown only in
    aggregates of five or more, on the evaluation pages."""

    list_display = ("course", "answered_on")
    list_filter = ("answered_on",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    fields = ("course", "answered_on")
    readonly_fields = ("course", "answered_on")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

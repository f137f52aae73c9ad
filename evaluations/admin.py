"""The evaluation in the admin site, read-only, and never a single person's answers: results
are shown only in aggregates of five or more, on the evaluation pages."""

from django.contrib import admin

from dialogkurs.admin import ReadOnlyAdmin

from .models import EvaluationAnswer, EvaluationToken


@admin.register(EvaluationToken)
class EvaluationTokenAdmin(ReadOnlyAdmin):
    """Only whether a course's links were used; the hash is no use to anyone and is not shown."""

    list_display = ("course", "used")
    list_filter = ("used",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    fields = ("course", "used")


@admin.register(EvaluationAnswer)
class EvaluationAnswerAdmin(ReadOnlyAdmin):
    """How many answered, and when."""

    list_display = ("course", "answered_on")
    list_filter = ("answered_on",)
    search_fields = ("course__workplace__name",)
    list_select_related = ("course__workplace",)
    fields = ("course", "answered_on")

"""The evaluation after a training (included from urls.py)."""

from django.urls import path

import dialogkurs.converters  # noqa: F401  registers <token:…>

from . import views_evaluation as views

urlpatterns = [
    path("evaluation/<token:token>/", views.evaluation_answer, name="evaluation_answer"),
    path("evaluation-thanks/", views.evaluation_thanks, name="evaluation_thanks"),
    path("courses/<int:course_pk>/evaluation/", views.course_evaluation, name="course_evaluation"),
    path("evaluations/", views.evaluation_report, name="evaluation_report"),
]

"""The evaluation after a training. Mounted under /participants/, where these pages were before
the app left participants, so every address (and every link already sent) stays the same."""

from django.urls import path

import dialogkurs.converters  # noqa: F401  registers <token:…>

from . import views

app_name = "evaluations"

urlpatterns = [
    path("evaluation/<token:token>/", views.evaluation_answer, name="evaluation_answer"),
    path("evaluation-thanks/", views.evaluation_thanks, name="evaluation_thanks"),
    path("courses/<int:course_pk>/evaluation/", views.course_evaluation, name="course_evaluation"),
]

"""The idea workshop: outcome, proposals, follow-up meetings. Mounted under /trainings/, where
these pages were before the app left sessions_app, so every address stays the same."""

from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("workshops/", views.workshop_list, name="workshop_list"),
    path("<int:course_pk>/workshop/", views.outcome_detail, name="outcome_detail"),
    path("<int:course_pk>/workshop/notes/", views.outcome_notes, name="outcome_notes"),
    path("<int:course_pk>/workshop/submit/", views.outcome_submit, name="outcome_submit"),
    path("<int:course_pk>/workshop/print/", views.outcome_print, name="outcome_print"),
    path("<int:course_pk>/workshop/proposals/new/", views.proposal_create, name="proposal_create"),
    path("<int:course_pk>/workshop/proposals/<int:pk>/", views.proposal_edit, name="proposal_edit"),
    path("<int:course_pk>/workshop/proposals/<int:pk>/delete/", views.proposal_delete, name="proposal_delete"),
    path("follow-ups/", views.followup_list, name="followup_list"),
    path("follow-ups/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("follow-ups/<int:pk>/rebook/", views.followup_rebook, name="followup_rebook"),
    path("workplaces/<int:pk>/proposals/", views.workplace_proposals, name="workplace_proposals"),
]

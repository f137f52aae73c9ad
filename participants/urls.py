from django.urls import path

import dialogkurs.converters  # noqa: F401  registers <token:…>

from . import views

app_name = "participants"

urlpatterns = [
    path("courses/<int:pk>/", views.course_participants, name="course_participants"),
    path("courses/<int:pk>/add/", views.participant_add, name="participant_add"),
    path("courses/<int:pk>/import/", views.import_csv, name="import_csv"),
    path("courses/<int:pk>/participants.csv", views.export_csv, name="export_csv"),
    path("courses/<int:pk>/attendance/<int:number>/", views.attendance, name="attendance"),
    path("courses/<int:pk>/sign-in/<int:number>/", views.sign_in_sheet, name="sign_in_sheet"),
    path("courses/<int:pk>/certificates.pdf", views.course_certificates, name="course_certificates"),
    path("registrations/<int:pk>/certificate.pdf", views.registration_certificate, name="registration_certificate"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    # Public, reached by unguessable tokens: no login.
    path("signup/<token:token>/", views.signup, name="signup"),
    path("registered/<token:token>/", views.signup_done, name="signup_done"),
    path("cancel/<token:token>/", views.registration_cancel_public, name="registration_cancel_public"),
]

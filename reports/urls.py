from django.urls import path

import dialogkurs.converters  # noqa: F401  (registers <code:…> and <export_format:…>)

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("annual/", views.annual_report, name="annual"),
    path("<code:slug>/", views.report_detail, name="report"),
    path("<code:slug>/<code:table>.<export_format:fmt>", views.report_export, name="export"),
]

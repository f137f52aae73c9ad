from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("annual/", views.annual_report, name="annual"),
    path("<slug:slug>/", views.report_detail, name="report"),
    path("<slug:slug>/<slug:table>.<str:fmt>", views.report_export, name="export"),
]

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("audit/", views.audit_search, name="audit_search"),
    path("person/", views.person_lookup, name="person_lookup"),
    path("person/export/", views.person_export, name="person_export"),
    path("person/erase/", views.person_erase, name="person_erase"),
    path("record-of-processing/", views.record_of_processing, name="record_of_processing"),
]

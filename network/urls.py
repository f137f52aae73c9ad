from django.urls import path

from . import views, views_records

app_name = "network"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("enquiries/<int:enquiry_pk>/case/", views.enquiry_to_case, name="enquiry_to_case"),
    path("emergency/", views_records.emergency_access, name="emergency_access"),
    path("review/access-log/", views_records.access_log, name="access_log"),
    path("review/emergency/", views_records.emergency_list, name="emergency_list"),
    path("review/emergency/<int:grant_pk>/reviewed/", views_records.emergency_review, name="emergency_review"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/history/", views.case_history, name="case_history"),
    path("<int:pk>/person/", views.case_edit, name="case_edit"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:membership_pk>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/network/new/", views.member_add, name="member_add"),
    path("<int:pk>/network/<int:member_pk>/", views.member_edit, name="member_edit"),
    path("<int:pk>/map/", views.network_map, name="network_map"),
    path("<int:pk>/meetings/new/", views.meeting_book, name="meeting_book"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/meetings/<int:meeting_pk>/change/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/meetings/<int:meeting_pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/meetings/<int:meeting_pk>/record/", views.meeting_record, name="meeting_record"),
    path("<int:pk>/network/<int:member_pk>/erase/", views_records.member_erase, name="member_erase"),
    path("<int:pk>/notes/new/", views_records.note_new, name="note_new"),
    path("<int:pk>/notes/<int:note_pk>/", views_records.note_detail, name="note_detail"),
    path("<int:pk>/notes/<int:note_pk>/edit/", views_records.note_edit, name="note_edit"),
    path("<int:pk>/notes/<int:note_pk>/autosave/", views_records.note_autosave, name="note_autosave"),
    path("<int:pk>/notes/<int:note_pk>/sign/", views_records.note_sign, name="note_sign"),
    path("<int:pk>/notes/<int:note_pk>/discard/", views_records.note_discard, name="note_discard"),
    path("<int:pk>/notes/<int:note_pk>/correct/", views_records.note_correct, name="note_correct"),
    path("<int:pk>/notes/<int:note_pk>/objection/", views_records.note_objection, name="note_objection"),
    path("<int:pk>/export/", views_records.case_export, name="case_export"),
    path("<int:pk>/export.json", views_records.case_export_json, name="case_export_json"),
]

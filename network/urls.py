from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("enquiries/<int:enquiry_pk>/case/", views.enquiry_to_case, name="enquiry_to_case"),
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
]

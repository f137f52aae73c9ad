from django.urls import path

from . import views

app_name = "enquiries"

urlpatterns = [
    path("contact/", views.enquiry_create, name="create"),
    path("contact/thanks/", views.enquiry_thanks, name="thanks"),
    path("enquiries/", views.inbox, name="inbox"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="detail"),
    path("enquiries/<int:pk>/assign/", views.enquiry_assign, name="assign"),
    path("enquiries/<int:pk>/assign-to-me/", views.enquiry_assign_to_me, name="assign_to_me"),
    path("enquiries/<int:pk>/contacted/", views.enquiry_contacted, name="contacted"),
    path("enquiries/<int:pk>/notes/", views.enquiry_note, name="note"),
    path("enquiries/<int:pk>/meeting/", views.meeting_book, name="meeting"),
    path("enquiries/<int:pk>/meeting/held/", views.meeting_held, name="meeting_held"),
    path("enquiries/<int:pk>/close/", views.enquiry_close, name="close"),
    path("enquiries/<int:pk>/course/", views.enquiry_convert, name="convert"),
]

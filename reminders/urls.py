from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.message_detail, name="message_detail"),
    path("<int:pk>/resend/", views.message_resend, name="message_resend"),
    path("preview/", views.preview, name="preview"),
    path("preview/html/", views.preview_html, name="preview_html"),
]

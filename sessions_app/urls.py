from django.urls import include, path

app_name = "sessions_app"

urlpatterns = [
    path("", include("sessions_app.urls_calendar")),
    path("", include("sessions_app.urls_workshop")),
]

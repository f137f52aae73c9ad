"""Calendar files. The feed needs no login: its token is the key (see views.ics)."""

from django.urls import path

import dialogkurs.converters  # noqa: F401  registers <token:…>

from . import views

urlpatterns = [
    path("<int:pk>/calendar.ics", views.course_ics, name="course_ics"),
    path("calendar/<token:token>.ics", views.facilitator_feed, name="facilitator_feed"),
]

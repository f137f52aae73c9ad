from django.urls import include, path, re_path

from . import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("new/", views.course_create, name="course_create"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("<int:pk>/schedule/", views.course_reschedule, name="course_reschedule"),
    path("<int:pk>/assign/", views.course_assign, name="course_assign"),
    path("<int:pk>/confirm/", views.course_confirm, name="course_confirm"),
    path("<int:pk>/cancel/", views.course_cancel, name="course_cancel"),
    path("<int:pk>/sign-up-link/", views.course_signup, name="course_signup"),
    path("<int:pk>/delivered/", views.course_mark_delivered, name="course_mark_delivered"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    re_path(r"^suggest/(?P<kind>organisations|workplaces)/$", views.place_suggestions, name="place_suggestions"),
    path("workplaces/", views.workplace_list, name="workplace_list"),
    path("workplaces/new/", views.workplace_create, name="workplace_create"),
    path("workplaces/<int:pk>/", views.workplace_detail, name="workplace_detail"),
    path("workplaces/<int:pk>/edit/", views.workplace_edit, name="workplace_edit"),
    path("facilitators/", views.facilitator_list, name="facilitator_list"),
    path("facilitators/new/", views.facilitator_create, name="facilitator_create"),
    path("my/assignments/", views.my_assignments, name="my_assignments"),
    path("my/assignments/<int:pk>/accept/", views.assignment_accept, name="assignment_accept"),
    path("my/assignments/<int:pk>/decline/", views.assignment_decline, name="assignment_decline"),
    path("my/calendar/", views.my_calendar, name="my_calendar"),
    path("my/calendar/renew/", views.my_calendar_renew, name="my_calendar_renew"),
    path("", include("sessions_app.urls_calendar")),
]

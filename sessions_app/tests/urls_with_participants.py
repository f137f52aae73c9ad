"""The project's URLs with stand-ins for the participants pages, so the links to them from the
course page can be tested whether or not the participants app has its pages yet."""

from django.http import HttpResponse
from django.urls import include, path

from dialogkurs.urls import urlpatterns as project_urlpatterns


def stand_in(request, *args, **kwargs):
    return HttpResponse("stand-in")


participants_pages = (
    [
        path("course/<int:pk>/", stand_in, name="course_participants"),
        path("course/<int:pk>/add/", stand_in, name="participant_add"),
        path("course/<int:pk>/import/", stand_in, name="import_csv"),
        path("course/<int:pk>/export.csv", stand_in, name="export_csv"),
        path("course/<int:pk>/attendance/<int:number>/", stand_in, name="attendance"),
        path("sign-up/<str:token>/", stand_in, name="signup"),
        path("evaluations/", stand_in, name="evaluation_report"),
        path("course/<int:course_pk>/evaluation/", stand_in, name="course_evaluation"),
    ],
    "participants",
)

urlpatterns = [
    *(p for p in project_urlpatterns if getattr(p, "namespace", None) != "participants"),
    path("participants/", include(participants_pages)),
]

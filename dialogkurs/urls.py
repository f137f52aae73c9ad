from django.conf import settings
from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from accounts import views as account_views
from reports import views as report_views

from . import views

urlpatterns = [
    path("", report_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", account_views.auth_views.LogoutView.as_view(), name="logout"),
    path("language/", account_views.set_language, name="set_language"),
    path("account/", include("accounts.urls")),
    path("trainings/", include("sessions_app.urls")),
    path("trainings/", include("workshops.urls")),
    path("participants/", include("participants.urls")),
    # The evaluation report that was here is the reports' evaluations report now (same period
    # and organisation parameters): bookmarks and links already sent keep working.
    path(
        "participants/evaluations/",
        RedirectView.as_view(url=reverse_lazy("reports:report", args=["evaluations"]), query_string=True),
    ),
    path("participants/", include("evaluations.urls")),
    path("", include("enquiries.urls")),
    path("network/", include("network.urls")),
    path("reports/", include("reports.urls")),
    path("reminders/", include("reminders.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "dialogkurs.views.page_not_found"
handler500 = "dialogkurs.views.server_error"

if settings.BENCH_MODE:
    # `make bench` times every page against this one; it does not exist otherwise.
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

import dialogkurs.converters  # noqa: F401  registers <reset_uid:…>, <reset_token:…>

from . import views, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("session/", views.session_status, name="session"),
    path("two-factor/", views_two_factor.verify, name="two_factor"),
    path("two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", views_two_factor.backup_codes, name="two_factor_backup_codes"),
    path("two-factor/backup-codes/new/", views_two_factor.renew_backup_codes, name="two_factor_renew_codes"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            html_email_template_name="registration/password_reset_email.html",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<reset_uid:uidb64>/<reset_token:token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from . import services, two_factor
from .forms import LoginForm, ProfileForm
from .models import BackupCodeDevice
from .roles import Role
from .sessions import session_passive, session_seconds_left, session_slide


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The interface follows the account's language from the first page after log-in.
        _set_language_cookie(response, self.request.user.language)
        return response


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """Django's set_language, which also remembers the choice on the account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language) and language in dict(settings.LANGUAGES):
        services.user_set_language(request.user, language)
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.user_update_profile(
            request.user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, user.language)
        return response
    role_labels = [Role(name).label for name in sorted(request.user.roles) if name in Role.values]
    backup = BackupCodeDevice.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "role_labels": role_labels,
            "has_two_factor": two_factor.has_two_factor(request.user),
            "backup_codes_left": backup.remaining if backup else None,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@session_passive
def session_status(request):
    """Seconds left in the session as JSON: GET only asks (it is no activity), POST stays logged
    in. Answers 0 when the session has ended, never the login page."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0})
    if request.method == "POST":
        session_slide(request.session, force=True)
    return JsonResponse({"seconds_left": session_seconds_left(request.session)})

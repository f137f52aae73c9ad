"""The second step of logging in, enrolment of an authenticator, and new backup codes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

SESSION_ENROLMENT = "accounts:totp_enrolment"
SESSION_NEW_CODES = "accounts:new_backup_codes"
WAIT_MESSAGE = gettext_lazy(
    "Wait a few seconds, then type the code the app shows: after a wrong code the next one is checked only after a short pause."
)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text=gettext_lazy("The six digits your authenticator app shows now, or one of your backup codes."),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy("The six digits the app shows after you added the account."),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _locked_out(request):
    two_factor.end_locked_out_session(request)
    return render(request, "accounts/locked_out.html", status=429)


@never_cache
@login_required
def verify(request):
    """The second step: a code from the authenticator (or a backup code)."""
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if two_factor.is_locked_out(request):
            return _locked_out(request)
        if form.is_valid():
            token = form.cleaned_data["token"].strip()
            authenticator = two_factor.totp_device(request.user)
            # A code typed during django-otp's pause after a wrong one is not checked, but counts
            # as a try towards the lock-out (a backup code is still checked).
            held_back = bool(authenticator and token.isdigit() and two_factor.must_wait(authenticator))
            if held_back:
                two_factor.record_failure(request)
            elif two_factor.verify(request, token):
                return redirect(_next(request))
            if two_factor.is_locked_out(request):
                return _locked_out(request)
            form.add_error(
                "token", WAIT_MESSAGE if held_back else _("That code is not right. Try the code the app shows now.")
            )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


def _enrolment_device(request) -> TOTPDevice:
    device_id = request.session.get(SESSION_ENROLMENT)
    device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first() if device_id else None
    if device is None:
        device = two_factor.start_enrolment(request.user)
        request.session[SESSION_ENROLMENT] = device.pk
    return device


@never_cache
@login_required
def setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code. A user
    who already has one must have passed the second step in this session to replace it."""
    if two_factor.has_two_factor(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor")
    device = _enrolment_device(request)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if two_factor.is_locked_out(request):
            return _locked_out(request)
        if form.is_valid():
            held_back = two_factor.must_wait(device)
            if held_back:
                two_factor.record_failure(request)
                codes = None
            else:
                codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["token"])
            if codes is not None:
                request.session.pop(SESSION_ENROLMENT, None)
                request.session[SESSION_NEW_CODES] = codes
                return redirect(f"{_backup_codes_url()}?next={_next(request)}")
            if two_factor.is_locked_out(request):
                return _locked_out(request)
            form.add_error(
                "token",
                WAIT_MESSAGE
                if held_back
                else _("That code is not right. Check the time on your phone and try the newest code."),
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device.config_url),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.requires_two_factor(request.user),
            "next": _next(request),
        },
    )


def _backup_codes_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor_backup_codes")


@never_cache
@login_required
def backup_codes(request):
    """The new backup codes, shown once after enrolment or after asking for new ones."""
    codes = request.session.pop(SESSION_NEW_CODES, None)
    if not codes:
        return redirect("accounts:profile")
    return render(request, "accounts/two_factor_backup_codes.html", {"codes": codes, "next": _next(request)})


@require_POST
@login_required
def renew_backup_codes(request):
    if not two_factor.has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    request.session[SESSION_NEW_CODES] = two_factor.new_backup_codes(request.user)
    messages.success(request, _("You have ten new backup codes; the old ones no longer work."))
    return redirect("accounts:two_factor_backup_codes")

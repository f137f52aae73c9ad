"""A logged-in session: sliding expiry, its warning, and the form posted after it ended.

- **Sliding expiry.** A session ends ``SESSION_IDLE_TIMEOUT`` after the user's last request, not
  a fixed time after logging in. The expiry is stored in the session as an absolute time and
  moved at most once a ``SESSION_REFRESH_INTERVAL``, so an active user costs one session write a
  minute, not one per request.
- **The warning** (WCAG 2.2.1): every page of a logged-in user carries the seconds left; the
  script in ``static/js/site.js`` asks :func:`session_status` shortly before the end (another tab
  may have moved it) and offers to stay logged in, which posts to the same view.
- **A form posted after the end is kept.** The POST is answered by the login page as before, but
  its fields are kept in the new anonymous session, marked with the account that last logged in
  on this browser (a cookie with a keyed hash of the account, set at login, removed at logout). After logging in again the
  user is sent back to the form's address and the kept POST is sent there once, as she wrote it,
  so it is saved once, with its errors shown if it has any. It is never sent for another account
  (a colleague logging in on the same browser): the kept fields are dropped unseen.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import user_logged_in, user_logged_out
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

KEPT_FORM_KEY = "dialogkurs.kept_form"
# A kept form larger than this is not kept (the session row would grow without bound).
KEPT_FORM_MAX_CHARS = 200_000
# The account cookie outlives any session: it only has to last until the user comes back.
ACCOUNT_COOKIE_MAX_AGE = 30 * 24 * 3600


def session_seconds_left(session: SessionBase) -> int:
    """Seconds until the session ends if nothing happens (0 when it has ended)."""
    return max(0, int((session.get_expiry_date() - timezone.now()).total_seconds()))


def session_slide(session: SessionBase, *, force: bool = False) -> None:
    """Move the end of the session to ``SESSION_IDLE_TIMEOUT`` from now. Side effect: the session
    is saved by the session middleware. Without ``force`` only when it was last moved more than
    ``SESSION_REFRESH_INTERVAL`` ago."""
    now = timezone.now()
    if not force and "_session_expiry" in session:
        moved_ago = settings.SESSION_IDLE_TIMEOUT - (session.get_expiry_date() - now)
        if moved_ago < settings.SESSION_REFRESH_INTERVAL:
            return
    session.set_expiry(now + settings.SESSION_IDLE_TIMEOUT)


def session_passive(view):
    """Mark a view whose requests are not the user's activity (the warning's status check)."""
    view.session_passive = True
    return view


def _account_mark(user) -> str:
    """What the account cookie holds: a keyed hash of the user's id (the id is not readable from
    it, and nobody without SECRET_KEY can make the mark of another account)."""
    return salted_hmac("dialogkurs.accounts.kept_form", str(user.pk)).hexdigest()


@receiver(user_logged_in, dispatch_uid="accounts.sessions.logged_in")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_slide(request.session, force=True)


@receiver(user_logged_out, dispatch_uid="accounts.sessions.logged_out")
def _on_logout(sender, request, user, **kwargs):
    # Logging out on purpose: nothing is pending for this account on this browser any more.
    if request is not None:
        request.forget_account = True


class SessionActivityMiddleware:
    """Sliding expiry and the kept form (see the module docstring). After AuthenticationMiddleware
    and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and KEPT_FORM_KEY in request.session:
            _resend_kept_form(request)
        response = self.get_response(request)
        if request.method == "POST" and not request.user.is_authenticated and _goes_to_login(response):
            _keep_form(request)
        _update_account_cookie(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated and not getattr(view_func, "session_passive", False):
            session_slide(request.session)


def _goes_to_login(response: HttpResponse) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def _keep_form(request: HttpRequest) -> None:
    mark = request.COOKIES.get(settings.ACCOUNT_COOKIE_NAME)
    fields = [(key, values) for key, values in request.POST.lists() if key != "csrfmiddlewaretoken"]
    if not mark or sum(len(key) + sum(map(len, values)) for key, values in fields) > KEPT_FORM_MAX_CHARS:
        messages.warning(
            request,
            _(
                "You were logged out because you had not been active for a while, so the form was not sent. "
                "Log in and send it again."
            ),
        )
        return
    request.session[KEPT_FORM_KEY] = {
        "path": request.get_full_path(),
        "fields": fields,
        "account": mark,
        "kept_at": timezone.now().isoformat(),
    }
    messages.info(
        request,
        _(
            "You were logged out because you had not been active for a while. What you sent is kept: "
            "log in again and it is sent."
        ),
    )


def _resend_kept_form(request: HttpRequest) -> None:
    """Turn the first request after logging in again into the kept POST, once, for its own account."""
    kept = request.session.pop(KEPT_FORM_KEY)
    kept_at = datetime.fromisoformat(kept["kept_at"])
    if (
        request.method != "GET"
        or kept["path"] != request.get_full_path()
        or not constant_time_compare(kept["account"], _account_mark(request.user))
        or timezone.now() - kept_at > settings.SESSION_IDLE_TIMEOUT
    ):
        return
    data = QueryDict(mutable=True)
    for key, values in kept["fields"]:
        data.setlist(key, values)
    data._mutable = False
    request.method = request.META["REQUEST_METHOD"] = "POST"
    request.POST = data
    request._files = MultiValueDict()
    # The kept POST passed the CSRF check when it was sent; it is resent only to its own
    # account, only to the address it was sent to, and only once (it left the session above).
    request._dont_enforce_csrf_checks = True
    messages.info(request, _("Welcome back. The form you sent before you were logged out has now been sent."))


def _update_account_cookie(request: HttpRequest, response: HttpResponse) -> None:
    if getattr(request, "forget_account", False):
        response.delete_cookie(settings.ACCOUNT_COOKIE_NAME, samesite=settings.SESSION_COOKIE_SAMESITE)
        return
    if not request.user.is_authenticated:
        return
    mark = _account_mark(request.user)
    if request.COOKIES.get(settings.ACCOUNT_COOKIE_NAME) != mark:
        response.set_cookie(
            settings.ACCOUNT_COOKIE_NAME,
            mark,
            max_age=ACCOUNT_COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )

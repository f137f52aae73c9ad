"""The coordinators' outbox: list with filters, one message with its error and a resend
button, and a preview of each kind of message."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.pagination import paginate

from . import registry, selectors, services
from .filters import MessageFilter
from .forms import PreviewForm
from .rendering import ObjectGone, render_message

OUTBOX_ROLES = (Role.COORDINATOR, Role.ADMINISTRATOR)
# The site's page size (dialogkurs.pagination): at 50 rows the table was two thirds of the
# page's time (issue 13); a message further down is found with the filters.
PAGE_SIZE = 25
# The outbox holds a million rows after some years: it is counted only this far (40 pages, as
# the enquiry inbox); older messages are found with the filters. Counting 5,000 index entries
# took 1 ms of every page, 1,000 take 0.2 ms.
COUNT_AT_MOST = 1000


@role_required(*OUTBOX_ROLES)
def outbox(request):
    message_filter = MessageFilter(request.GET or None, user=request.user)
    page = paginate(request, message_filter.qs, PAGE_SIZE, count_at_most=COUNT_AT_MOST)
    selectors.message_objects_fetch(page.object_list)
    return render(request, "reminders/outbox.html", {"form": message_filter.form, "page_obj": page})


@role_required(*OUTBOX_ROLES)
def message_detail(request, pk: int):
    message = selectors.message_get(user=request.user, pk=pk)
    kind = next((k for k in registry.registered_kinds() if k.name == message.kind), None)
    return render(request, "reminders/message_detail.html", {"message": message, "kind": kind})


@require_POST
@role_required(*OUTBOX_ROLES)
def message_resend(request, pk: int):
    message = selectors.message_get(user=request.user, pk=pk)
    try:
        services.message_resend(message)
    except ValueError:
        messages.error(request, _("Only a failed or missed message can be sent again."))
    else:
        messages.success(request, _("The message will be sent again within a minute."))
    return redirect("reminders:message_detail", pk=message.pk)


def _render_preview(form: PreviewForm):
    """(message, rendered, problem) for a valid preview form."""
    message = form.cleaned_data["message_obj"]
    try:
        rendered = render_message(
            message, kind=form.cleaned_data["kind"] or None, language=form.cleaned_data["language"] or None
        )
    except ObjectGone:
        return message, None, _("What this message is about no longer exists, so it cannot be shown.")
    except Exception as exc:  # a broken template: show it to the person who can report it
        return message, None, _("The message cannot be rendered: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
    return message, rendered, ""


@role_required(*OUTBOX_ROLES)
def preview(request):
    form = PreviewForm(request.GET or None, user=request.user)
    message = rendered = None
    problem = ""
    if form.is_bound and form.is_valid():
        message, rendered, problem = _render_preview(form)
    counts = selectors.kind_counts(user=request.user)
    kinds = [(kind, counts.get(kind.name, 0)) for kind in registry.registered_kinds()]
    return render(
        request,
        "reminders/preview.html",
        {
            "form": form,
            "message": message,
            "rendered": rendered,
            "problem": problem,
            "kinds": kinds,
            "query": request.GET.urlencode(),
        },
    )


@role_required(*OUTBOX_ROLES)
def preview_html(request):
    """The HTML part of a previewed e-mail, as the recipient's mail program gets it."""
    form = PreviewForm(request.GET or None, user=request.user)
    if not form.is_valid():
        return HttpResponse(status=400)
    _message, rendered, problem = _render_preview(form)
    if rendered is None:
        return HttpResponse(problem, status=409, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html, content_type="text/html; charset=utf-8")

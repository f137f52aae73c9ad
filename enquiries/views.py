"""Views for enquiries: the public form, and the coordinators' inbox. Thin: permission, form,
service, render."""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.pagination import PAGE_SIZE, paginate
from dialogkurs.ratelimits import AcceptedLimit, posts_limited

from . import hooks, selectors, services
from .filters import EnquiryFilter
from .forms import (
    HONEYPOT_FIELD,
    AssignForm,
    CloseForm,
    ConvertForm,
    EnquiryForm,
    MeetingForm,
    MeetingHeldForm,
    NoteForm,
)
from .models import Enquiry, EnquiryMeeting, EventKind, Status, Topic

logger = logging.getLogger(__name__)

# The thank-you page names the address the answer goes to. It travels in a short-lived signed
# cookie, not the session: a session would cost every public post a second transaction (an
# INSERT and a COMMIT) for a page that shows it once.
SENT_TO_COOKIE = "enquiry_sent_to"
SENT_TO_SECONDS = 600


# The inbox counts its rows only this far (40 pages): "all" or "closed" are ten years of
# enquiries, and their exact count read every one of them on every page.
INBOX_COUNT_AT_MOST = 1000

# Accepted enquiries per client address: typos and re-shown forms do not count.
ACCEPTED_ENQUIRIES = AcceptedLimit(group="enquiries:accepted", setting="ENQUIRY_RATE_LIMIT")


# --- Public ---------------------------------------------------------------------------------


def enquiry_create(request):
    """The public contact form: no account needed."""
    too_many_posts = posts_limited(request, group="enquiries:posts", rate=settings.ENQUIRY_POST_RATE_LIMIT)
    if request.method == "POST" and (too_many_posts or ACCEPTED_ENQUIRIES.reached(request)):
        logger.warning("enquiry form rate limit reached")
        # What was typed comes back in the form: nothing is lost when the person has to wait.
        form = EnquiryForm(initial=request.POST.dict())
        return _form(request, "enquiries/rate_limited.html", form, status=429)
    form = EnquiryForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam():
            # Answer a bot exactly as a person, so it learns nothing; keep nothing.
            logger.info("enquiry honeypot filled in; discarded")
            return redirect("enquiries:thanks")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
            enquiry = services.enquiry_submit(**data)
            ACCEPTED_ENQUIRIES.count(request)
            response = redirect("enquiries:thanks")
            response.set_signed_cookie(
                SENT_TO_COOKIE,
                enquiry.email,
                salt=SENT_TO_COOKIE,
                max_age=SENT_TO_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
    return _form(request, "enquiries/enquiry_form.html", form)


def _form(request, template: str, form: EnquiryForm, status: int = 200):
    return render(request, template, {"form": form, "honeypot_field": HONEYPOT_FIELD}, status=status)


def enquiry_thanks(request):
    sent_to = request.get_signed_cookie(SENT_TO_COOKIE, default="", salt=SENT_TO_COOKIE, max_age=SENT_TO_SECONDS)
    response = render(
        request,
        "enquiries/enquiry_thanks.html",
        {"sent_to": sent_to, "working_days": settings.ENQUIRY_SLA_REMIND_WORKING_DAYS},
    )
    response.delete_cookie(SENT_TO_COOKIE, samesite="Lax")
    return response


# --- Coordinators ---------------------------------------------------------------------------

coordinators_only = role_required(Role.COORDINATOR)


@coordinators_only
def inbox(request):
    # Always bound, so that no status chosen means the open ones (EnquiryFilter.filter_queryset).
    enquiry_filter = EnquiryFilter(request.GET, queryset=selectors.enquiry_list())
    rows = enquiry_filter.qs
    first = _first_page(request, rows)
    if first is not None and len(first) <= PAGE_SIZE:  # all on one page: no count of its own
        page = paginate(request, first, PAGE_SIZE, count=len(first))
    else:
        page = paginate(request, rows, PAGE_SIZE, count_at_most=INBOX_COUNT_AT_MOST)
        if first is not None:
            page.object_list = first[:PAGE_SIZE]  # read already
    return render(
        request,
        "enquiries/inbox.html",
        {"form": enquiry_filter.form, "page_obj": page, "rows": _inbox_rows(page.object_list)},
    )


def _first_page(request, rows) -> list[Enquiry] | None:
    """The first page's rows and one more, when the first page is asked for: if they fit on it
    (a search, a narrow filter) they are counted without a query of their own. A search reads
    its matches with a condition on five text columns: once, not again for a count."""
    if request.GET.get("page", "1") != "1":
        return None
    return list(rows[: PAGE_SIZE + 1])


def _url_of(name: str):
    """The URL of ``name`` for one argument, reversed once and then filled in (``reverse`` costs
    about 0.1 ms: a page of 25 rows)."""
    mark = "987654321000"
    return reverse(name, args=[mark]).replace("{", "{{").replace("}", "}}").replace(mark, "{0}").format


# Django's date format characters that strftime writes the same way (numbers only).
_STRFTIME = {"Y": "%Y", "m": "%m", "d": "%d", "H": "%H", "i": "%M"}


@functools.cache
def _as_strftime(django_format: str) -> str | None:
    """``django_format`` for strftime, when it holds only numbers and separators (sv "Y-m-d H:i",
    nb "d.m.Y H:i"); else None (en "m/d/Y P": Django writes "1:30 p.m.")."""
    out = []
    for char in django_format:
        if char in _STRFTIME:
            out.append(_STRFTIME[char])
        elif char.isalnum() or char in "\\%":
            return None
        else:
            out.append(char)
    return "".join(out)


def _when_formatter():
    """A moment as the template filter ``date:"SHORT_DATETIME_FORMAT"`` writes it in the current
    language and time zone, the format looked up once: Django's formatting took 25 µs a date,
    strftime 6 (a page of the inbox writes 50)."""
    django_format = formats.get_format("SHORT_DATETIME_FORMAT")
    strftime = _as_strftime(django_format)
    if strftime is None:
        return lambda moment: formats.date_format(timezone.localtime(moment), django_format)
    return lambda moment: timezone.localtime(moment).strftime(strftime)


def sla_note(enquiry: Enquiry, now=None, when=None) -> dict | None:
    """How the contact deadline of an enquiry awaiting contact stands, for the inbox and the
    enquiry's page: past the alert, past the deadline (``overdue``), or due when."""
    if not enquiry.awaits_contact:
        return None
    now = now or timezone.now()
    when = when or _when_formatter()
    if enquiry.is_escalated(now):
        return {"overdue": True, "text": _("Overdue: coordinators alerted")}
    if enquiry.is_overdue(now):
        return {"overdue": True, "text": _("Overdue")}
    return {"overdue": False, "text": _("Contact by %(due)s") % {"due": when(enquiry.contact_due_at)}}


def _inbox_rows(enquiries) -> list[dict]:
    """What each row of the inbox shows, worked out here: in the template, a URL reversed, two
    dates formatted, two sentences translated and a template included per row were half of
    the page's time."""
    detail_url = _url_of("enquiries:detail")
    now = timezone.now()
    when = _when_formatter()
    # Each label translated once a page, not once a row.
    topics = {topic.value: str(topic.label) for topic in Topic}
    statuses = {status.value: str(status.label) for status in Status}
    rows = []
    for enquiry in enquiries:
        anonymised = enquiry.is_anonymised
        meeting = enquiry.meeting if enquiry.awaits_meeting else None
        rows.append(
            {
                "enquiry": enquiry,
                "url": detail_url(enquiry.pk),
                "title": _("Enquiry %(number)s") % {"number": enquiry.pk},
                "sender": "" if anonymised else _("from %(name)s") % {"name": enquiry.name},
                "anonymised": anonymised,
                "received": when(enquiry.created_at),
                "meeting_at": when(meeting.starts_at) if meeting else "",
                "sla": sla_note(enquiry, now, when),
                "topic": topics[enquiry.topic],
                "status": statuses[enquiry.status],
            }
        )
    return rows


def _get(pk: int) -> Enquiry:
    try:
        return selectors.enquiry_get(pk)
    except Enquiry.DoesNotExist:
        raise Http404 from None


def _detail(request, enquiry: Enquiry, **forms):
    events = list(enquiry.events.all())
    context = {
        "enquiry": enquiry,
        "sla": sla_note(enquiry),
        "meeting": enquiry.meeting if _has_meeting(enquiry) else None,
        "events": events,
        "notes": [e for e in events if e.kind == EventKind.NOTE],
        "now": timezone.now(),
        "assign_form": forms.get("assign_form") or AssignForm(initial={"assignee": enquiry.assignee_id}),
        "note_form": forms.get("note_form") or NoteForm(),
        "actions": hooks.actions_for(enquiry),
    }
    return render(request, "enquiries/enquiry_detail.html", context)


def _has_meeting(enquiry: Enquiry) -> bool:
    try:
        return enquiry.meeting is not None
    except EnquiryMeeting.DoesNotExist:
        return False


@coordinators_only
def enquiry_detail(request, pk: int):
    return _detail(request, _get(pk))


def _refused(request, enquiry: Enquiry, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(enquiry_url(enquiry))


def enquiry_url(enquiry: Enquiry) -> str:
    return reverse("enquiries:detail", args=[enquiry.pk])


@require_POST
@coordinators_only
def enquiry_assign(request, pk: int):
    enquiry = _get(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _detail(request, enquiry, assign_form=form)
    try:
        services.enquiry_assign(enquiry, assignee=form.cleaned_data["assignee"], by=request.user)
    except ValidationError as error:
        return _refused(request, enquiry, error)
    messages.success(request, _("The assignee has been saved."))
    return redirect(enquiry_url(enquiry))


@require_POST
@coordinators_only
def enquiry_assign_to_me(request, pk: int):
    enquiry = _get(pk)
    try:
        services.enquiry_assign(enquiry, assignee=request.user, by=request.user)
    except ValidationError as error:
        return _refused(request, enquiry, error)
    messages.success(request, _("The enquiry is now assigned to you."))
    return redirect(enquiry_url(enquiry))


@require_POST
@coordinators_only
def enquiry_contacted(request, pk: int):
    enquiry = _get(pk)
    try:
        services.enquiry_mark_contacted(enquiry, by=request.user)
    except ValidationError as error:
        return _refused(request, enquiry, error)
    messages.success(request, _("The enquiry is marked as contacted."))
    return redirect(enquiry_url(enquiry))


@require_POST
@coordinators_only
def enquiry_note(request, pk: int):
    enquiry = _get(pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, enquiry, note_form=form)
    try:
        services.enquiry_add_note(enquiry, by=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        return _refused(request, enquiry, error)
    messages.success(request, _("The note has been added."))
    return redirect(enquiry_url(enquiry) + "#notes")


def _form_page(request, template: str, enquiry: Enquiry, form):
    return render(
        request,
        template,
        {"enquiry": enquiry, "form": form, "retention_months": settings.ENQUIRY_RETENTION_MONTHS},
    )


@coordinators_only
def meeting_book(request, pk: int):
    enquiry = _get(pk)
    meeting = enquiry.meeting if _has_meeting(enquiry) else None
    initial = {} if meeting else {"attendees": [enquiry.assignee_id or request.user.pk]}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial, enquiry=enquiry)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquiry_book_meeting(
                enquiry,
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is booked. Both sides get an invitation with a calendar file."))
            return redirect(enquiry_url(enquiry))
    return _form_page(request, "enquiries/meeting_form.html", enquiry, form)


@coordinators_only
def meeting_held(request, pk: int):
    enquiry = _get(pk)
    if not _has_meeting(enquiry):
        raise Http404
    form = MeetingHeldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquiry_record_meeting(enquiry, by=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is recorded as held."))
            return redirect(enquiry_url(enquiry))
    return _form_page(request, "enquiries/meeting_held_form.html", enquiry, form)


@coordinators_only
def enquiry_close(request, pk: int):
    enquiry = _get(pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquiry_close(enquiry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error, field="reason" if error.code == "reason_required" else None)
        else:
            messages.success(request, _("The enquiry is closed."))
            return redirect(enquiry_url(enquiry))
    return _form_page(request, "enquiries/close_form.html", enquiry, form)


@coordinators_only
def enquiry_convert(request, pk: int):
    """A training enquiry becomes a draft course for its workplace, in one step."""
    enquiry = _get(pk)
    if enquiry.topic != Topic.TRAINING:
        raise Http404
    form = ConvertForm(request.POST or None, enquiry=enquiry)
    if request.method == "POST" and form.is_valid():
        try:
            services.enquiry_convert_to_course(enquiry, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft course has been created."))
            return redirect(enquiry_url(enquiry))
    return _form_page(request, "enquiries/convert_form.html", enquiry, form)

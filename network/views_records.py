"""Pages for the records of a case: notes (write, autosave, sign, correct, object), the case
export, erasure at a member's request, emergency access, and the administrators' review of the
access log and of emergency accesses. Every page that shows a case passes ``read_case``."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.pagination import paginate
from dialogkurs.spreadsheets import csv_download, csv_safe

from . import exports, queries, services_records
from .forms_records import AccessLogFilter, CorrectionForm, EmergencyAccessForm, NoteForm, ObjectionForm
from .models import AccessKind, AccessLog, EmergencyAccess, MeetingNote, NetworkMember
from .permissions import AccessReason, read_case

PAGE_SIZE = 50


def _posted(request):
    return request.POST if request.method == "POST" else None


def _note(case, pk: int, user) -> MeetingNote:
    """A note of ``case`` that ``user`` may see: signed, or their own draft."""
    note = MeetingNote.objects.filter(case=case, pk=pk).select_related("author", "meeting").first()
    if note is None or (note.is_draft and note.author_id != user.pk):
        raise Http404
    return note


# --- Notes --------------------------------------------------------------------------------------


def note_new(request, pk: int):
    case = read_case(request, pk, kind=AccessKind.FORM, change=True)
    initial = {}
    meeting_id = request.GET.get("meeting", "")
    if meeting_id.isdigit():
        initial["meeting"] = case.meetings.filter(pk=meeting_id).first()
    form = NoteForm(_posted(request), case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            note = services_records.note_create(case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "sign" in request.POST:
                return redirect("network:note_sign", pk=case.pk, note_pk=note.pk)
            messages.success(request, _("The draft is saved."))
            return redirect("network:note_edit", pk=case.pk, note_pk=note.pk)
    return render(request, "network/note_form.html", {"case": case, "form": form, "title": _("New note")})


def note_edit(request, pk: int, note_pk: int):
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    if not note.is_draft:
        return redirect("network:note_detail", pk=case.pk, note_pk=note.pk)
    initial = {"body": note.body, "meeting": note.meeting, "written_together": note.written_together}
    form = NoteForm(_posted(request), case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_records.note_save_draft(note, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "sign" in request.POST:
                return redirect("network:note_sign", pk=case.pk, note_pk=note.pk)
            messages.success(request, _("The draft is saved."))
            return redirect("network:note_edit", pk=case.pk, note_pk=note.pk)
    title = _("Correction of a note") if note.is_correction else _("Draft note")
    return render(request, "network/note_form.html", {"case": case, "form": form, "note": note, "title": title})


@require_POST
def note_autosave(request, pk: int, note_pk: int):
    """The draft as the author types (static/network/notes.js); answers JSON."""
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    form = NoteForm(request.POST, case=case)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    try:
        note = services_records.note_save_draft(note, by=request.user, **form.cleaned_data)
    except (ValidationError, PermissionDenied):
        return JsonResponse({"saved": False}, status=409)
    local = timezone.localtime(note.updated_at)
    return JsonResponse({"saved": True, "at": local.strftime("%H:%M:%S")})


def note_sign(request, pk: int, note_pk: int):
    """Signing asks for confirmation: once signed, the note is never changed."""
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    if not note.is_draft or note.author_id != request.user.pk:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services_records.note_sign(note, by=request.user)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, _("The note is signed."))
            return redirect("network:note_detail", pk=case.pk, note_pk=note.pk)
    return render(request, "network/note_sign.html", {"case": case, "note": note, "error": error})


@require_POST
def note_discard(request, pk: int, note_pk: int):
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    try:
        services_records.note_discard(note, by=request.user)
    except (ValidationError, PermissionDenied):
        raise Http404 from None
    messages.success(request, _("The draft is thrown away."))
    return redirect(case)


def note_detail(request, pk: int, note_pk: int):
    """A note with all its versions and the objections beside them."""
    case = read_case(request, pk, kind=AccessKind.NOTE_HISTORY, object_id=note_pk)
    note = _note(case, note_pk, request.user)
    versions = [v for v in queries.note_thread(note) if v.is_signed or v.author_id == request.user.pk]
    latest_signed = next((v for v in reversed(versions) if v.is_signed), None)
    open_correction = next((v for v in versions if v.is_draft), None)
    return render(
        request,
        "network/note_detail.html",
        {
            "case": case,
            "versions": versions[::-1],
            "latest": latest_signed,
            "open_correction": open_correction,
            "can_change": request.network_access == AccessReason.TEAM and case.is_open,
        },
    )


def note_correct(request, pk: int, note_pk: int):
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    form = CorrectionForm(_posted(request), initial={"body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services_records.note_correct(note, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("network:note_sign", pk=case.pk, note_pk=correction.pk)
    return render(request, "network/note_correct.html", {"case": case, "note": note, "form": form})


def note_objection(request, pk: int, note_pk: int):
    case = read_case(request, pk, kind=AccessKind.NOTE, object_id=note_pk, change=True)
    note = _note(case, note_pk, request.user)
    form = ObjectionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_records.objection_record(note, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The objection is recorded beside the note."))
            return redirect("network:note_detail", pk=case.pk, note_pk=note.pk)
    return render(request, "network/note_objection.html", {"case": case, "note": note, "form": form})


# --- The person's rights ------------------------------------------------------------------------


def case_export(request, pk: int):
    """Everything about the case on one printable page (the index person's copy)."""
    case = read_case(request, pk, kind=AccessKind.EXPORT)
    return render(request, "network/case_export.html", {"case": case, "export": exports.case_export(case)})


def case_export_json(request, pk: int):
    case = read_case(request, pk, kind=AccessKind.EXPORT)
    data = json.dumps(exports.case_export_data(case), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="case-{case.pk}.json"'
    return response


def member_erase(request, pk: int, member_pk: int):
    case = read_case(request, pk, kind=AccessKind.MEMBER, object_id=member_pk, change=True)
    member = get_object_or_404(NetworkMember, case=case, pk=member_pk, erased_at=None)
    if request.method == "POST":
        services_records.member_erase(member, by=request.user)
        messages.success(request, _("The person's details are erased. The erasure is in the case's history."))
        return redirect(f"{case.get_absolute_url()}#network")
    return render(request, "network/member_erase.html", {"case": case, "member": member})


# --- Emergency access --------------------------------------------------------------------------


@role_required(Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR)
def emergency_access(request):
    form = EmergencyAccessForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            grant = services_records.emergency_access_open(
                form.cleaned_data["case_number"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.warning(
                request,
                _("Emergency access until %(time)s. The team has been told; every read is logged.")
                % {"time": timezone.localtime(grant.expires_at).strftime("%H:%M")},
            )
            return redirect("network:case_detail", pk=grant.case_id)
    return render(request, "network/emergency_access.html", {"form": form})


# --- Review (administrators) ----------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
def access_log(request):
    log_filter = AccessLogFilter(
        request.GET or None, queryset=AccessLog.objects.select_related("user").order_by("-at", "-pk")
    )
    # Unbound: the whole log, newest first; an invalid filter shows its error and nothing.
    rows = log_filter.qs if not log_filter.is_bound or log_filter.is_valid() else AccessLog.objects.none()
    if request.GET.get("format") == "csv":
        return _log_csv(rows)
    page = paginate(request, rows, PAGE_SIZE)
    return render(request, "network/access_log.html", {"filter": log_filter, "form": log_filter.form, "page_obj": page})


def _log_csv(rows) -> HttpResponse:
    response, writer = csv_download("access-log.csv")
    writer.writerow(
        [_("When"), _("Who"), _("E-mail address"), _("Case"), _("What"), _("Which"), _("Why"), _("Address")]
    )
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            csv_safe(cell)
            for cell in [
                timezone.localtime(row.at).isoformat(timespec="seconds"),
                row.user.full_name,
                row.user.email,
                row.case_id,
                row.get_kind_display(),
                row.object_id or "",
                AccessReason(row.reason).label,
                row.path,
            ]
        )
    return response


@role_required(Role.ADMINISTRATOR)
def emergency_list(request):
    grants = EmergencyAccess.objects.select_related("user", "reviewed_by").order_by("reviewed_at", "-started_at", "-pk")
    if request.GET.get("show") != "all":
        grants = grants.filter(reviewed_at=None)
    page = paginate(request, grants, PAGE_SIZE)
    return render(
        request, "network/emergency_list.html", {"page_obj": page, "show_all": request.GET.get("show") == "all"}
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def emergency_review(request, grant_pk: int):
    grant = get_object_or_404(EmergencyAccess, pk=grant_pk)
    services_records.emergency_access_review(grant, by=request.user)
    messages.success(request, _("Marked as reviewed."))
    return redirect("network:emergency_list")

"""Pages for the network clinicians: thin — permission, form, service, render.

Every view that touches a case gets it from ``_case`` (``network.permissions.read_case``):
anyone not on the case's current team (or holding an emergency access) gets a 404, whatever
their role, and every read is written to the access log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors, to_local_input
from dialogkurs.pagination import paginate
from enquiries.models import Enquiry, Topic

from . import queries, services
from .forms import (
    CaseCreateForm,
    CloseCaseForm,
    EnquiryToCaseForm,
    MeetingForm,
    MemberForm,
    PersonForm,
    RecordMeetingForm,
    TeamAddForm,
    TeamRemoveForm,
)
from .models import AccessKind, Case, NetworkMeeting, NetworkMember, TeamMembership
from .network_map import build_map
from .permissions import AccessReason, read_case

MIN_TEAM = 2  # Open Dialogue: preferably two clinicians; the case page warns with fewer


def _case(request, pk: int, *, kind: str = AccessKind.FORM, object_id: int | None = None, change: bool = False) -> Case:
    """The case through the one door (``read_case``): 404 unless the user may read it, and an
    access-log row for this read."""
    return read_case(request, pk, kind=kind, object_id=object_id, change=change)


def _posted(request):
    """The posted data, or None for a GET: a POST without fields is still a (bound, invalid) form."""
    return request.POST if request.method == "POST" else None


def _meeting(case: Case, pk: int) -> NetworkMeeting:
    try:
        return queries.meeting_get(case, pk)
    except NetworkMeeting.DoesNotExist:
        raise Http404 from None


# --- My cases ---------------------------------------------------------------------------------


@role_required(Role.NETWORK_CLINICIAN)
def case_list(request):
    closed = request.GET.get("status") == "closed"
    now = timezone.now()
    page = paginate(request, queries.my_cases(request.user, closed=closed, now=now))
    return render(
        request,
        "network/case_list.html",
        {"page_obj": page, "cases": page.object_list, "closed": closed, "now": now, "min_team": MIN_TEAM},
    )


@role_required(Role.NETWORK_CLINICIAN)
def case_create(request):
    now = timezone.localtime()
    form = CaseCreateForm(
        _posted(request),
        initial={
            "first_contact_at": to_local_input(now, now.tzinfo),
            "clinicians": [request.user.pk],
            "language": request.user.language,
            "country": "NO" if request.user.language == "nb" else "SE",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_create(by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The case has been created. Book the first meeting within 24 hours."))
            return redirect(case)
    return render(request, "network/case_form.html", {"form": form, "title": _("New case")})


# --- One case ----------------------------------------------------------------------------------


def case_detail(request, pk: int):
    case = _case(request, pk, kind=AccessKind.CASE)
    context = {
        "case": case,
        "now": timezone.now(),
        "min_team": MIN_TEAM,
        **queries.case_detail(case),
        **queries.case_notes(case, request.user),
        "emergency": request.network_emergency,
        "emergency_accesses": list(case.emergency_accesses.select_related("user").order_by("-started_at")[:20]),
    }
    context["can_change"] = request.network_access == AccessReason.TEAM
    return render(request, "network/case_detail.html", context)


def case_history(request, pk: int):
    case = _case(request, pk, kind=AccessKind.HISTORY)
    return render(request, "network/case_history.html", {"case": case, "events": queries.case_history(case)})


def case_edit(request, pk: int):
    case = _case(request, pk, change=True)
    form = PersonForm(_posted(request), initial=PersonForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update_person(case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The index person's details have been saved."))
            return redirect(case)
    return render(request, "network/case_form.html", {"form": form, "case": case, "title": _("The index person")})


def case_close(request, pk: int):
    case = _case(request, pk, change=True)
    form = CloseCaseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, _("The case is closed."))
            return redirect(case)
    return render(
        request,
        "network/case_close.html",
        {"form": form, "case": case, "retention_years": settings.NETWORK_RETENTION_YEARS},
    )


# --- The team ----------------------------------------------------------------------------------


def team(request, pk: int):
    case = _case(request, pk, change=True)
    form = TeamAddForm(_posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_add(case, form.cleaned_data["clinician"], by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, _("The team has been changed. The other team members are told."))
            return redirect(case)
    memberships = case.memberships.select_related("clinician").order_by("started_at", "pk")
    return render(request, "network/team.html", {"form": form, "case": case, "memberships": memberships})


def team_remove(request, pk: int, membership_pk: int):
    case = _case(request, pk, change=True)
    membership = get_object_or_404(TeamMembership.objects.select_related("clinician"), case=case, pk=membership_pk)
    form = TeamRemoveForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.team_remove(membership, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error, field="reason")
        else:
            messages.success(request, _("The team has been changed. The other team members are told."))
            if membership.clinician_id == request.user.pk:
                return redirect("network:case_list")
            return redirect(case)
    return render(request, "network/team_remove.html", {"form": form, "case": case, "membership": membership})


# --- The network ------------------------------------------------------------------------------


def member_add(request, pk: int):
    case = _case(request, pk, change=True)
    form = MemberForm(_posted(request), initial={"language": case.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(
                case,
                by=request.user,
                invite_agreement=form.cleaned_data["invite_agreement"],
                reminders_agreed=form.cleaned_data["reminders_agreed"],
                **form.member_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s has been added to the network.") % {"name": form.cleaned_data["name"]}
            )
            if "add_another" in request.POST:
                return redirect("network:member_add", pk=case.pk)
            return redirect(f"{case.get_absolute_url()}#network")
    return render(request, "network/member_form.html", {"form": form, "case": case, "title": _("Add to the network")})


def member_edit(request, pk: int, member_pk: int):
    case = _case(request, pk, kind=AccessKind.MEMBER, object_id=member_pk, change=True)
    member = get_object_or_404(NetworkMember, case=case, pk=member_pk, erased_at=None)
    form = MemberForm(_posted(request), instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                member,
                by=request.user,
                invite_agreement=form.cleaned_data["invite_agreement"],
                reminders_agreed=form.cleaned_data["reminders_agreed"],
                **form.member_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(f"{case.get_absolute_url()}#network")
    return render(
        request, "network/member_form.html", {"form": form, "case": case, "member": member, "title": member.name}
    )


def network_map(request, pk: int):
    case = _case(request, pk, kind=AccessKind.MAP)
    members = list(case.members.filter(erased_at=None).order_by("closeness", "pk"))
    return render(request, "network/network_map.html", {"case": case, "map": build_map(members)})


# --- Meetings ---------------------------------------------------------------------------------


def meeting_book(request, pk: int):
    case = _case(request, pk, change=True)
    form = MeetingForm(_posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_book(case, by=request.user, **form.meeting_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is booked. The invitations are on their way."))
            return redirect(case)
    return render(request, "network/meeting_form.html", {"form": form, "case": case, "title": _("Book a meeting")})


def meeting_detail(request, pk: int, meeting_pk: int):
    case = _case(request, pk, kind=AccessKind.MEETING, object_id=meeting_pk)
    meeting = _meeting(case, meeting_pk)
    return render(
        request,
        "network/meeting_detail.html",
        {"case": case, "meeting": meeting, "can_change": request.network_access == AccessReason.TEAM},
    )


def meeting_edit(request, pk: int, meeting_pk: int):
    case = _case(request, pk, kind=AccessKind.MEETING, object_id=meeting_pk, change=True)
    meeting = _meeting(case, meeting_pk)
    if not meeting.can_be_changed:
        raise Http404
    form = MeetingForm(_posted(request), case=case, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(meeting, by=request.user, **form.meeting_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been changed. Those invited are told."))
            return redirect("network:meeting_detail", pk=case.pk, meeting_pk=meeting.pk)
    return render(
        request,
        "network/meeting_form.html",
        {"form": form, "case": case, "meeting": meeting, "title": _("Change the meeting")},
    )


def meeting_cancel(request, pk: int, meeting_pk: int):
    case = _case(request, pk, kind=AccessKind.MEETING, object_id=meeting_pk, change=True)
    meeting = _meeting(case, meeting_pk)
    if request.method == "POST":
        try:
            services.meeting_cancel(meeting, by=request.user)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The meeting is cancelled. Those invited are told."))
        return redirect(case)
    if not meeting.can_be_changed:
        raise Http404
    return render(request, "network/meeting_cancel.html", {"case": case, "meeting": meeting})


def meeting_record(request, pk: int, meeting_pk: int):
    case = _case(request, pk, kind=AccessKind.MEETING, object_id=meeting_pk, change=True)
    meeting = _meeting(case, meeting_pk)
    if not meeting.is_booked:
        raise Http404
    attendees = list(meeting.attendees.all())
    for attendee in attendees:
        attendee.meeting = meeting  # display_name reads the case's name from here
    form = RecordMeetingForm(_posted(request), meeting=meeting, attendees=attendees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        next_meeting = None
        if data["book_next"]:
            next_meeting = services.NextMeetingInput(
                starts_at=data["next_starts_at"],
                duration_minutes=data["next_duration_minutes"] or NetworkMeeting.DEFAULT_MINUTES,
                place=data["next_place"],
                place_detail=data["next_place_detail"],
                members=tuple(a.member for a in attendees if a.member_id and a.invited),
            )
        try:
            services.meeting_record(
                meeting,
                by=request.user,
                attended=form.attended,
                next_steps=[services.NextStepInput(text, who) for text, who in form.steps],
                next_meeting=next_meeting,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(case)
    return render(request, "network/meeting_record.html", {"form": form, "case": case, "meeting": meeting})


# --- Enquiry → case (coordinators) ---------------------------------------------------------------


@role_required(Role.COORDINATOR)
def enquiry_to_case(request, enquiry_pk: int):
    """A coordinator hands a *network meetings* enquiry over: it becomes a case of the chosen
    team. The coordinator does not see the case afterwards."""
    enquiry = get_object_or_404(Enquiry, pk=enquiry_pk, topic=Topic.NETWORK_MEETINGS)
    if not enquiry.is_open or enquiry.is_handed_over:
        raise Http404
    form = EnquiryToCaseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_from_enquiry(
                enquiry,
                by=request.user,
                clinicians=list(data["clinicians"]),
                enquirer_is_index_person=data["enquirer_is"] == EnquiryToCaseForm.ENQUIRER_IS_INDEX,
                relation=data["relation"],
                index_person_name=data["index_person_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The enquiry has been handed over to the network team."))
            return redirect("enquiries:detail", pk=enquiry.pk)
    return render(request, "network/enquiry_to_case.html", {"form": form, "enquiry": enquiry})

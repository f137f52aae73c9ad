"""Participants pages: thin views that ask ``sessions_app.permissions``, parse a form, call a
service and render.

Staff pages: anonymous → login, a role other than coordinator or facilitator → 403, a course
the user may not see → 404 (``course_for``), a course they see but may not change → 403.
Public pages (sign-up and the personal cancel link) are reached by unguessable tokens.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs import ratelimits
from dialogkurs.forms import add_service_errors
from dialogkurs.spreadsheets import csv_download, csv_safe
from sessions_app.models import Course
from sessions_app.permissions import (
    can_manage,
    can_run,
    can_see_participants,
    course_for,
    courses_visible_to,
)

from . import certificates, selectors, services
from .forms import HONEYPOT_FIELD, AttendanceForm, ImportForm, ParticipantForm, SignupForm
from .models import Perspective, Registration, RegistrationSource, RegistrationStatus

staff_only = role_required(Role.COORDINATOR, Role.FACILITATOR)


def _posted(request):
    # Not ``request.POST or None``: an empty POST (no box ticked) is still a submitted form.
    return request.POST if request.method == "POST" else None


def _managed_course(request, pk: int) -> Course:
    course = course_for(request.user, pk)
    if not can_manage(request.user, course):
        raise PermissionDenied
    return course


def _register(
    *, course: Course, data: dict, source: str, consent: bool = False, client_address: str = ""
) -> tuple[Registration, bool]:
    return services.registration_register(
        course=course,
        email=data["email"],
        name=data["name"],
        language=data["language"],
        perspective=data["perspective"],
        source=source,
        consent=consent,
        client_address=client_address,
    )


def _place_text(registration: Registration) -> str:
    name = registration.participant.name
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s has a place.") % {"name": name}
    return _("%(name)s is number %(position)s on the waitlist.") % {
        "name": name,
        "position": services.waitlist_position(registration),
    }


# --- Staff pages -----------------------------------------------------------------------------


@staff_only
def course_participants(request, pk: int):
    course = course_for(request.user, pk)
    if not can_see_participants(request.user, course):
        raise PermissionDenied
    roster = selectors.course_roster(course)
    return render(
        request,
        "participants/course_participants.html",
        {
            "course": course,
            "roster": roster,
            "capacity": Course.CAPACITY,
            "can_manage": can_manage(request.user, course),
            "signup_url": request.build_absolute_uri(reverse("participants:signup", args=[course.signup_token])),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def participant_add(request, pk: int):
    course = _managed_course(request, pk)
    form = ParticipantForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = _register(
                course=course, data=form.cleaned_data, source=RegistrationSource.COORDINATOR
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, _place_text(registration))
            else:
                messages.info(
                    request,
                    _("%(email)s was already registered for this training. %(place)s")
                    % {"email": registration.participant.email, "place": _place_text(registration)},
                )
            if "add_another" in request.POST:
                return redirect("participants:participant_add", course.pk)
            return redirect("participants:course_participants", course.pk)
    return render(
        request, "participants/participant_add.html", {"course": course, "form": form, "capacity": Course.CAPACITY}
    )


@staff_only
@require_http_methods(["GET", "POST"])
def import_csv(request, pk: int):
    course = _managed_course(request, pk)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    row_errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.participants_import_csv(course=course, text=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.ok:
                statuses = [r.status for r in result.registrations]
                confirmed = statuses.count(RegistrationStatus.CONFIRMED)
                waitlisted = statuses.count(RegistrationStatus.WAITLISTED)
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)s participant: %(confirmed)s confirmed, %(waitlisted)s on the waitlist.",
                        "Imported %(count)s participants: %(confirmed)s confirmed, %(waitlisted)s on the waitlist.",
                        len(statuses),
                    )
                    % {"count": len(statuses), "confirmed": confirmed, "waitlisted": waitlisted},
                )
                return redirect("participants:course_participants", course.pk)
            row_errors = result.errors
            form.add_error(
                "file",
                ngettext(
                    "The file has %(count)s problem; nothing was imported.",
                    "The file has %(count)s problems; nothing was imported.",
                    len(row_errors),
                )
                % {"count": len(row_errors)},
            )
    return render(
        request,
        "participants/import_csv.html",
        {
            "course": course,
            "form": form,
            "row_errors": row_errors,
            "perspectives": Perspective.choices,
            "max_rows": services.MAX_IMPORT_ROWS,
        },
    )


def _attendance_text(value: bool | None) -> str:
    if value is None:
        return _("Not recorded")
    return _("Present") if value else _("Absent")


@staff_only
def export_csv(request, pk: int):
    course = course_for(request.user, pk)
    if not can_see_participants(request.user, course):
        raise PermissionDenied
    # The perspective is health-related: only coordinators take it out of the system in a file.
    with_perspective = can_manage(request.user, course)
    roster = selectors.course_roster(course)
    response, writer = csv_download(f"participants-{course.pk}.csv")
    header = [_("Name"), _("E-mail address"), _("Language")]
    if with_perspective:
        header.append(_("Perspective"))
    header += [_("Status"), _("Waitlist position"), _("Registered")]
    header += [_("Half-day %(number)s") % {"number": half_day.number} for half_day in roster.half_days]
    header.append(_("Completed"))
    writer.writerow(header)
    languages = {code: str(name) for code, name in settings.LANGUAGES}
    for row in roster.confirmed + roster.waitlist:
        participant, registration = row.participant, row.registration
        cells = [participant.name, participant.email, languages.get(participant.language, participant.language)]
        if with_perspective:
            cells.append(participant.get_perspective_display())
        cells += [
            registration.get_status_display(),
            row.waitlist_position or "",
            timezone.localtime(registration.queued_at).strftime("%Y-%m-%d %H:%M"),
        ]
        if registration.status == RegistrationStatus.CONFIRMED:
            cells += [_attendance_text(mark) for mark in row.marks]
            cells.append(_("Yes") if row.completed else _("No"))
        else:
            cells += [""] * (len(roster.half_days) + 1)
        writer.writerow([csv_safe(cell) for cell in cells])
    return response


@staff_only
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int, number: int):
    course = course_for(request.user, pk)
    if not can_run(request.user, course):
        raise PermissionDenied
    half_day = get_object_or_404(course.half_days, number=number)
    roster = selectors.course_roster(course)
    form = AttendanceForm(
        _posted(request),
        registrations=Registration.objects.filter(course=course, status=RegistrationStatus.CONFIRMED),
    )
    if request.method == "POST" and form.is_valid():
        present_ids = {registration.pk for registration in form.cleaned_data["present"]}
        try:
            count = services.attendance_record_many(half_day=half_day, present_ids=present_ids, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Attendance saved for half-day %(number)s: %(present)s present, %(absent)s absent.")
                % {"number": half_day.number, "present": len(present_ids), "absent": count - len(present_ids)},
            )
            return redirect("participants:attendance", course.pk, half_day.number)
    if form.is_bound:
        checked = set(request.POST.getlist("present"))
    else:
        checked = {str(row.registration.pk) for row in roster.confirmed if row.attendance_at(half_day)}
    rows = [
        {"row": row, "checked": str(row.registration.pk) in checked, "recorded": row.attendance_at(half_day)}
        for row in roster.confirmed
    ]
    return render(
        request,
        "participants/attendance.html",
        {
            "course": course,
            "half_day": half_day,
            "roster": roster,
            "rows": rows,
            "form": form,
            "closed_because": services.attendance_problem(half_day),
        },
    )


@staff_only
def sign_in_sheet(request, pk: int, number: int):
    """A printable A4 sign-in sheet for one half-day, for workplaces that need paper. The
    attendance taken on a phone stays the record."""
    course = course_for(request.user, pk)
    if not can_run(request.user, course):
        raise PermissionDenied
    half_day = get_object_or_404(course.half_days.prefetch_related("theme_links__theme"), number=number)
    return render(
        request,
        "participants/sign_in_sheet.html",
        {
            "course": course,
            "half_day": half_day,
            "themes": [link.theme for link in half_day.theme_links.all()],
            "registrations": selectors.registration_list(course, statuses=[RegistrationStatus.CONFIRMED]).order_by(
                "participant__name", "pk"
            ),
        },
    )


@staff_only
def course_certificates(request, pk: int):
    """Every certificate of the training in one PDF (coordinators), a page per participant in
    the participant's language."""
    course = _managed_course(request, pk)
    roster = selectors.course_roster(course)
    rows = roster.with_certificate
    if not rows:
        raise Http404(_("Nobody in this training has a certificate of participation."))
    facts = certificates.certificate_course(course)
    pdf = certificates.certificates_pdf(facts, [(row.participant.name, row.participant.language) for row in rows])
    return _pdf_response(pdf, certificates.certificate_filename(course.workplace.name))


@staff_only
def registration_certificate(request, pk: int):
    """One participant's certificate (coordinators); 404 when the participant has none (the
    participants page says why)."""
    registration = get_object_or_404(
        Registration.objects.select_related("participant", "course__workplace__organisation").filter(
            course__in=courses_visible_to(request.user)
        ),
        pk=pk,
    )
    if not can_manage(request.user, registration.course):
        raise PermissionDenied
    half_days = selectors.half_day_list(registration.course)
    problem = certificates.certificate_problem(registration, certificates.registration_marks(registration, half_days))
    if problem:
        raise Http404(problem)
    pdf = certificates.registration_certificate_pdf(registration)
    return _pdf_response(pdf, certificates.certificate_filename(registration.participant.name))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type=certificates.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_only
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.select_related("participant", "course__workplace__organisation").filter(
            course__in=courses_visible_to(request.user)
        ),
        pk=pk,
    )
    course = registration.course
    if not can_manage(request.user, course):
        raise PermissionDenied
    if request.method == "POST":
        try:
            result = services.registration_cancel(registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("participants:course_participants", course.pk)
        text = _("The registration of %(name)s is cancelled.") % {"name": registration.participant.name}
        if result.promoted is not None:
            text += " " + _("%(name)s has moved up from the waitlist and has been told by e-mail.") % {
                "name": result.promoted.participant.name
            }
        messages.success(request, text)
        return redirect("participants:course_participants", course.pk)
    return render(
        request,
        "participants/registration_cancel.html",
        {
            "course": course,
            "registration": registration,
            "position": services.waitlist_position(registration),
        },
    )


# --- Public pages ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request, token: str):
    # Every post to the link counts against the cap on posts, before anything else is done.
    too_many_posts = ratelimits.posts_limited(
        request, group="participants:signup", rate=settings.SIGNUP_POST_RATE_LIMIT, per_link=True
    )
    course = selectors.course_get_by_signup_token(token)
    if course is None:
        raise Http404
    if not course.accepts_signups:
        return render(request, "participants/signup_closed.html", {"course": course})
    consent_text = course.consent_text or ""
    if too_many_posts:
        return _signup_page(request, course, SignupForm(initial=request.POST.dict(), consent_text=consent_text), 429)
    form = SignupForm(_posted(request), consent_text=consent_text)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = _register(
                course=course,
                data=form.cleaned_data,
                source=RegistrationSource.SIGNUP,
                consent=True,
                client_address=ratelimits.client_address(request),
            )
        except ValidationError as error:
            if error.code == "rate_limited":
                return _signup_page(request, course, form, 429)
            add_service_errors(form, error)
        else:
            if created:
                return redirect("participants:signup_done", registration.cancel_token)
            # Never show the cancel link of someone else's place: whoever typed the address may
            # not own it. The owner gets the link again by e-mail, at most once an hour so the
            # form cannot be used to flood an inbox.
            services.registration_resend_confirmation(registration)
            return render(request, "participants/signup_already.html", {"course": course})
    return _signup_page(request, course, form)


def _signup_page(request, course: Course, form: SignupForm, status: int = 200):
    """The sign-up form; with 429 it says why it was not sent and keeps what was typed."""
    return render(
        request,
        "participants/signup.html",
        {
            "course": course,
            "form": form,
            "half_days": selectors.half_day_list(course),
            "honeypot": HONEYPOT_FIELD,
            "rate_limited": status == 429,
        },
        status=status,
    )


def signup_done(request, token: str):
    registration = selectors.registration_get_by_token(token)
    if registration is None:
        raise Http404
    return render(
        request,
        "participants/signup_done.html",
        {
            "registration": registration,
            "course": registration.course,
            "position": services.waitlist_position(registration),
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel_public(request, token: str):
    registration = selectors.registration_get_by_token(token)
    if registration is None:
        raise Http404
    course = registration.course
    if request.method == "POST":
        try:
            services.registration_cancel(registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("participants:registration_cancel_public", token)
    return render(
        request,
        "participants/registration_cancel_public.html",
        {
            "registration": registration,
            "course": course,
            "half_days": selectors.half_day_list(course),
            "position": services.waitlist_position(registration),
        },
    )

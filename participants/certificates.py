"""Certificates of participation (sv *intyg*, nb *kursbevis*): one A4 page per participant who
was present at both half-days, in the participant's language, drawn with ReportLab.

Who gets one is decided here alone (``certificate_problem``): the participants page shows the
reason when someone gets none, the download refuses, and the evaluation e-mail attaches the
PDF only when there is no problem.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sessions_app.models import AssignmentStatus, Course, HalfDay, Theme

from .models import Attendance, Registration

PDF_CONTENT_TYPE = "application/pdf"
# A TrueType font with the Scandinavian letters (and most of Latin Extended when DejaVu is
# installed); ReportLab ships Bitstream Vera, so the certificate never depends on the system.
_FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def certificate_problem(registration: Registration, marks: list[bool | None]) -> str | None:
    """Why ``registration`` gets no certificate, or None when it gets one: a confirmed place on a
    training that took place, and present at both half-days (``marks``: the attendance per
    half-day in half-day order, None where not recorded)."""
    if not registration.is_confirmed:
        return _("Not a confirmed participant.")
    if not registration.course.takes_place:
        return _("The training did not take place.")
    if len(marks) < 2:
        return _("The training has no second half-day.")
    for number, mark in enumerate(marks, start=1):
        if mark is False:
            return _("Absent on half-day %(number)s.") % {"number": number}
        if mark is None:
            return _("Attendance on half-day %(number)s is not recorded yet.") % {"number": number}
    return None


def registration_marks(registration: Registration, half_days: list[HalfDay]) -> list[bool | None]:
    """One registration's attendance per half-day (one query)."""
    present = dict(Attendance.objects.filter(registration=registration).values_list("half_day_id", "present"))
    return [present.get(half_day.pk) for half_day in half_days]


# --- The course's facts, read once for every page ------------------------------------------------


@dataclass(frozen=True)
class CertificateCourse:
    course: Course
    half_days: list[HalfDay]
    themes: list[Theme]
    facilitators: list[str]

    @property
    def hours(self) -> float:
        seconds = sum((half_day.duration.total_seconds() for half_day in self.half_days), 0.0)
        return round(seconds / 3600 * 2) / 2  # to the half hour: "8 hours", "7.5 hours"


def certificate_course(course: Course) -> CertificateCourse:
    half_days = list(course.half_days.order_by("number"))
    themes = list(Theme.objects.order_by("number"))
    facilitators = list(
        course.assignments.filter(status=AssignmentStatus.ACCEPTED)
        .order_by("facilitator__user__full_name")
        .values_list("facilitator__user__full_name", flat=True)
    )
    return CertificateCourse(course=course, half_days=half_days, themes=themes, facilitators=facilitators)


def certificate_filename(name: str = "") -> str:
    """In the active language: ``intyg-anna-berg.pdf``, ``kursbevis-…``, ``certificate-…``."""
    stem = slugify(_("certificate"))
    return f"{stem}-{slugify(name)}.pdf" if slugify(name) else f"{stem}.pdf"


# --- Drawing --------------------------------------------------------------------------------------


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Certificate" in pdfmetrics.getRegisteredFontNames():
        return "Certificate", "Certificate-Bold"
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    regular, bold = str(bundled / "Vera.ttf"), str(bundled / "VeraBd.ttf")
    for candidate_regular, candidate_bold in _FONT_CANDIDATES:
        if Path(candidate_regular).exists() and Path(candidate_bold).exists():
            regular, bold = candidate_regular, candidate_bold
            break
    pdfmetrics.registerFont(TTFont("Certificate-Bold", bold))
    pdfmetrics.registerFont(TTFont("Certificate", regular))
    return "Certificate", "Certificate-Bold"


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _draw_page(canvas, facts: CertificateCourse, name: str) -> None:
    """One certificate, in the active language and time zone."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit

    regular, bold = _fonts()
    width, height = A4
    left, right = 25 * mm, width - 25 * mm
    course = facts.course
    workplace = course.workplace
    y = height - 40 * mm

    def line(text: str, *, font: str = regular, size: float = 12, gap: float = 7 * mm, centre: bool = False):
        nonlocal y
        for part in simpleSplit(text, font, size, right - left):
            canvas.setFont(font, size)
            if centre:
                canvas.drawCentredString(width / 2, y, part)
            else:
                canvas.drawString(left, y, part)
            y -= size * 0.45 * mm
        y -= gap - size * 0.45 * mm

    canvas.setTitle(_("Certificate of participation") + f" – {name}")
    canvas.setAuthor(settings.CERTIFICATE_ORGANISER)
    line(_("Certificate of participation"), font=bold, size=26, gap=16 * mm, centre=True)
    line(name, font=bold, size=20, gap=10 * mm, centre=True)
    line(
        _("has taken part in the dialogue training at %(workplace)s (%(organisation)s).")
        % {"workplace": workplace.name, "organisation": workplace.organisation.name},
        size=13,
        gap=12 * mm,
        centre=True,
    )
    dates = ", ".join(
        _("half-day %(number)s: %(date)s") % {"number": h.number, "date": _date(h.starts_at)} for h in facts.half_days
    )
    line(_("Dates"), font=bold, gap=6 * mm)
    line(dates, gap=6 * mm)
    hours = formats.number_format(facts.hours, decimal_pos=0 if facts.hours == int(facts.hours) else 1)
    line(_("%(hours)s hours in all, in two half-days.") % {"hours": hours}, gap=10 * mm)
    line(_("Themes"), font=bold, gap=6 * mm)
    for theme in facts.themes:
        line(f"{theme.number}. {theme.name}", gap=6 * mm)
    y -= 4 * mm
    if facts.facilitators:
        line(_("Facilitators"), font=bold, gap=6 * mm)
        line(", ".join(facts.facilitators), gap=10 * mm)
    line(_("Organiser"), font=bold, gap=6 * mm)
    line(settings.CERTIFICATE_ORGANISER, gap=6 * mm)
    canvas.setFont(regular, 9)
    canvas.drawString(left, 20 * mm, _("Training number %(number)s") % {"number": course.pk})
    canvas.showPage()


def certificates_pdf(facts: CertificateCourse, participants: list[tuple[str, str]]) -> bytes:
    """One page per ``(name, language)``, each in its own language and the workplace's time zone."""
    from zoneinfo import ZoneInfo

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    # invariant=1: the same input gives the same bytes (no creation date, a fixed document id).
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    zone = ZoneInfo(facts.course.workplace.time_zone)
    for name, language in participants:
        with translation.override(language), timezone.override(zone):
            _draw_page(canvas, facts, name)
    canvas.save()
    return buffer.getvalue()


def registration_certificate_pdf(registration: Registration) -> bytes:
    """The participant's certificate, in the participant's language. The caller has checked
    ``certificate_problem``."""
    facts = certificate_course(registration.course)
    participant = registration.participant
    return certificates_pdf(facts, [(participant.name, participant.language)])

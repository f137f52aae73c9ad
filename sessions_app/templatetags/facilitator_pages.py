"""The long lists of the facilitator pages (the directory, my assignments), written out here
rather than through template tags per row, as ``course_tables`` does for the course tables: the
directory's 25 × 6 half-days each reversed a URL and formatted a date and a time through the
template engine, which cost more than the rest of the page. The HTML is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from dialogkurs.formatting import formatter
from dialogkurs.links import reverse_once

from ..models import AssignmentStatus, Course, CourseStatus, Facilitator, LivedExperience
from ..pool import Candidate, PairSuggestion
from ..selectors import HalfDaySpan, OwnAssignment, UpcomingHalfDay
from ..services import FutureAssignment
from .course_tables import half_days_html
from .courses import when_starting

register = template.Library()


@register.simple_tag
def facilitator_rows(rows: Iterable[tuple[Facilitator, list[UpcomingHalfDay]]]) -> SafeString:
    """The ``<tr>`` of each facilitator of the directory with her coming half-days
    (``selectors.facilitator_upcoming_half_days``)."""
    escape = conditional_escape
    # Each label translated, each format parsed and each URL reversed once for the page.
    lived_experience = {value: escape(label) for value, label in LivedExperience.choices}
    not_shared, none = escape(gettext("Not shared")), escape(pgettext("no half-days", "None"))
    active, resting, invited = escape(gettext("Active")), escape(gettext("Resting")), escape(gettext("invited"))
    facilitator_url = reverse_once("sessions_app:facilitator_detail")
    course_url = reverse_once("sessions_app:course_detail")
    date_of, time_of = formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")
    links: dict[tuple, str] = {}  # each half-day's link once, for both facilitators of its training
    html = []
    for facilitator, half_days in rows:
        user = facilitator.user
        email = escape(user.email)
        spans = []
        for half_day in half_days:
            key = (half_day.course_id, half_day.starts_at)
            if key not in links:
                starts = half_day.starts_at
                links[key] = (
                    f'<a href="{course_url(half_day.course_id)}">'
                    f"{escape(half_day.workplace_name)}, {date_of(starts)} {time_of(starts)}</a>"
                )
            spans.append(f'<span class="d-block">{links[key]}{f" ({invited})" if half_day.is_invited else ""}</span>')
        total = half_days[0].coming_count if half_days else 0
        if total > len(half_days):
            count = ngettext("%(counter)s coming half-day in all", "%(counter)s coming half-days in all", total)
            spans.append(f'<span class="d-block">{escape(count % {"counter": total})}</span>')
        html.append(
            "<tr>"
            f'<th scope="row"><a href="{facilitator_url(facilitator.pk)}">{escape(user.full_name or user.email)}</a>'
            f'<br><a class="fw-normal" href="mailto:{email}">{email}</a></th>'
            f"<td>{lived_experience.get(facilitator.lived_experience) or not_shared}</td>"
            f"<td>{escape(', '.join(facilitator.languages).upper()) or '–'}</td>"
            f"<td>{escape(facilitator.home_area) or '–'}</td>"
            f"<td>{active if facilitator.active else resting}</td>"
            f"<td>{''.join(spans) or none}</td>"
            "</tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def half_day_lines(course: Course) -> SafeString:
    """Each of the course's prefetched half-days on its line, "date start–end"."""
    spans = [(half_day.starts_at, half_day.ends_at) for half_day in course.half_days.all()]
    return mark_safe(half_days_html(spans, formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")))  # noqa: S308


class _OwnRows:
    """What every row of her page is written with: each label translated, each format parsed
    and each URL reversed once for the page."""

    def __init__(self):
        self.course_url = reverse_once("sessions_app:course_detail")
        self.date_of, self.time_of = formatter("SHORT_DATE_FORMAT"), formatter("TIME_FORMAT")
        self.long_date_of = formatter("DATE_FORMAT")
        self.course_status = {value: conditional_escape(label) for value, label in CourseStatus.choices}
        self.status = conditional_escape(pgettext("course", "Status"))

    def when(self, assignment: OwnAssignment) -> str:
        """``course_when`` of its training, escaped."""
        first = assignment.half_days[0].starts_at if assignment.half_days else None
        return conditional_escape(when_starting(assignment.course_id, first, date_of=self.long_date_of))

    def link(self, assignment: OwnAssignment, when: str) -> str:
        """The link to its training, named by the workplace and when it starts."""
        return (
            f'<a href="{self.course_url(assignment.course_id)}">{conditional_escape(assignment.workplace_name)}'
            f'<span class="visually-hidden">, {when}</span></a>'
        )

    def half_day_lines(self, assignment: OwnAssignment) -> str:
        spans = [(half_day.starts_at, half_day.ends_at) for half_day in assignment.half_days]
        return half_days_html(spans, self.date_of, self.time_of)

    def summary(self, assignment: OwnAssignment, when: str) -> str:
        """Its link, organisation, status and half-days, as each list item starts."""
        return (
            f"{self.link(assignment, when)} ({conditional_escape(assignment.organisation_name)}) · {self.status}: "
            f'<span class="status-badge">{self.course_status[assignment.course_status]}</span>'
            f"\n      <br>{self.half_day_lines(assignment)}"
        )


@register.simple_tag(takes_context=True)
def invitation_cards(context, assignments: Iterable[OwnAssignment]) -> SafeString:
    """A card for each open invitation (``selectors.OwnAssignment``), with its accept and decline
    buttons."""
    escape = conditional_escape
    rows = _OwnRows()
    csrf = CsrfTokenNode().render(context)
    accept_url = reverse_once("sessions_app:assignment_accept")
    decline_url = reverse_once("sessions_app:assignment_decline")
    confirm = escape(gettext("Decline this training?"))
    accept = gettext('Accept<span class="visually-hidden"> the training at %(workplace)s, %(when)s</span>')
    decline = gettext('Decline<span class="visually-hidden"> the training at %(workplace)s, %(when)s</span>')
    html = []
    for assignment in assignments:
        when = rows.when(assignment)
        named = {"workplace": escape(assignment.workplace_name), "when": when}
        location = f" · {escape(assignment.location)}" if assignment.location else ""
        html.append(
            f'<article class="card mb-3" aria-labelledby="invitation-{assignment.pk}"><div class="card-body">\n'
            f'    <h3 class="h5 card-title" id="invitation-{assignment.pk}">{rows.link(assignment, when)}</h3>\n'
            f'    <p class="mb-2">{escape(assignment.organisation_name)}{location}</p>\n'
            f'    <p class="mb-2">{rows.half_day_lines(assignment)}</p>\n'
            '    <div class="d-flex flex-wrap gap-2">\n'
            f'      <form method="post" action="{accept_url(assignment.pk)}">{csrf}\n'
            f'        <button type="submit" class="btn btn-primary">{accept % named}</button>\n'
            "      </form>\n"
            f'      <form method="post" action="{decline_url(assignment.pk)}" data-confirm="{confirm}">{csrf}\n'
            f'        <button type="submit" class="btn btn-outline-secondary">{decline % named}</button>\n'
            "      </form>\n"
            "    </div>\n"
            "  </div></article>"
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def coming_half_day_items(upcoming: Iterable[tuple[HalfDaySpan, OwnAssignment]]) -> SafeString:
    """An ``<li>`` for each of her coming half-days (``selectors.coming_half_days``)."""
    escape = conditional_escape
    rows = _OwnRows()
    long_date_of = rows.long_date_of
    number_of = gettext("half-day %(number)s of 2")
    html = []
    for half_day, assignment in upcoming:
        location = f" · {escape(assignment.location)}" if assignment.location else ""
        html.append(
            f'<li class="mb-2"><strong>{long_date_of(half_day.starts_at)}, {rows.time_of(half_day.starts_at)}'
            f"–{rows.time_of(half_day.ends_at)}</strong><br>\n"
            f"      {rows.link(assignment, rows.when(assignment))}, {number_of % {'number': half_day.number}}"
            f"{location}</li>"
        )
    return mark_safe("\n    ".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def own_assignment_items(assignments: Iterable[OwnAssignment], *, travel: bool = False) -> SafeString:
    """An ``<li>`` for each accepted training (``selectors.OwnAssignment``); with ``travel``, its
    link to enter the travel and what was entered."""
    escape = conditional_escape
    rows = _OwnRows()
    travel_url = reverse_once("sessions_app:assignment_travel")
    enter_travel = escape(gettext("Enter travel"))
    to_workplace = gettext("to %(workplace)s")
    travelled = gettext("%(km)s km, %(minutes)s minutes")
    html = []
    for assignment in assignments:
        when = rows.when(assignment)
        item = f'<li class="mb-2">{rows.summary(assignment, when)}'
        if travel:
            to = to_workplace % {"workplace": escape(assignment.workplace_name)}
            item += (
                f'\n      <br><a href="{travel_url(assignment.pk)}">{enter_travel}'
                f'<span class="visually-hidden"> {to}, {when}</span></a>'
            )
            if assignment.travel_km or assignment.travel_minutes:
                item += f" ({travelled % {'km': assignment.travel_km or 0, 'minutes': assignment.travel_minutes or 0}})"
        html.append(item + "</li>")
    return mark_safe("\n    ".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def future_assignment_items(assignments: Iterable[FutureAssignment]) -> SafeString:
    """An ``<li>`` for each of her coming assignments (``services.facilitator_future_assignments``):
    the training and whether she is invited or has accepted."""
    course_url = reverse_once("sessions_app:course_detail")
    status = {value: conditional_escape(str(label).lower()) for value, label in AssignmentStatus.choices}
    return mark_safe(  # noqa: S308 -- every value is escaped
        "\n    ".join(
            f'<li><a href="{course_url(assignment.course_id)}">{conditional_escape(assignment.workplace_name)} '
            f"#{assignment.course_id}</a> ({status[assignment.status]})</li>"
            for assignment in assignments
        )
    )


@register.simple_tag(takes_context=True)
def pair_rows(context, pairs: Iterable[PairSuggestion], invite_url: str) -> SafeString:
    """The ``<tr>`` of each suggested pair of *find a pair* (``pool.PairSuggestion``), with its
    invitation button."""
    escape = conditional_escape
    csrf = CsrfTokenNode().render(context)
    and_, not_shared = escape(gettext("and")), escape(gettext("not shared"))
    complementary, invite = escape(gettext("Complementary")), escape(gettext("Invite the pair"))
    invite_url = escape(invite_url)
    html = []
    for pair in pairs:
        first, second = pair.first, pair.second
        names = f"{escape(str(first.facilitator))} {and_} {escape(str(second.facilitator))}"
        perspectives = (
            f"{escape(first.lived_experience) or not_shared}; {escape(second.lived_experience) or not_shared}"
        )
        if pair.complementary:
            perspectives = f"<strong>{complementary}</strong>: {perspectives}"
        reasons = "".join(
            f"<li>{escape(str(candidate.facilitator))} {escape(reason)} (+{points})</li>"
            for candidate in pair.members
            for reason, points in candidate.reasons
        )
        html.append(
            '<tr data-testid="pair-row">\n'
            f'    <th scope="row">{names}</th>\n'
            f"    <td>{perspectives}</td>\n"
            f"    <td><strong>{pair.points}</strong>\n"
            f'      <ul class="list-unstyled small mb-0">\n        {reasons}\n      </ul></td>\n'
            f"    <td>{first.half_days_last_year} + {second.half_days_last_year}</td>\n"
            "    <td>\n"
            f'      <form method="post" action="{invite_url}">{csrf}\n'
            f'        <input type="hidden" name="first" value="{first.facilitator.pk}">\n'
            f'        <input type="hidden" name="second" value="{second.facilitator.pk}">\n'
            f'        <button type="submit" class="btn btn-sm btn-primary">{invite}'
            f'<span class="visually-hidden"> {names}</span></button>\n'
            "      </form>\n"
            "    </td>\n"
            "  </tr>"
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag
def candidate_rows(candidates: Iterable[Candidate]) -> SafeString:
    """The ``<tr>`` of each facilitator free on both half-days (``pool.Candidate``)."""
    escape = conditional_escape
    not_shared = escape(gettext("not shared"))
    facilitator_url = reverse_once("sessions_app:facilitator_detail")
    html = []
    for candidate in candidates:
        reasons = ", ".join(f"{escape(reason)} (+{points})" for reason, points in candidate.reasons)
        html.append(
            '<tr data-testid="candidate-row">\n'
            f'    <th scope="row"><a href="{facilitator_url(candidate.facilitator.pk)}">'
            f"{escape(str(candidate.facilitator))}</a></th>\n"
            f"    <td>{escape(candidate.lived_experience) or not_shared}</td>\n"
            f"    <td><strong>{candidate.points}</strong>{': ' + reasons if reasons else ''}</td>\n"
            f"    <td>{candidate.half_days_last_year}</td>\n"
            "  </tr>"
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 -- every value above is escaped


@register.simple_tag(takes_context=True)
def proposal_items(
    context, rows: Iterable[dict], search_fields: Iterable[tuple[str, object]], *, book_url: str, course, pair: bool
) -> SafeString:
    """An ``<li>`` for each date *find a date* proposes (``views.pool._proposal_rows``), with its
    booking form: the search's fields written once for all of them."""
    escape = conditional_escape
    csrf = CsrfTokenNode().render(context)
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape("" if value is None else str(value))}">'
        for name, value in search_fields
    )
    if course:
        hidden += f'\n      <input type="hidden" name="course" value="{course.pk}">'
    book = escape(gettext("Book and invite the pair") if pair else gettext("Book these dates"))
    when = gettext("%(first)s and %(second)s, %(starts)s–%(ends)s")
    book_url = escape(book_url)
    html = []
    for row in rows:
        dates = {key: escape(row[key]) for key in ("first", "second", "starts", "ends")}
        html.append(
            '<li class="card mb-2"><div class="card-body d-flex flex-wrap justify-content-between align-items-center gap-2">\n'
            f'    <span data-testid="proposal">{when % dates}</span>\n'
            f'    <form method="post" action="{book_url}">{csrf}\n'
            f"      {hidden}\n"
            f'      <input type="hidden" name="date_1" value="{escape(row["first_iso"])}">\n'
            f'      <input type="hidden" name="date_2" value="{escape(row["second_iso"])}">\n'
            f'      <button type="submit" class="btn btn-sm btn-primary">{book}<span class="visually-hidden"> '
            f"{escape(row['first_short'])}, {escape(row['second_short'])}</span></button>\n"
            "    </form>\n"
            "  </div></li>"
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 -- every value above is escaped

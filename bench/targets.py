"""Every page `make bench` times: one line per page. Add a page here and it is timed, compared
with the floor and given a row in results.json.

A page is seen by a role (the seeded user ``<role>1@seed.example.org``, or nobody) at a URL built
from ``picks``: objects chosen from the seeded data set once per run (see ``pick``). POST pages
give the form data of each round; their CSRF token comes from a GET of the same URL first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

# The limits of issue 13, for every page.
MAX_RATIO_MEDIAN = 3.0  # median ≤ 3 × the floor's median
MAX_RATIO_P95 = 5.0  # p95 ≤ 5 × the floor's p95
MAX_BYTES = 150 * 1024


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # coordinator, facilitator, admin, clinician, norole; None: not logged in
    url: Callable[[SimpleNamespace], str]
    form: Callable[[SimpleNamespace, int], dict] | None = None  # POST data for round n
    status: int = 200

    @property
    def method(self) -> str:
        return "POST" if self.form else "GET"


def misses(page: Page, statuses: Counter, *, ratio: float, ratio_p95: float, size: int) -> list[str]:
    """Why a page missed its targets (empty: it passed). Every answer must have the page's
    status: a page that redirects (to the login or the second step of logging in, say) was not
    timed at all, however fast the redirect."""
    found = []
    if ratio > MAX_RATIO_MEDIAN:
        found.append(f"median {ratio:.1f}× floor")
    if ratio_p95 > MAX_RATIO_P95:
        found.append(f"p95 {ratio_p95:.1f}× floor p95")
    if size > MAX_BYTES:
        found.append(f"{size / 1024:.0f} KB")
    for status, count in sorted(statuses.items()):
        if status != page.status:
            found.append(f"answered {status} {count}×, expected {page.status}")
    return found


def u(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def contact_form(p, n: int) -> dict:
    return {
        "name": f"Bench Person {n}",
        "email": f"bench.contact.{p.run}.{n}@seed.example.org",
        "organisation": "Region Bench",
        "country": "SE",
        "topic": "training",
        "message": "We would like a dialogue training for our unit.",
        "language": "sv",
        "consent": "on",
    }


def signup_form(p, n: int) -> dict:
    return {
        "name": f"Bench Participant {n}",
        "email": f"bench.signup.{p.run}.{n}@seed.example.org",
        "perspective": "staff",
        "language": "sv",
        "consent": "on",
    }


def evaluation_form(p, n: int) -> dict:
    return {
        "working_relationship": 4,
        "personally_defined_recovery": 5,
        "organisational_commitment": 3,
        "citizenship": 4,
        "comment": "",
    }


PAGES: list[Page] = [
    # Home per role, and the public pages.
    Page("home, not logged in", None, lambda p: u("home")),
    Page("home, coordinator", "coordinator", lambda p: u("home")),
    Page("home, facilitator", "facilitator", lambda p: u("home")),
    Page("home, network clinician", "clinician", lambda p: u("home")),
    Page("home, administrator", "admin", lambda p: u("home")),
    Page("home, no role", "norole", lambda p: u("home")),
    Page("login", None, lambda p: u("login")),
    Page("accessibility statement", None, lambda p: u("accessibility")),
    Page("profile", "coordinator", lambda p: u("accounts:profile")),
    # Trainings.
    Page("course list", "coordinator", lambda p: u("sessions_app:course_list")),
    Page("course list, page 10", "coordinator", lambda p: u("sessions_app:course_list", page=10)),
    Page("course list, filtered", "coordinator", lambda p: u("sessions_app:course_list", status="confirmed")),
    Page("course list, searched", "coordinator", lambda p: u("sessions_app:course_list", q="psykiatri")),
    Page("course detail, coming", "coordinator", lambda p: u("sessions_app:course_detail", p.course)),
    Page("course detail, past", "coordinator", lambda p: u("sessions_app:course_detail", p.past_course)),
    Page("course detail, facilitator", "facilitator", lambda p: u("sessions_app:course_detail", p.own_course)),
    Page("course edit form", "coordinator", lambda p: u("sessions_app:course_edit", p.course)),
    Page("new course form", "coordinator", lambda p: u("sessions_app:course_create")),
    Page("course .ics", "coordinator", lambda p: u("sessions_app:course_ics", p.course)),
    Page("organisation list", "coordinator", lambda p: u("sessions_app:organisation_list")),
    Page("organisation list, searched", "coordinator", lambda p: u("sessions_app:organisation_list", q="Region")),
    Page("organisation detail", "coordinator", lambda p: u("sessions_app:organisation_detail", p.organisation)),
    Page("workplace list", "coordinator", lambda p: u("sessions_app:workplace_list")),
    Page("workplace list, searched", "coordinator", lambda p: u("sessions_app:workplace_list", q="mottagning")),
    Page("workplace detail", "coordinator", lambda p: u("sessions_app:workplace_detail", p.workplace)),
    Page("facilitator directory", "coordinator", lambda p: u("sessions_app:facilitator_list")),
    Page("my assignments", "facilitator", lambda p: u("sessions_app:my_assignments")),
    Page("my calendar", "facilitator", lambda p: u("sessions_app:my_calendar")),
    Page("my profile", "facilitator", lambda p: u("sessions_app:my_profile")),
    Page("my statement", "facilitator", lambda p: u("sessions_app:facilitator_statement", p.facilitator)),
    Page("facilitator page", "coordinator", lambda p: u("sessions_app:facilitator_detail", p.facilitator)),
    Page("find a pair", "coordinator", lambda p: u("sessions_app:course_find_pair", p.course)),
    Page(
        "find a date, any two",
        "coordinator",
        lambda p: u(
            "sessions_app:find_date",
            workplace=p.workplace_label,
            period_start=(timezone.localdate() + timedelta(days=14)).isoformat(),
            period_end=(timezone.localdate() + timedelta(days=120)).isoformat(),
            starts="09:00",
            ends="13:00",
        ),
    ),
    Page("hours, travel and fees", "coordinator", lambda p: u("sessions_app:statement_summary")),
    Page("calendar feed .ics", None, lambda p: u("sessions_app:facilitator_feed", p.ical_token)),
    # Idea workshops and follow-ups.
    Page("idea workshops, coordinator", "coordinator", lambda p: u("workshops:workshop_list")),
    Page("idea workshops, facilitator", "facilitator", lambda p: u("workshops:workshop_list")),
    Page("workshop outcome", "coordinator", lambda p: u("workshops:outcome_detail", p.past_course)),
    Page("workshop outcome, print", "coordinator", lambda p: u("workshops:outcome_print", p.past_course)),
    Page("follow-ups list", "coordinator", lambda p: u("workshops:followup_list")),
    Page("follow-up detail", "coordinator", lambda p: u("workshops:followup_detail", p.followup)),
    Page("workplace proposals", "coordinator", lambda p: u("workshops:workplace_proposals", p.workplace)),
    # Participants and evaluations.
    Page("participant list", "coordinator", lambda p: u("participants:course_participants", p.course)),
    Page("participant list, past", "coordinator", lambda p: u("participants:course_participants", p.past_course)),
    Page("participants CSV export", "coordinator", lambda p: u("participants:export_csv", p.course)),
    Page("attendance", "facilitator", lambda p: u("participants:attendance", p.own_past_course, 1)),
    Page("evaluation of a course", "coordinator", lambda p: u("evaluations:course_evaluation", p.past_course)),
    Page("sign-up form", None, lambda p: u("participants:signup", p.signup_token)),
    Page("sign-up form, POST", None, lambda p: u("participants:signup", p.signup_token), signup_form, 302),
    Page("cancel link", None, lambda p: u("participants:registration_cancel_public", p.cancel_token)),
    Page("evaluation form", None, lambda p: u("evaluations:evaluation_answer", p.evaluation_tokens[0])),
    Page(
        "evaluation form, POST",
        None,
        lambda p: u("evaluations:evaluation_answer", p.evaluation_tokens[p.round + 1]),
        evaluation_form,
        302,
    ),
    # Enquiries.
    Page("contact form", None, lambda p: u("enquiries:create")),
    Page("contact form, POST", None, lambda p: u("enquiries:create"), contact_form, 302),
    Page("enquiry inbox", "coordinator", lambda p: u("enquiries:inbox")),
    Page("enquiry inbox, filtered", "coordinator", lambda p: u("enquiries:inbox", status="closed")),
    Page("enquiry inbox, searched", "coordinator", lambda p: u("enquiries:inbox", q="andersson")),
    Page("enquiry detail", "coordinator", lambda p: u("enquiries:detail", p.enquiry)),
    # The outbox.
    Page("outbox", "coordinator", lambda p: u("reminders:outbox")),
    Page("outbox, filtered", "coordinator", lambda p: u("reminders:outbox", status="failed")),
    Page("outbox, one object", "coordinator", lambda p: u("reminders:outbox", **p.outbox_object)),
    Page("outbox message", "coordinator", lambda p: u("reminders:message_detail", p.message)),
    # Reports: every report for last year and this year, one organisation, the annual report, exports.
    *(
        Page(f"report {slug}", "coordinator", lambda p, slug=slug: u("reports:report", slug, year=p.last_year))
        for slug in ("trainings", "participants", "facilitators", "proposals", "evaluations", "enquiries", "network")
    ),
    Page("reports index", "coordinator", lambda p: u("reports:index")),
    Page("report trainings, this year", "coordinator", lambda p: u("reports:report", "trainings")),
    Page(
        "report trainings, one organisation",
        "coordinator",
        lambda p: u("reports:report", "trainings", year=p.last_year, organisation=p.organisation),
    ),
    Page("report evaluations, administrator", "admin", lambda p: u("reports:report", "evaluations", year=p.last_year)),
    Page("annual report", "coordinator", lambda p: u("reports:annual", year=p.last_year)),
    Page(
        "annual report, one organisation",
        "coordinator",
        lambda p: u("reports:annual", year=p.last_year, organisation=p.organisation),
    ),
    Page(
        "report export CSV",
        "coordinator",
        lambda p: u("reports:export", "facilitators", "facilitators", "csv", year=p.last_year),
    ),
    Page(
        "report export Excel",
        "coordinator",
        lambda p: u("reports:export", "trainings", "trainings-by-workplace", "xlsx", year=p.last_year),
    ),
    # Administration.
    Page("admin index", "admin", lambda p: u("admin:index")),
    Page("admin courses", "admin", lambda p: u("admin:sessions_app_course_changelist")),
    Page("admin outbox", "admin", lambda p: u("admin:reminders_scheduledmessage_changelist")),
]


def pick(rounds: int, run: str) -> SimpleNamespace:
    """The objects the pages are about, chosen from the seeded data: typical ones, not the
    smallest (a coming training with a full list, a past one with its workshop and follow-ups,
    the first seeded facilitator's own trainings)."""
    from django.db.models import Count, Q

    from accounts.models import User
    from enquiries.models import Enquiry
    from evaluations.models import EvaluationToken
    from evaluations.services import _token_hash, evaluation_token
    from participants.models import Registration
    from reminders.models import ScheduledMessage
    from sessions_app.models import Course, CourseStatus, Facilitator, Organisation, Workplace
    from workshops.models import FollowUpMeeting

    now = timezone.now()
    facilitator = Facilitator.objects.get(user__email="facilitator1@seed.example.org")
    coming = Course.objects.filter(status=CourseStatus.CONFIRMED, half_days__number=1, half_days__starts_at__gt=now)
    full = coming.annotate(n=Count("registrations", filter=Q(registrations__status="confirmed"))).filter(n=20)
    past = Course.objects.filter(status=CourseStatus.FOLLOWED_UP, workshop_outcome__status="submitted")
    own = Q(assignments__facilitator=facilitator, assignments__status="accepted")
    signup = Course.objects.filter(signup_open=True, half_days__number=1, half_days__starts_at__gt=now).order_by("pk")

    # Evaluation links still open and not used: one for the GET, one per POST round.
    tokens = []
    recent = Registration.objects.filter(
        status="confirmed",
        course__status=CourseStatus.DELIVERED,
        course__half_days__number=2,
        course__half_days__ends_at__gt=now - timedelta(weeks=5),
        course__half_days__ends_at__lt=now,
    ).order_by("pk")
    used = set(EvaluationToken.objects.filter(used=True).values_list("token_hash", flat=True))
    for registration in recent.iterator():
        token = evaluation_token(registration)
        if _token_hash(token) not in used:
            tokens.append(token)
    if len(tokens) < rounds + 2:
        raise SystemExit(f"only {len(tokens)} open evaluation links; seed again (BENCH_RESEED=1)")

    course = full.order_by("pk").first() or coming.order_by("pk").first()
    workplace = (
        Workplace.objects.annotate(n=Count("courses")).order_by("-n", "pk").select_related("organisation").first()
    )
    message = ScheduledMessage.objects.filter(status="sent", content_type__model="course").order_by("pk").first()
    return SimpleNamespace(
        run=run,
        round=0,
        last_year=timezone.localdate().year - 1,
        course=course.pk,
        past_course=past.order_by("-pk").first().pk,
        own_course=coming.filter(own).order_by("pk").first().pk,
        own_past_course=Course.objects.filter(own, status=CourseStatus.DELIVERED).order_by("-pk").first().pk,
        organisation=Organisation.objects.annotate(n=Count("workplaces")).order_by("-n", "pk").first().pk,
        workplace=workplace.pk,
        workplace_label=str(workplace),  # the typed text of the workplace field (WorkplaceField)
        ical_token=facilitator.ical_token,
        facilitator=facilitator.pk,
        followup=FollowUpMeeting.objects.filter(status="held").order_by("-pk").first().pk,
        enquiry=Enquiry.objects.filter(anonymised_at=None, meeting__isnull=False).order_by("-pk").first().pk,
        message=message.pk,
        outbox_object={"content_type": message.content_type_id, "object_id": message.object_id},
        signup_token=signup.first().signup_token,
        cancel_token=Registration.objects.filter(course=course, status="confirmed").order_by("pk").first().cancel_token,
        evaluation_tokens=tokens,
        users={
            role: f"{role}1@seed.example.org" for role in ("coordinator", "facilitator", "admin", "clinician", "norole")
        },
        user_count=User.objects.count(),
    )

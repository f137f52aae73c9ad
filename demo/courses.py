"""Demo trainings in every state, so a newcomer can click through the whole flow."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from dialogkurs.workdays import working_day_on_or_after
from participants import services as participant_services
from participants.models import Perspective, RegistrationSource
from sessions_app import services
from sessions_app.models import Country, Facilitator, HalfDay, LivedExperience, Organisation, Workplace

PEOPLE = [
    ("Anna Andersson", Perspective.STAFF),
    ("Björn Berg", Perspective.STAFF),
    ("Cecilia Carlsson", Perspective.LIVED_EXPERIENCE),
    ("David Dahl", Perspective.STAFF),
    ("Eva Ek", Perspective.RELATIVE),
    ("Fredrik Falk", Perspective.STAFF),
    ("Gunilla Gran", Perspective.STAFF),
    ("Hassan Haddad", Perspective.LIVED_EXPERIENCE),
    ("Ida Isaksson", Perspective.STAFF),
    ("Johan Jansson", Perspective.STAFF),
    ("Karin Kvist", Perspective.RELATIVE),
    ("Lars Lund", Perspective.STAFF),
    ("Maja Mattsson", Perspective.STAFF),
    ("Nils Nord", Perspective.STAFF),
    ("Olga Olsson", Perspective.LIVED_EXPERIENCE),
    ("Per Persson", Perspective.STAFF),
    ("Rut Rask", Perspective.STAFF),
    ("Sven Sjö", Perspective.STAFF),
    ("Tove Tell", Perspective.RELATIVE),
    ("Ulf Ulander", Perspective.STAFF),
    ("Vera Vik", Perspective.STAFF),
    ("Yusuf Yilmaz", Perspective.STAFF),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _schedule(first: date, country: str = Country.SWEDEN) -> list[services.HalfDayPlan]:
    """Two half-days on working days of the country (never a weekend, Christmas or 17 May),
    a week or a little more apart, whatever day the demo is loaded on."""
    first = working_day_on_or_after(first, country)
    second = working_day_on_or_after(first + timedelta(days=7), country)
    return [services.HalfDayPlan(_at(first, 8), _at(first, 12)), services.HalfDayPlan(_at(second, 8), _at(second, 12))]


def _facilitator(
    user: User, experience: str, languages: list[str], area: str, *, by: User | None = None, **profile
) -> tuple[Facilitator, bool]:
    """Her profile (made once), with the consent to show her lived experience recorded."""
    existing = Facilitator.objects.filter(user=user).first()
    if existing:
        return existing, False
    facilitator = services.facilitator_create(
        user=user,
        lived_experience=experience,
        lived_experience_consent=bool(experience),
        recorded_by=by,
        languages=languages,
        home_area=area,
    )
    if profile:
        services.facilitator_update(facilitator, **profile)
    return facilitator, True


# The pool *find a pair* ranks: perspectives, languages, home municipalities and availability
# that differ (name, e-mail, lived experience, languages, home, travel km, presentation).
POOL = [
    ("Amira Hassan", "amira.hassan", LivedExperience.OWN, ["sv", "en"], "Umeå", 60,
     "Har egen erfarenhet av ångest och av att bli inlagd. Brinner för delaktighet."),
    ("Per Lindgren", "per.lindgren", LivedExperience.RELATIVE, ["sv"], "Skellefteå", 150,
     "Pappa till en son med psykos; har mött vården som anhörig i tio år."),
    ("Maria Nilsson", "maria.nilsson", LivedExperience.BOTH, ["sv"], "Umeå", 40, ""),
    ("Ola Hansen", "ola.hansen", LivedExperience.OWN, ["nb"], "Tromsø", 100,
     "Erfaring fra rusbehandling og bedringsarbeid."),
    ("Kari Johansen", "kari.johansen", LivedExperience.RELATIVE, ["nb", "sv"], "Tromsø", 200, ""),
    ("Sofia Ek", "sofia.ek", LivedExperience.RELATIVE, ["sv"], "Luleå", 300, ""),
    ("Erik Holm", "erik.holm", LivedExperience.OWN, ["sv"], "Skellefteå", 100, ""),
    ("Nora Berg", "nora.berg", "", ["sv", "en"], "Umeå", 30, ""),
]  # fmt: skip


def load_pool(coordinator: User) -> list[Facilitator]:
    """Eight facilitators besides the demo accounts, with unavailable dates; Erik is resting."""
    today = timezone.localdate()
    pool = []
    for name, handle, experience, languages, area, travel_km, presentation in POOL:
        user, created = User.objects.get_or_create(
            email=f"{handle}@demo.dialogkurs.se", defaults={"full_name": name, "language": languages[0]}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        facilitator, new = _facilitator(
            user, experience, languages, area, by=coordinator, travel_km=travel_km, presentation=presentation
        )
        pool.append(facilitator)
        if not new:
            continue
        if handle == "amira.hassan":
            services.unavailability_add(facilitator, weekday=4, note="Arbetar på fredagar")
        elif handle == "maria.nilsson":
            services.unavailability_add(
                facilitator, starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=19), note="Semester"
            )
        elif handle == "kari.johansen":
            services.unavailability_add(facilitator, weekday=0)
        elif handle == "sofia.ek":
            services.unavailability_add(facilitator, starts_on=today + timedelta(days=45))
        elif handle == "erik.holm":
            services.facilitator_update(facilitator, active=False)
    return pool


def _register(course, count: int, workplace: Workplace, prefix: str) -> None:
    for index, (name, perspective) in enumerate(PEOPLE[:count]):
        participant = participant_services.participant_get_or_create(
            email=f"{prefix}.{index}@demo.dialogkurs.se", name=name, workplace=workplace, perspective=perspective
        )
        participant_services.registration_create(
            course=course, participant=participant, source=RegistrationSource.COORDINATOR
        )


def load_courses(accounts: dict[str, User]) -> None:
    organisation, _ = Organisation.objects.get_or_create(name="Region Västerbotten", country=Country.SWEDEN)
    norway, _ = Organisation.objects.get_or_create(name="Tromsø kommune", country=Country.NORWAY)
    umea, _ = Workplace.objects.get_or_create(
        organisation=organisation,
        name="Psykiatrisk öppenvård Umeå",
        defaults={
            "visiting_address": "Köpmangatan 12, Umeå",
            "manager_name": "Lena Strand",
            "manager_email": "lena.strand@demo.dialogkurs.se",
        },
    )
    skelleftea, _ = Workplace.objects.get_or_create(
        organisation=organisation,
        name="Beroendemottagningen Skellefteå",
        defaults={
            "visiting_address": "Storgatan 40, Skellefteå",
            "manager_name": "Omar Said",
            "manager_email": "omar.said@demo.dialogkurs.se",
        },
    )
    tromso, _ = Workplace.objects.get_or_create(
        organisation=norway,
        name="Rask psykisk helsehjelp Tromsø",
        defaults={
            "visiting_address": "Storgata 90, Tromsø",
            "manager_name": "Kari Nilsen",
            "manager_email": "kari.nilsen@demo.dialogkurs.se",
            "manager_language": "nb",
        },
    )
    if umea.courses.exists():
        return  # already loaded: the demo set is made once

    coordinator = accounts["coordinator@demo.dialogkurs.se"]
    jonas, _new = _facilitator(accounts["facilitator@demo.dialogkurs.se"], LivedExperience.OWN, ["sv"], "Umeå")
    ingrid, _new = _facilitator(
        accounts["facilitator2@demo.dialogkurs.se"], LivedExperience.RELATIVE, ["nb", "sv"], "Tromsø"
    )
    load_pool(coordinator)
    today = timezone.localdate()

    # Delivered: held a month ago, with attendance. Demo history only: booked ahead (a new
    # half-day must lie in the future), then its half-days are moved back to when it was held.
    delivered = services.course_create(
        workplace=umea,
        coordinator=coordinator,
        location="Konferensrum Älven, Köpmangatan 12",
        half_days=_schedule(today + timedelta(days=1)),
    )
    for facilitator, km in ((jonas, 12), (ingrid, 0)):
        assignment = services.assignment_accept(services.facilitator_assign(delivered, facilitator))
        if km:
            services.assignment_set_travel(assignment, travel_km=km, travel_minutes=25)
    services.course_confirm(delivered)
    for half_day, held in zip(
        delivered.half_days.order_by("number"), _schedule(today - timedelta(days=40)), strict=True
    ):
        HalfDay.objects.filter(pk=half_day.pk).update(starts_at=held.starts_at, ends_at=held.ends_at)
    # The course keeps copies of its half-days' start times (its lists sort by them): moved back too.
    services.course_store_start_times(delivered)
    # Registered once it lies in the past, as a coordinator records who came: a training already
    # held sends no "you have a place" (registration_create).
    _register(delivered, 18, umea, "umea")
    for half_day in delivered.half_days.all():
        present = set(delivered.registrations.values_list("pk", flat=True)[: 16 if half_day.number == 1 else 15])
        participant_services.attendance_record_many(half_day=half_day, present_ids=present, by=coordinator)
    services.course_mark_delivered(delivered)

    # Confirmed, in three weeks: full, with a waitlist and the sign-up link open.
    confirmed = services.course_create(
        workplace=skelleftea,
        coordinator=coordinator,
        location="Mötesrummet, plan 2",
        half_days=_schedule(today + timedelta(days=21)),
    )
    for facilitator in (jonas, ingrid):
        services.assignment_accept(services.facilitator_assign(confirmed, facilitator))
    _register(confirmed, 22, skelleftea, "skelleftea")
    services.course_confirm(confirmed)
    services.course_set_signup_open(confirmed, is_open=True)

    # Draft, in two months: one facilitator has accepted, the other is still invited.
    draft = services.course_create(
        workplace=tromso,
        coordinator=coordinator,
        location="Møterom Fjellet",
        half_days=_schedule(today + timedelta(days=60), Country.NORWAY),
    )
    services.assignment_accept(services.facilitator_assign(draft, ingrid))
    services.facilitator_assign(draft, jonas)
    _register(draft, 6, tromso, "tromso")

    # A draft with dates and nobody asked yet: *find a pair* has the whole pool to rank.
    services.course_create(
        workplace=skelleftea,
        coordinator=coordinator,
        location="Mötesrummet, plan 2",
        half_days=_schedule(today + timedelta(days=35)),
    )

    # A fresh draft with no dates yet, and a cancelled one.
    services.course_create(workplace=umea, coordinator=coordinator, notes="Uppföljande utbildning för nyanställda.")
    cancelled = services.course_create(
        workplace=skelleftea, coordinator=coordinator, location="Aulan", half_days=_schedule(today + timedelta(days=90))
    )
    services.course_cancel(cancelled, reason="Verksamheten omorganiseras.")

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
import time_machine
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from sessions_app import services
from sessions_app.models import Country, Course, Facilitator, LivedExperience, Organisation, Workplace


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Region {n}")
    country = Country.SWEDEN


class WorkplaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workplace

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Psykiatrisk öppenvård {n}")
    visiting_address = "Storgatan 1, Umeå"
    manager_name = "Chef Chefsson"
    manager_email = factory.Sequence(lambda n: f"manager{n}@example.org")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    workplace = factory.SubFactory(WorkplaceFactory)
    coordinator = factory.SubFactory(UserFactory, roles=[Role.COORDINATOR])
    location = "Konferensrummet"


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facilitator

    user = factory.SubFactory(UserFactory, roles=[Role.FACILITATOR])
    lived_experience = LivedExperience.OWN
    # A lived experience is kept only with recorded consent (the model's check constraint).
    lived_experience_consent_at = factory.LazyAttribute(lambda o: timezone.now() if o.lived_experience else None)
    languages = factory.LazyFunction(lambda: ["sv"])
    home_area = "Umeå"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def schedule(first_day: date, *, days_between: int = 7, start: int = 8, hours: int = 4) -> list[services.HalfDayPlan]:
    """Two half-days of ``hours`` each, ``days_between`` days apart."""
    second_day = first_day + timedelta(days=days_between)
    return [
        services.HalfDayPlan(at(first_day, start), at(first_day, start + hours)),
        services.HalfDayPlan(at(second_day, start), at(second_day, start + hours)),
    ]


def scheduled_course(first_day: date | None = None, **kwargs) -> Course:
    """A draft course with a valid schedule, starting 30 days from now unless told otherwise. A
    first day in the past is scheduled as a new half-day must be: ahead of it (the day before)."""
    course = CourseFactory(**kwargs)
    first_day = first_day or timezone.localdate() + timedelta(days=30)
    if first_day <= timezone.localdate():
        with time_machine.travel(at(first_day, 0) - timedelta(days=1)):
            services.course_set_schedule(course, schedule(first_day))
    else:
        services.course_set_schedule(course, schedule(first_day))
    return course


def ready_course(first_day: date | None = None, **kwargs) -> Course:
    """A draft course that can be confirmed: schedule, location, two accepted facilitators."""
    course = scheduled_course(first_day, **kwargs)
    for _ in range(2):
        services.assignment_accept(services.facilitator_assign(course, FacilitatorFactory()))
    course.refresh_from_db()
    return course


def confirmed_course(first_day: date | None = None, **kwargs) -> Course:
    return services.course_confirm(ready_course(first_day, **kwargs))


# A training at fixed dates, for tests that travel through it with time_machine: half-day 1 on
# Thursday 5 February 2026, half-day 2 (with the idea workshop) on Thursday 12 February,
# 08:00–12:00, booked and confirmed in January.
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST_DAY = date(2026, 2, 5)
BEFORE_TRAINING = datetime(2026, 1, 20, 9, 0, tzinfo=STOCKHOLM)
AFTER_TRAINING = datetime(2026, 2, 12, 15, 0, tzinfo=STOCKHOLM)


def february_training(first_day: date = FIRST_DAY, **kwargs) -> Course:
    """A confirmed training with half-day 2 a week after ``first_day`` (by default on
    12 February 2026), made in January 2026."""
    with time_machine.travel(BEFORE_TRAINING, tick=False):
        return confirmed_course(first_day, **kwargs)


def after_half_day(course: Course, number: int = 2) -> time_machine.travel:
    """Travel (the clock standing still) to an hour after the course's half-day ``number`` has
    ended: attendance is taken, and the idea workshop recorded, only once a half-day has begun.
    Log a test client in inside it: a session from before has ended by then."""
    ends_at = course.half_days.get(number=number).ends_at
    return time_machine.travel(ends_at + timedelta(hours=1), tick=False)

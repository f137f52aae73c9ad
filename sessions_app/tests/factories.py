from __future__ import annotations

from datetime import date, datetime, time, timedelta

import factory
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
    """A draft course with a valid schedule, starting 30 days from now unless told otherwise."""
    course = CourseFactory(**kwargs)
    services.course_set_schedule(course, schedule(first_day or timezone.localdate() + timedelta(days=30)))
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

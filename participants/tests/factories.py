from __future__ import annotations

import factory

from participants import services
from participants.models import Participant, Perspective, Registration, RegistrationSource
from sessions_app.models import Course


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    language = "sv"
    perspective = Perspective.STAFF


def register(course: Course, participant: Participant | None = None, **kwargs) -> Registration:
    return services.registration_create(
        course=course, participant=participant or ParticipantFactory(**kwargs), source=RegistrationSource.COORDINATOR
    )


def fill(course: Course, count: int) -> list[Registration]:
    return [register(course) for _ in range(count)]

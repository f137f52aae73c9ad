"""Demo participants for `make run`: the open demo trainings get people, one of them a waitlist.

Idempotent: participants are found by e-mail address and registering twice returns the same
registration, so running it again changes nothing. Runs after the trainings' demo module; with
no open training it does nothing.
"""

from __future__ import annotations

from participants import services
from participants.models import Perspective, RegistrationSource
from sessions_app.models import Course, CourseStatus

FIRST_NAMES = [
    "Anna", "Erik", "Maja", "Lars", "Sara", "Johan", "Elin", "Ola", "Kari", "Nils", "Ingrid",
    "Per", "Sofia", "Jonas", "Linnea", "Mats", "Hanna", "Tor", "Emma", "Anders", "Ida", "Leif",
]  # fmt: skip
LAST_NAMES = ["Lindqvist", "Nordmann", "Berg", "Holm", "Eriksson", "Solberg"]
# Mostly staff, a few with their own experience or as relatives, like a real work group.
PERSPECTIVES = [Perspective.STAFF] * 4 + [Perspective.LIVED_EXPERIENCE, Perspective.RELATIVE]
FULL_COURSE_SIZE = Course.CAPACITY + 2  # fills the first training and puts two on its waitlist
OTHER_COURSE_SIZE = 12


def load_participants_demo() -> None:
    courses = Course.objects.filter(status__in=[CourseStatus.DRAFT, CourseStatus.CONFIRMED]).order_by("pk")[:3]
    for index, course in enumerate(courses):
        size = FULL_COURSE_SIZE if index == 0 else OTHER_COURSE_SIZE
        for n in range(size):
            name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n + index) % len(LAST_NAMES)]}"
            participant = services.participant_get_or_create(
                email=f"participant{index + 1}-{n + 1}@demo.dialogkurs.se",
                name=name,
                workplace=course.workplace,
                language="nb" if course.workplace.organisation.country == "NO" else "sv",
                perspective=PERSPECTIVES[n % len(PERSPECTIVES)],
            )
            services.registration_create(course=course, participant=participant, source=RegistrationSource.COORDINATOR)

"""Who may see and do what with a course: the one place every view asks (DESIGN §1).

Coordinators see and manage every training. A facilitator sees only the trainings they are
invited to or lead; any other course is a 404 for them, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role

from .models import AssignmentStatus, Course, CourseStatus

VISIBLE_ASSIGNMENT = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)


def courses_visible_to(user: User) -> QuerySet[Course]:
    if not user.is_authenticated:
        return Course.objects.none()
    if user.has_role(Role.COORDINATOR):
        return Course.objects.all()
    if user.has_role(Role.FACILITATOR):
        return Course.objects.filter(
            assignments__facilitator__user=user, assignments__status__in=VISIBLE_ASSIGNMENT
        ).distinct()
    return Course.objects.none()


def course_for(user: User, pk: int) -> Course:
    """The course if ``user`` may see it, else 404."""
    return get_object_or_404(courses_visible_to(user).select_related("workplace__organisation", "coordinator"), pk=pk)


def can_manage(user: User, course: Course) -> bool:
    """Book, edit, confirm, cancel, assign, manage participants: coordinators only."""
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def is_course_facilitator(user: User, course: Course, *, accepted_only: bool = False) -> bool:
    if not (user.is_authenticated and user.has_role(Role.FACILITATOR)):
        return False
    statuses = (AssignmentStatus.ACCEPTED,) if accepted_only else VISIBLE_ASSIGNMENT
    return course.assignments.filter(facilitator__user=user, status__in=statuses).exists()


def can_see_perspective(user: User, course: Course) -> bool:
    """The perspective is health-related: coordinators and the course's facilitators only."""
    return can_manage(user, course) or is_course_facilitator(user, course)


def can_run(user: User, course: Course) -> bool:
    """Whether ``user`` runs the training: a coordinator, or one of its accepted facilitators.
    They take attendance, record the idea-workshop outcome and its follow-ups, and read the
    evaluation results; nobody else does."""
    return can_manage(user, course) or is_course_facilitator(user, course, accepted_only=True)


# --- Theme material ------------------------------------------------------------------------------


def can_edit_theme_material(user: User) -> bool:
    """Describe the themes and upload or remove their files: coordinators."""
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_read_theme_material(user: User) -> bool:
    """Read the descriptions and download the files: coordinators, and facilitators invited to
    or leading a training that is not cancelled."""
    if can_edit_theme_material(user):
        return True
    if not (user.is_authenticated and user.has_role(Role.FACILITATOR)):
        return False
    return courses_visible_to(user).exclude(status=CourseStatus.CANCELLED).exists()

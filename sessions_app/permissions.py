"""Who may see and do what with a course: the one place every view asks (DESIGN §1).

Coordinators see and manage every training. A facilitator sees only the trainings they are
invited to or lead; any other course is a 404 for them, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.roles import Role
from dialogkurs.statements import Param, prepared

from . import hooks
from .models import AssignmentStatus, Course, CourseStatus, Facilitator, FacilitatorAssignment

VISIBLE_ASSIGNMENT = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)


def _seeing_as(user: User) -> Role | None:
    """The role by which ``user`` sees trainings: every one, their own, or none."""
    if not user.is_authenticated:
        return None
    if user.has_role(Role.COORDINATOR):
        return Role.COORDINATOR
    if user.has_role(Role.FACILITATOR):
        return Role.FACILITATOR
    return None


def _courses_seen_as(role: Role | None, user_id) -> QuerySet[Course]:
    if role == Role.COORDINATOR:
        return Course.objects.all()
    if role == Role.FACILITATOR:
        return Course.objects.filter(
            assignments__facilitator__user_id=user_id, assignments__status__in=VISIBLE_ASSIGNMENT
        ).distinct()
    return Course.objects.none()


def courses_visible_to(user: User) -> QuerySet[Course]:
    return _courses_seen_as(_seeing_as(user), user.pk)


def course_for(user: User, pk: int, *, page: str | None = None) -> Course:
    """The course if ``user`` may see it, else 404; for a ``page`` of ``hooks``, with what its
    sections read of the course annotated onto it (``hooks.panel_annotations``). Its statement
    is compiled once per process (``dialogkurs.statements.prepared``): a dozen pages ask it."""
    role = _seeing_as(user)
    if role is None:
        raise Http404

    def build() -> QuerySet[Course]:
        courses = _courses_seen_as(role, Param("user")).select_related("workplace__organisation", "coordinator")
        if page is not None:
            courses = courses.annotate(**hooks.panel_annotations(page))
        return courses.filter(pk=Param("pk")).order_by()[:2]

    found = prepared(("sessions_app:course_for", role, page), build).fetch(pk=pk, user=user.pk)
    if len(found) != 1:
        raise Http404
    return found[0]


def can_manage(user: User, course: Course) -> bool:
    """Book, edit, confirm, cancel, assign, manage participants: coordinators only."""
    return can_run_every_training(user)


def can_run_every_training(user: User) -> bool:
    """Whether ``can_run`` holds for every training, so a list of any trainings may link to
    what only those who run a training read (its evaluation results): coordinators."""
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def is_course_facilitator(user: User, course: Course, *, accepted_only: bool = False) -> bool:
    if not (user.is_authenticated and user.has_role(Role.FACILITATOR)):
        return False
    statuses = (AssignmentStatus.ACCEPTED,) if accepted_only else VISIBLE_ASSIGNMENT
    prefetched = getattr(course, "_prefetched_objects_cache", {}).get("assignments")
    if prefetched is not None:
        # The course page prefetches them with their facilitators (``selectors.course_detail_get``):
        # its sections asked this four times, a query each.
        return any(a.status in statuses and a.facilitator.user_id == user.pk for a in prefetched)
    return course.assignments.filter(facilitator__user=user, status__in=statuses).exists()


def can_see_participants(user: User, course: Course) -> bool:
    """Who reads a training's participants — names, addresses and their perspective, which is
    health-related (DESIGN §8): coordinators and the facilitators who lead it (``can_run``). A
    facilitator only invited sees the training she is asked to lead, not who takes part: she may
    decline, and has then seen nobody's data."""
    return can_run(user, course)


def can_run(user: User, course: Course) -> bool:
    """Whether ``user`` runs the training: a coordinator, or one of its accepted facilitators.
    They take attendance, record the idea-workshop outcome and its follow-ups, and read the
    evaluation results; nobody else does."""
    return can_manage(user, course) or is_course_facilitator(user, course, accepted_only=True)


# --- The facilitator pool -------------------------------------------------------------------


def can_manage_pool(user: User) -> bool:
    """See the whole pool, edit any profile, deactivate, find pairs and dates, read every
    statement: coordinators only."""
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


def can_see_lived_experience(user: User) -> bool:
    """A facilitator's lived experience is health-related: coordinators only (DESIGN §8); the
    facilitator herself sees and edits hers on her own profile."""
    return can_manage_pool(user)


def can_edit_profile(user: User, facilitator: Facilitator) -> bool:
    """Her own profile and unavailable dates: herself, or a coordinator."""
    return can_manage_pool(user) or (user.is_authenticated and facilitator.user_id == user.pk)


def facilitator_for_editing(user: User, pk: int) -> Facilitator:
    """The profile if ``user`` may edit it; another facilitator's is a 404, as if it did not exist."""
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), pk=pk)
    if not can_edit_profile(user, facilitator):
        raise Http404
    return facilitator


def can_see_statement(user: User, facilitator: Facilitator) -> bool:
    """A monthly statement (hours, travel, fees): its facilitator and coordinators."""
    return can_edit_profile(user, facilitator)


def assignment_for_travel(user: User, pk: int) -> FacilitatorAssignment:
    """An accepted assignment whose travel ``user`` may enter: her own (or any, for a
    coordinator); anything else is a 404."""
    queryset = FacilitatorAssignment.objects.select_related("course__workplace", "facilitator__user").filter(
        status=AssignmentStatus.ACCEPTED
    )
    if not can_manage_pool(user):
        queryset = queryset.filter(facilitator__user=user)
    return get_object_or_404(queryset, pk=pk)


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

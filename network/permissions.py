"""Who may see a case, and who may be told about it: the one place every network view, export
and message asks (DESIGN §2.4).

``access_reason(user, case)`` is the permission function. Only a case's current team sees
anything of it; for everyone else the case does not exist (404), whatever their role. The
predicates below it decide who may receive a message about a case: nobody without the index
person's agreement, nobody who has left the team.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role

from .models import Agreement, Case, NetworkMember, TeamMembership


class AccessReason(models.TextChoices):
    """Why someone may read a case; written to the access log with every read."""

    TEAM = "team", _("Team member")
    EMERGENCY = "emergency", _("Emergency access")


def is_clinician(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.NETWORK_CLINICIAN)


def access_reason(user: User, case: Case | int, *, now: datetime | None = None) -> AccessReason | None:
    """Why ``user`` may read ``case`` now, or None when they may not (then it is a 404).

    A current team member who holds the Network clinician role reads as TEAM. Nobody else reads
    anything: coordinators, facilitators and administrators included.
    """
    if not is_clinician(user):
        return None
    case_id = case if isinstance(case, int) else case.pk
    if TeamMembership.objects.filter(case_id=case_id, clinician=user, ended_at=None).exists():
        return AccessReason.TEAM
    return None


def can_change_case(user: User, case: Case) -> bool:
    """Changes (book, record, close, the network) are the current team's alone."""
    return access_reason(user, case) == AccessReason.TEAM


def cases_of_team_member(user: User) -> QuerySet[Case]:
    """The cases on whose current team ``user`` is: the *My cases* list."""
    if not is_clinician(user):
        return Case.objects.none()
    return Case.objects.filter(memberships__clinician=user, memberships__ended_at=None)


def case_or_404(user: User, pk: int, *, change: bool = False) -> tuple[Case, AccessReason]:
    """The case and the reason ``user`` may read it; 404 when they may not (the case's existence
    is not revealed), and 404 too for a change by someone who may only read."""
    case = Case.objects.filter(pk=pk).first()
    reason = access_reason(user, case) if case is not None else None
    if reason is None or (change and reason != AccessReason.TEAM):
        raise Http404
    return case, reason


# --- Who may be told ---------------------------------------------------------------------------


def may_be_invited(member: NetworkMember) -> bool:
    """The index person agreed that this person is invited, and there is an address to write to."""
    return not member.is_erased and member.invite_agreement == Agreement.YES and bool(member.email)


def may_be_reminded(member: NetworkMember) -> bool:
    """Reminders need the index person's agreement to invite and the agreement to reminders."""
    return may_be_invited(member) and member.reminders_agreed


def index_person_may_be_reminded(case: Case) -> bool:
    return case.reminders_agreed and bool(case.email)


def is_current_team_member(user: User, case: Case) -> bool:
    """A team member who is still on the team (and active): the one who may be told about it."""
    return user.is_active and access_reason(user, case) == AccessReason.TEAM

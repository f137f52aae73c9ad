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
from django.utils import timezone
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

    A current team member who holds the Network clinician role reads as TEAM. A network
    clinician outside the team or an administrator reads as EMERGENCY while an emergency access
    they opened (stating a reason; the team is told) has not expired. Nobody else reads anything.
    """
    return access_to(user, case, now=now)[0]


def access_to(user: User, case: Case | int, *, now: datetime | None = None):
    """(reason, emergency access or None): ``access_reason`` with the grant behind an emergency."""
    if not user.is_authenticated or not user.is_active:
        return None, None
    case_id = case if isinstance(case, int) else case.pk
    if is_clinician(user) and TeamMembership.objects.filter(case_id=case_id, clinician=user, ended_at=None).exists():
        return AccessReason.TEAM, None
    if user.has_role(Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR):
        from .models import EmergencyAccess

        now = now or timezone.now()
        grant = (
            EmergencyAccess.objects.filter(case_id=case_id, user=user, started_at__lte=now, expires_at__gt=now)
            .order_by("-expires_at")
            .first()
        )
        if grant is not None:
            return AccessReason.EMERGENCY, grant
    return None, None


def can_change_case(user: User, case: Case) -> bool:
    """Changes (book, record, close, the network) are the current team's alone."""
    return access_reason(user, case) == AccessReason.TEAM


def cases_of_team_member(user: User) -> QuerySet[Case]:
    """The cases on whose current team ``user`` is: the *My cases* list."""
    if not is_clinician(user):
        return Case.objects.none()
    return Case.objects.filter(memberships__clinician=user, memberships__ended_at=None)


def case_or_404(user: User, pk: int, *, change: bool = False):
    """(case, reason, emergency access) when ``user`` may read the case; else 404 (the case's
    existence is not revealed), and 404 too for a change by someone who may only read."""
    case = Case.objects.filter(pk=pk).first()
    reason, grant = access_to(user, case) if case is not None else (None, None)
    if reason is None or (change and reason != AccessReason.TEAM):
        raise Http404
    return case, reason, grant


def read_case(request, pk: int, *, kind: str, object_id: int | None = None, change: bool = False) -> Case:
    """The one door to a case for every view and export: the permission check, then one access
    log row (who, when, which case and what, why), written in this request. Sets
    ``request.network_access`` to the reason."""
    from .services_records import access_log_write

    case, reason, grant = case_or_404(request.user, pk, change=change)
    access_log_write(
        user=request.user,
        case=case,
        reason=reason,
        kind=kind,
        object_id=object_id,
        path=request.path,
        emergency=grant,
    )
    request.network_access = reason
    request.network_emergency = grant
    return case


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

"""Erasure at a person's request (GDPR art. 17): the plan shown before, and the erasure.

Everything found by the person's e-mail address (``people``) is erased or anonymised through the
owning app's privacy service; what trainings need for statistics — registrations, attendance,
the perspective (shown only in aggregates of 5 or more), evaluations (never linked to anyone),
proposals — stays, no longer linked to a person. The record of the erasure is an audit entry
with counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.personal_data import login_records_forget, user_anonymise
from audit.log import audit_record
from enquiries import services as enquiry_services
from enquiries.models import Status as EnquiryStatus
from enquiries.personal_data import events_forget_staff_name
from participants.models import LIVE
from participants.personal_data import participant_anonymise
from participants.services import registration_cancel
from reminders.personal_data import messages_forget_recipient
from sessions_app import services as course_services
from sessions_app.models import AssignmentStatus, CourseStatus, Facilitator, FacilitatorAssignment
from sessions_app.personal_data import facilitator_forget
from workshops.personal_data import forget_attendee, proposal_forget_owner

from . import people

OPEN_COURSE = (CourseStatus.DRAFT, CourseStatus.CONFIRMED)


@dataclass
class ErasureStep:
    key: str
    count: int
    effect: str


@dataclass
class ErasurePlan:
    email: str
    steps: list[ErasureStep] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(step.count for step in self.steps)

    @property
    def can_erase(self) -> bool:
        return not self.blockers and not self.is_empty


def erasure_plan(email: str) -> ErasurePlan:
    """What erasing ``email`` would change, and what prevents it (a training still ahead that
    needs the person as its coordinator or facilitator, an administrator's own account)."""
    email = people.normalise(email)
    plan = ErasurePlan(email)
    users = people.users(email)
    plan.steps.append(
        ErasureStep(
            "user",
            len(users),
            _("User account: name removed, address replaced, cannot log in; what the person did stays under a number."),
        )
    )
    facilitators = Facilitator.objects.filter(user__in=users).count()
    plan.steps.append(
        ErasureStep(
            "facilitator",
            facilitators,
            _("Facilitator profile: lived experience, home area and languages removed; no longer active."),
        )
    )
    plan.steps.append(
        ErasureStep(
            "participant",
            len(people.participants(email)),
            _("Participant: name and address removed; registrations and attendance kept for statistics."),
        )
    )
    plan.steps.append(
        ErasureStep(
            "enquiry",
            len(people.enquiries(email)),
            _("Contact enquiries: closed if open, then anonymised (contact details, message, notes removed)."),
        )
    )
    plan.steps.append(
        ErasureStep(
            "proposal_owner",
            len(people.owned_proposals(email)),
            _("Improvement proposals: the owner's name and address removed; the proposals stay."),
        )
    )
    plan.steps.append(
        ErasureStep(
            "workplace_manager",
            len(people.managed_workplaces(email)),
            _("Workplaces: the manager's name and address removed."),
        )
    )
    plan.steps.append(
        ErasureStep(
            "messages",
            len(people.messages(email)),
            _("E-mails: those not yet sent are stopped; none keeps the address or the name."),
        )
    )
    for user in users:
        if user.is_administrator:
            plan.blockers.append(_("This is an administrator's account: take the role away first."))
        open_courses = user.coordinated_courses.filter(status__in=OPEN_COURSE).count()
        if open_courses:
            plan.blockers.append(
                _("The person coordinates %(count)s trainings not yet delivered: give them another coordinator first.")
                % {"count": open_courses}
            )
        ahead = FacilitatorAssignment.objects.filter(
            facilitator__user=user, status=AssignmentStatus.ACCEPTED, course__status__in=OPEN_COURSE
        ).count()
        if ahead:
            plan.blockers.append(
                _("The person leads %(count)s trainings not yet delivered: replace them first.") % {"count": ahead}
            )
    return plan


@transaction.atomic
def person_erase(email: str, *, by: User) -> ErasurePlan:
    """Erase ``email`` everywhere (see the module's docstring). Raises ValueError when the plan
    has blockers. Side effects: one audit entry per object changed, and one with the counts."""
    plan = erasure_plan(email)
    if plan.blockers:
        raise ValueError("; ".join(plan.blockers))
    email = plan.email
    for user in people.users(email):
        name = user.full_name
        for facilitator in Facilitator.objects.filter(user=user):
            facilitator_forget(facilitator)
        user_anonymise(user)
        events_forget_staff_name(name)
    for participant in people.participants(email):
        # A place still held is given up (the waitlist moves up), so no reminder is planned
        # again for the erased address.
        for registration in participant.registrations.filter(status__in=LIVE).select_related("course"):
            if registration.can_be_cancelled:
                registration_cancel(registration)
        participant_anonymise(participant)
    for enquiry in people.enquiries(email):
        if enquiry.status != EnquiryStatus.CLOSED:
            enquiry_services.enquiry_close(enquiry, by=by, reason=_("Erased at the person's request."))
        enquiry_services.enquiry_anonymise(enquiry)
    for proposal in people.owned_proposals(email):
        proposal_forget_owner(proposal)
    for workplace in people.managed_workplaces(email):
        name = workplace.manager_name
        course_services.workplace_update(workplace, manager_name="", manager_email="")
        for course_id in workplace.courses.values_list("pk", flat=True):
            forget_attendee(course_id, name)
    messages_forget_recipient(email)
    login_records_forget(email)
    audit_record(None, "erase", actor=by, extra={step.key: step.count for step in plan.steps if step.count})
    return plan

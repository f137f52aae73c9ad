"""Proposal owners' and follow-up attendees' part in erasure and retention (privacy/)."""

from __future__ import annotations

from django.db import transaction

from audit.log import audit_record

from .models import FollowUpMeeting, ImprovementProposal


def _without_name(attendees: str, name: str) -> str:
    return "\n".join(line for line in attendees.splitlines() if line.strip() and line.strip() != name)


@transaction.atomic
def proposal_forget_owner(proposal: ImprovementProposal, *, action: str = "erase") -> ImprovementProposal:
    """The proposal stays (text, area, status, history); its owner's name and address go, also
    from the attendee lists of its training's follow-up meetings."""
    proposal = ImprovementProposal.objects.select_for_update().select_related("outcome").get(pk=proposal.pk)
    if not (proposal.owner_name or proposal.owner_email):
        return proposal
    name = proposal.owner_name
    proposal.owner_name = proposal.owner_email = ""
    proposal.save(update_fields=["owner_name", "owner_email"])
    if name:
        forget_attendee(proposal.outcome.course_id, name)
    audit_record(proposal, action, fields=["owner_name", "owner_email"], scope=proposal.outcome.course)
    return proposal


def forget_attendee(course_id: int, name: str) -> int:
    """Remove ``name`` from the attendee lists of a training's follow-up meetings."""
    changed = 0
    for meeting in FollowUpMeeting.objects.select_for_update().filter(course_id=course_id, attendees__contains=name):
        meeting.attendees = _without_name(meeting.attendees, name)
        meeting.save(update_fields=["attendees"])
        changed += 1
    return changed

"""The idea-workshop models left sessions_app for workshops/, the evaluation models left
participants for evaluations/ (issue 10): a database of the old layout, with a row of every
moved model and outbox rows about them, migrates to the new layout with nothing lost."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from dialogkurs.testing.migrations import migrate_to, migrate_to_latest

OLD_LAYOUT = [("sessions_app", "0003_workshop"), ("participants", "0002_evaluation"), ("reminders", "0001_initial")]
NEW_APPS = [("workshops", None), ("evaluations", None)]
MOVED = {
    "sessions_app": ("workshops", ["WorkshopOutcome", "ImprovementProposal", "FollowUpMeeting", "ProposalUpdate"]),
    "participants": ("evaluations", ["EvaluationToken", "EvaluationAnswer"]),
}
WHEN = datetime(2026, 2, 12, 14, 0, tzinfo=UTC)


def _old_layout_rows(apps) -> dict:
    """One row of every moved model, written with the models as they were, and one outbox row
    about each (the real kinds where there is one)."""
    get = apps.get_model
    user = get("accounts", "User").objects.create(email="samordnare@example.org", full_name="Sam Ordnare")
    organisation = get("sessions_app", "Organisation").objects.create(name="Region Gävleborg", country="SE")
    workplace = get("sessions_app", "Workplace").objects.create(organisation=organisation, name="Öppenvården")
    course = get("sessions_app", "Course").objects.create(
        workplace=workplace, coordinator=user, status="delivered", signup_token="token-1"
    )
    outcome = get("sessions_app", "WorkshopOutcome").objects.create(
        course=course, status="submitted", submitted_at=WHEN, notes="Om väntetider", created_by=user
    )
    proposal = get("sessions_app", "ImprovementProposal").objects.create(
        outcome=outcome,
        text="Nätverket bjuds in till första mötet",
        area="treatment",
        recovery_domains=["working_relationship"],
        raised_by=["staff", "relative"],
        owner_name="Åsa Öberg",
        owner_email="asa@example.org",
        due_date=date(2026, 5, 1),
        status="in_progress",
    )
    meeting = get("sessions_app", "FollowUpMeeting").objects.create(
        course=course, number=1, starts_at=WHEN.replace(month=5), place="Personalrummet", status="planned"
    )
    update = get("sessions_app", "ProposalUpdate").objects.create(
        proposal=proposal, meeting=None, status_before="", status="proposed", note="Vid inlämningen", recorded_at=WHEN
    )
    token = get("participants", "EvaluationToken").objects.create(course=course, token_hash="a" * 64, used=True)
    answer = get("participants", "EvaluationAnswer").objects.create(
        id=uuid.uuid4(),
        course=course,
        answered_on=date(2026, 2, 13),
        working_relationship=5,
        personally_defined_recovery=4,
        organisational_commitment=3,
        citizenship=4,
        comment="Bra dag",
    )
    rows = {
        "WorkshopOutcome": outcome,
        "ImprovementProposal": proposal,
        "FollowUpMeeting": meeting,
        "ProposalUpdate": update,
        "EvaluationToken": token,
        "EvaluationAnswer": answer,
    }
    kinds = {"WorkshopOutcome": "sessions_app.workshop_summary", "FollowUpMeeting": "sessions_app.followup_reminder"}
    content_types = get("contenttypes", "ContentType").objects
    messages = get("reminders", "ScheduledMessage").objects
    old_types = {}
    for old_app, (_new_app, names) in MOVED.items():
        for name in names:
            content_type, _created = content_types.get_or_create(app_label=old_app, model=name.lower())
            old_types[name] = content_type.pk
            # EvaluationAnswer has a UUID key, which the outbox's integer object id cannot hold.
            object_id = 1 if name == "EvaluationAnswer" else rows[name].pk
            messages.create(
                kind=kinds.get(name, f"test.about_{name.lower()}"),
                content_type=content_type,
                object_id=object_id,
                recipient=f"{name.lower()}@example.org",
                due_at=WHEN,
                next_attempt_at=WHEN,
            )
    return {"rows": {name: row.pk for name, row in rows.items()}, "course": course.pk, "types": old_types}


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_old_layout_keeps_every_moved_row_and_what_its_outbox_rows_point_at():
    try:
        apps = migrate_to(OLD_LAYOUT + NEW_APPS, state_of=OLD_LAYOUT)
        labels = set(ContentType.objects.values_list("app_label", flat=True))
        assert {"workshops", "evaluations"}.isdisjoint(labels)
        before = _old_layout_rows(apps)
        migrate_to_latest()
    finally:
        migrate_to_latest()

    from evaluations.models import EvaluationAnswer, EvaluationToken
    from reminders.models import ScheduledMessage
    from workshops.models import FollowUpMeeting, ImprovementProposal, ProposalUpdate, WorkshopOutcome

    rows = before["rows"]
    outcome = WorkshopOutcome.objects.get(pk=rows["WorkshopOutcome"])
    assert (outcome.course_id, outcome.status, outcome.submitted_at, outcome.notes) == (
        before["course"],
        "submitted",
        WHEN,
        "Om väntetider",
    )
    proposal = ImprovementProposal.objects.get(pk=rows["ImprovementProposal"])
    assert (proposal.outcome_id, proposal.recovery_domains, proposal.raised_by, proposal.status) == (
        outcome.pk,
        ["working_relationship"],
        ["staff", "relative"],
        "in_progress",
    )
    assert list(outcome.proposals.all()) == [proposal]
    meeting = FollowUpMeeting.objects.get(pk=rows["FollowUpMeeting"])
    assert (meeting.course_id, meeting.number, meeting.place) == (before["course"], 1, "Personalrummet")
    update = ProposalUpdate.objects.get(pk=rows["ProposalUpdate"])
    assert (update.proposal_id, update.note) == (proposal.pk, "Vid inlämningen")
    token = EvaluationToken.objects.get(pk=rows["EvaluationToken"])
    assert (token.course_id, token.token_hash, token.used) == (before["course"], "a" * 64, True)
    answer = EvaluationAnswer.objects.get(pk=rows["EvaluationAnswer"])
    assert (answer.course_id, answer.working_relationship, answer.comment) == (before["course"], 5, "Bra dag")

    # The content types were re-pointed, not replaced: same ids, new app labels, no old ones left.
    for old_app, (new_app, names) in MOVED.items():
        for name in names:
            content_type = ContentType.objects.get(pk=before["types"][name])
            assert (content_type.app_label, content_type.model) == (new_app, name.lower())
        assert not ContentType.objects.filter(app_label=old_app, model__in=[n.lower() for n in names]).exists()
    # The outbox rows find their objects through the new models, and keep their kinds.
    about = {
        message.content_type.model_class(): message
        for message in ScheduledMessage.objects.select_related("content_type")
    }
    assert about[WorkshopOutcome].content_object == outcome
    assert about[WorkshopOutcome].kind == "sessions_app.workshop_summary"
    assert about[FollowUpMeeting].content_object == meeting
    assert about[FollowUpMeeting].kind == "sessions_app.followup_reminder"
    assert about[ImprovementProposal].content_object == proposal
    assert about[ProposalUpdate].content_object == update
    assert about[EvaluationToken].content_object == token
    assert set(about) == {
        WorkshopOutcome,
        ImprovementProposal,
        FollowUpMeeting,
        ProposalUpdate,
        EvaluationToken,
        EvaluationAnswer,
    }

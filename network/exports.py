"""The case export (the index person's right of access): everything about a case — the person,
the team and its history, the network, meetings, every signed note version with its objections,
emergency accesses and the access log. One structure for the printable page and the JSON."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import AccessLog, Attendee, Case, CaseEvent, EmergencyAccess, MeetingNote, NoteStatus


def case_export(case: Case) -> dict:
    """The objects, fetched in a fixed number of queries, for the printable page."""
    notes = list(
        MeetingNote.objects.filter(case=case, status=NoteStatus.SIGNED)
        .select_related("author", "meeting")
        .prefetch_related("objections__recorded_by")
        .order_by("created_at", "version", "pk")
    )
    return {
        "team": list(case.memberships.select_related("clinician").order_by("started_at", "pk")),
        "members": list(case.members.select_related("invite_agreement_by").order_by("created_at", "pk")),
        "meetings": list(
            case.meetings.prefetch_related(
                Prefetch("attendees", queryset=Attendee.objects.select_related("member", "clinician").order_by("pk")),
                "next_steps",
            ).order_by("starts_at", "pk")
        ),
        "notes": notes,
        "emergency_accesses": list(
            EmergencyAccess.objects.filter(case=case).select_related("user").order_by("started_at", "pk")
        ),
        "access_log": list(AccessLog.objects.filter(case=case).select_related("user").order_by("at", "pk")),
        "events": list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "pk")),
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def case_export_data(case: Case) -> dict:
    """The same as plain data (JSON)."""
    parts = case_export(case)
    return {
        "case": {
            "number": case.pk,
            "status": case.status,
            "first_contact_at": _iso(case.first_contact_at),
            "contact_source": case.contact_source,
            "first_meeting_at": _iso(case.first_meeting_at),
            "closed_at": _iso(case.closed_at),
            "closed_reason": case.closed_reason,
            "country": case.country,
        },
        "index_person": {
            "name": case.name,
            "date_of_birth": _iso(case.date_of_birth),
            "phone": case.phone,
            "email": case.email,
            "address": case.address,
            "language": case.language,
            "reminders_agreed": case.reminders_agreed,
        },
        "team": [
            {
                "clinician": m.clinician.full_name,
                "from": _iso(m.started_at),
                "until": _iso(m.ended_at),
                "reason_for_joining": m.start_reason,
                "reason_for_leaving": m.end_reason,
            }
            for m in parts["team"]
        ],
        "network": [
            {
                "name": m.name,
                "relation": m.relation,
                "service": m.service,
                "organisation": m.organisation,
                "phone": m.phone,
                "email": m.email,
                "language": m.language,
                "closeness": m.closeness,
                "agreement_to_invite": m.invite_agreement,
                "agreement_recorded_at": _iso(m.invite_agreement_at),
                "agreement_recorded_by": m.invite_agreement_by.full_name if m.invite_agreement_by else None,
                "reminders_agreed": m.reminders_agreed,
                "erased_at": _iso(m.erased_at),
            }
            for m in parts["members"]
        ],
        "meetings": [
            {
                "number": m.pk,
                "starts_at": _iso(m.starts_at),
                "duration_minutes": m.duration_minutes,
                "place": m.place,
                "place_detail": m.place_detail,
                "status": m.status,
                "attendees": [
                    {
                        "who": "index person"
                        if a.is_index_person
                        else (a.member.name if a.member_id else a.clinician.full_name),
                        "invited": a.invited,
                        "attended": a.attended,
                    }
                    for a in m.attendees.all()
                ],
                "next_steps": [{"text": s.text, "responsible": s.responsible} for s in m.next_steps.all()],
            }
            for m in parts["meetings"]
        ],
        "notes": [
            {
                "number": n.pk,
                "thread": str(n.thread),
                "version": n.version,
                "corrects": n.replaces_id,
                "correction_reason": n.correction_reason,
                "meeting": n.meeting_id,
                "author": n.author.full_name,
                "written_together": n.written_together,
                "signed_at": _iso(n.signed_at),
                "text": n.body,
                "objections": [
                    {"text": o.text, "recorded_by": o.recorded_by.full_name, "recorded_at": _iso(o.recorded_at)}
                    for o in n.objections.all()
                ],
            }
            for n in parts["notes"]
        ],
        "emergency_accesses": [
            {"who": g.user.full_name, "from": _iso(g.started_at), "until": _iso(g.expires_at), "reason": g.reason}
            for g in parts["emergency_accesses"]
        ],
        "access_log": [
            {
                "at": _iso(row.at),
                "who": row.user.full_name,
                "what": row.kind,
                "which": row.object_id,
                "why": row.reason,
            }
            for row in parts["access_log"]
        ],
        "history": [
            {"at": _iso(e.created_at), "what": e.kind, "by": e.actor.full_name if e.actor else None, "detail": e.detail}
            for e in parts["events"]
        ],
    }

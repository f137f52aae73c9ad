"""Every seeded table, in the order they are written: one line per table (see ``__init__``)."""

from __future__ import annotations

from accounts.models import User
from enquiries.models import EnquiryMeeting

from . import Step
from .enquiries import seed_enquiries, seed_enquiry_events, seed_enquiry_meeting_attendees, seed_enquiry_meetings
from .network import seed_attendees, seed_cases, seed_meetings, seed_members, seed_memberships
from .outbox import seed_outbox
from .participants import (
    seed_attendance,
    seed_evaluation_answers,
    seed_evaluation_tokens,
    seed_participants,
    seed_registrations,
)
from .trainings import (
    seed_assignments,
    seed_authenticators,
    seed_courses,
    seed_facilitators,
    seed_half_day_themes,
    seed_half_days,
    seed_organisations,
    seed_user_roles,
    seed_users,
    seed_workplaces,
)
from .workshops import seed_followups, seed_outcomes, seed_proposal_updates, seed_proposals

OUTBOX_COLUMNS = [
    "id", "kind", "content_type", "object_id", "recipient", "recipient_name", "occasion", "language", "time_zone",
    "due_at", "next_attempt_at", "status", "reason", "attempts", "last_error", "claimed_at", "sent_at", "created_at",
]  # fmt: skip

STEPS = [
    Step("accounts.User", ["id", "password", "last_login", "is_superuser", "email", "full_name", "language", "is_active", "date_joined"], seed_users),
    Step(lambda: User.groups.through, ["id", "user", "group"], seed_user_roles),
    Step("otp_totp.TOTPDevice", ["id", "user", "name", "confirmed", "key", "step", "t0", "digits", "tolerance", "drift", "last_t", "throttling_failure_timestamp", "throttling_failure_count", "created_at"], seed_authenticators),
    Step("sessions_app.Facilitator", ["id", "user", "lived_experience", "lived_experience_consent_at", "languages", "home_area", "presentation", "active", "ical_token"], seed_facilitators),
    Step("sessions_app.Organisation", ["id", "name", "country", "created_at"], seed_organisations),
    Step("sessions_app.Workplace", ["id", "organisation", "name", "visiting_address", "manager_name", "manager_email", "manager_language", "created_at"], seed_workplaces),
    Step("sessions_app.Course", ["id", "workplace", "location", "coordinator", "status", "notes", "signup_token", "signup_open", "consent_text", "cancel_reason", "first_starts_at", "second_starts_at", "created_at", "updated_at"], seed_courses),
    Step("sessions_app.HalfDay", ["id", "course", "number", "starts_at", "ends_at", "sequence"], seed_half_days),
    Step("sessions_app.HalfDayTheme", ["id", "course", "half_day", "theme"], seed_half_day_themes),
    Step("sessions_app.FacilitatorAssignment", ["id", "course", "facilitator", "status", "invited_at", "answered_at"], seed_assignments),
    Step("participants.Participant", ["id", "name", "email", "workplace", "language", "perspective", "created_at"], seed_participants),
    Step("participants.Registration", ["id", "course", "participant", "status", "source", "queued_at", "consent_given_at", "promoted_at", "cancelled_at", "cancel_token", "signup_address"], seed_registrations),
    Step("participants.Attendance", ["id", "registration", "half_day", "present", "recorded_at", "recorded_by"], seed_attendance),
    Step("evaluations.EvaluationToken", ["id", "course", "token_hash", "used"], seed_evaluation_tokens),
    Step("evaluations.EvaluationAnswer", ["id", "course", "answered_on", "working_relationship", "personally_defined_recovery", "organisational_commitment", "citizenship", "comment"], seed_evaluation_answers),
    Step("workshops.WorkshopOutcome", ["id", "course", "status", "notes", "created_by", "submitted_by", "submitted_at", "created_at", "updated_at"], seed_outcomes),
    Step("workshops.FollowUpMeeting", ["id", "course", "number", "starts_at", "place", "attendees", "status", "notes", "recorded_at", "recorded_by", "created_at"], seed_followups),
    Step("workshops.ImprovementProposal", ["id", "outcome", "text", "area", "recovery_domains", "raised_by", "owner_name", "owner_email", "due_date", "status", "created_at"], seed_proposals),
    Step("workshops.ProposalUpdate", ["id", "proposal", "meeting", "status_before", "status", "note", "recorded_at", "recorded_by"], seed_proposal_updates),
    Step("enquiries.Enquiry", ["id", "name", "email", "phone", "organisation", "country", "topic", "message", "preferred_times", "language", "consented_at", "status", "assignee", "created_at", "contacted_at", "closed_at", "contact_due_at", "alert_due_at", "anonymised_at", "course"], seed_enquiries),
    Step("enquiries.EnquiryMeeting", ["id", "enquiry", "starts_at", "duration_minutes", "location", "sequence", "held_at", "outcome"], seed_enquiry_meetings),
    Step(lambda: EnquiryMeeting.attendees.through, ["id", "enquirymeeting", "user"], seed_enquiry_meeting_attendees),
    Step("enquiries.EnquiryEvent", ["id", "enquiry", "kind", "actor", "created_at", "from_status", "to_status", "text"], seed_enquiry_events),
    Step("network.Case", ["id", "name", "phone", "email", "address", "closed_reason", "language", "reminders_agreed", "country", "first_contact_at", "contact_source", "first_meeting_at", "status", "closed_at", "created_by", "created_at"], seed_cases),
    Step("network.TeamMembership", ["id", "case", "clinician", "started_at", "ended_at", "start_reason", "end_reason"], seed_memberships),
    Step("network.NetworkMember", ["id", "case", "name", "relation", "service", "organisation", "phone", "email", "language", "closeness", "invite_agreement", "invite_agreement_at", "invite_agreement_by", "reminders_agreed", "created_at"], seed_members),
    Step("network.NetworkMeeting", ["id", "case", "starts_at", "duration_minutes", "place", "place_detail", "status", "sequence", "booked_by", "created_at", "held_recorded_at", "cancelled_at"], seed_meetings),
    Step("network.Attendee", ["id", "meeting", "is_index_person", "member", "clinician", "invited", "attended"], seed_attendees),
    Step("reminders.ScheduledMessage", OUTBOX_COLUMNS, seed_outbox),
]  # fmt: skip

"""Every field a person may read the name of has a translatable name: the change history, the
audit log and the admin print fields by their ``verbose_name``, and a field without one printed
its Python name in English on Swedish and Norwegian pages ("half day: #2", "consent given at").
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise

APPS = {
    "accounts",
    "audit",
    "enquiries",
    "evaluations",
    "network",
    "participants",
    "privacy",
    "reminders",
    "reports",
    "sessions_app",
    "workshops",
}

# Named by nothing a person reads: keys, hashes and counters (tokens, iCalendar SEQUENCE, the
# audit entry's scope), the fields django-otp's device brings (its own models name them so too),
# and the network records' own fields — never in the admin (DESIGN §8), and their pages name
# them in their own words. Give one a name before a page prints it, and take it off this list.
UNNAMED = {
    "AuditEntry": {"scope_type", "scope_id"},
    "BackupCodeDevice": {"user", "name", "confirmed"},
    "BackupCode": {"salt", "digest"},
    "Course": {"signup_token"},
    "HalfDay": {"sequence"},
    "Facilitator": {"ical_token"},
    "Registration": {"cancel_token", "signup_address"},
    "EvaluationToken": {"token_hash"},
    "EnquiryMeeting": {"sequence"},
    "TeamMembership": {"added_by", "ended_by"},
    "NetworkMember": {"reminders_agreed_by"},
    "NetworkMeeting": {"sequence", "booked_by"},
    "Attendee": {"is_index_person", "member", "clinician"},
    "NextStep": {"position"},
    "CaseEvent": {"case", "kind", "actor", "created_at", "detail"},
    "MeetingNote": {"thread", "version"},
    "EmergencyAccess": {"reviewed_by"},
}


def _unnamed() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        fields = {
            f.name for f in model._meta.concrete_fields if not f.primary_key and not isinstance(f.verbose_name, Promise)
        }
        if not isinstance(model._meta.verbose_name, Promise):
            fields.add("(the model)")
        if fields:
            found[model.__name__] = fields
    return found


def test_every_field_shown_to_people_has_a_translatable_name():
    unnamed = _unnamed()
    new = {model: fields - UNNAMED.get(model, set()) for model, fields in unnamed.items()}
    assert {model: fields for model, fields in new.items() if fields} == {}


def test_the_list_of_unnamed_fields_holds_only_fields_still_unnamed():
    unnamed = _unnamed()
    named_since = {model: fields - unnamed.get(model, set()) for model, fields in UNNAMED.items()}
    assert {model: fields for model, fields in named_since.items() if fields} == {}

"""The record of processing (GDPR art. 30), generated from the settings that enforce it: the page
can never say one retention period while the daily tasks apply another."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Category:
    name: str
    data: str
    health_related: str
    purpose: str
    who_sees: str
    retention: str
    setting: str


def _months(count: int) -> str:
    return ngettext("%(count)s month", "%(count)s months", count) % {"count": count}


def _days(count: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def _years(count: int) -> str:
    return ngettext("%(count)s year", "%(count)s years", count) % {"count": count}


def categories() -> list[Category]:
    return [
        Category(
            _("Participants"),
            _(
                "Name, e-mail address, workplace, language, registrations, attendance; a keyed hash of the internet address a sign-up came from."
            ),
            _("Perspective (staff, own experience, relative)."),
            _("Running the dialogue training the person registered for; reminders; statistics."),
            _(
                "Coordinators; the training's facilitators (also the perspective); administrators (not the perspective)."
            ),
            _("Name and address anonymised %(period)s after the person's last training ended.")
            % {"period": _months(settings.PARTICIPANT_RETENTION_MONTHS)},
            "PARTICIPANT_RETENTION_MONTHS",
        ),
        Category(
            _("Facilitators"),
            _("Account (name, e-mail address, language), languages, home area, unavailable dates, assignments."),
            _("Lived experience (own or as a relative), recorded only with the facilitator's consent."),
            _("Assigning facilitators to trainings; hours, travel and fees."),
            _(
                "Coordinators (the lived experience only they); the facilitator; administrators (not the lived experience)."
            ),
            _(
                "Lived experience, home area and languages removed, and the account anonymised, after %(period)s without a training or a login."
            )
            % {"period": _months(settings.FACILITATOR_RETENTION_MONTHS)},
            "FACILITATOR_RETENTION_MONTHS",
        ),
        Category(
            _("Staff accounts"),
            _("Name, e-mail address, language, roles, login times; who changed what (audit log, by account number)."),
            "—",
            _("Logging in; accountability for changes."),
            _("Administrators; the person."),
            _("While the account is in use; erased on request when no training ahead needs the person."),
            "",
        ),
        Category(
            _("Senders of contact enquiries"),
            _("Name, e-mail address, phone, organisation, message, preferred times, notes, the face-to-face meeting."),
            "—",
            _("Answering the enquiry and meeting face to face."),
            _("Coordinators; network clinicians for network-meetings enquiries."),
            _("Anonymised %(period)s after the enquiry was closed.")
            % {"period": _months(settings.ENQUIRY_RETENTION_MONTHS)},
            "ENQUIRY_RETENTION_MONTHS",
        ),
        Category(
            _("Workplace managers"),
            _("Name, e-mail address, language."),
            "—",
            _("Booking trainings with the workplace; the idea-workshop summary; follow-up meetings."),
            _("Coordinators; administrators."),
            _("While the workplace works with us; erased on request."),
            "",
        ),
        Category(
            _("Owners of improvement proposals"),
            _("Name and e-mail address; follow-up attendee lists."),
            "—",
            _("Follow-up meetings on the proposals."),
            _("Coordinators; the training's facilitators."),
            _("Removed %(period)s after the training's last follow-up meeting.")
            % {"period": _days(settings.PROPOSAL_OWNER_RETENTION_DAYS)},
            "PROPOSAL_OWNER_RETENTION_DAYS",
        ),
        Category(
            _("E-mails (outbox)"),
            _("Recipient's e-mail address and name, kind of message, times, errors. Bodies are not stored."),
            "—",
            _("Sending reminders and notices once and on time."),
            _("Coordinators and administrators (network messages: administrators only)."),
            _("Address and name removed %(period)s after the message.")
            % {"period": _days(settings.MESSAGE_RETENTION_DAYS)},
            "MESSAGE_RETENTION_DAYS",
        ),
        Category(
            _("Login records"),
            _("Account, internet address and browser of logins and failed logins."),
            "—",
            _("Protection against password guessing."),
            _("Administrators."),
            _("Deleted after %(period)s.") % {"period": _days(settings.LOGIN_RECORD_RETENTION_DAYS)},
            "LOGIN_RECORD_RETENTION_DAYS",
        ),
        Category(
            _("Evaluations"),
            _("Answers to the questionnaire, with the training and the date only: never linked to a person."),
            "—",
            _("Improving the trainings."),
            _("Coordinators and the training's facilitators, from 5 answers."),
            _("Kept: the answers are anonymous."),
            "",
        ),
        Category(
            _("Network cases"),
            _(
                "The index person and network members: names, dates of birth, contact details (encrypted); meetings, notes (encrypted), the access log."
            ),
            _("Everything in a network case."),
            _("Open Dialogue network meetings."),
            _("The case's team only; others through logged emergency access."),
            _("Deleted %(period)s after the case was closed.") % {"period": _years(settings.NETWORK_RETENTION_YEARS)},
            "NETWORK_RETENTION_YEARS",
        ),
    ]

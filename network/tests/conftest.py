from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory, administrator, clinician, coordinator, facilitator_user
from network import services, services_records
from network.models import Case, MeetingNote, NetworkMeeting, NetworkMember, TeamMembership
from network.tests import factories


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Team e-mails link to the case on the site's public address."""
    settings.SITE_URL = "http://testserver"


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@dataclass
class World:
    """A case with a team of two, a network of two (one agreed), a booked meeting; a former team
    member; another team's case."""

    case: Case
    member: User
    partner: User
    former: User
    agreed: NetworkMember
    not_asked: NetworkMember
    meeting: NetworkMeeting
    membership: TeamMembership
    other_case: Case
    other_clinician: User
    note: MeetingNote
    draft: MeetingNote


@pytest.fixture
def world() -> World:
    member, partner, former = clinician(), clinician(), clinician()
    case = factories.case(team=[member, partner, former])
    services.team_remove(case.memberships.get(clinician=former), by=member, reason="Moved to another unit")
    agreed = factories.member(case, name="Bo Lindgren", reminders=True)
    not_asked = factories.member(case, name="Cecilia Ahl", agreed=False)
    meeting = factories.meeting(case, members=[agreed])
    other_clinician = clinician()
    other_case = factories.case(team=[other_clinician], name="Other Person")
    return World(
        case=case,
        member=member,
        partner=partner,
        former=former,
        agreed=agreed,
        not_asked=not_asked,
        meeting=meeting,
        membership=case.memberships.get(clinician=partner),
        other_case=other_case,
        other_clinician=other_clinician,
        note=services_records.note_sign(services_records.note_create(case, by=member, body="Signed"), by=member),
        # The team member's own draft: the one role that may open it.
        draft=services_records.note_create(case, by=member, body="Draft"),
    )


ROLE_USERS = {
    "anonymous": lambda w: None,
    "no role": lambda w: UserFactory(),
    "coordinator": lambda w: coordinator(),
    "facilitator": lambda w: facilitator_user(),
    "administrator": lambda w: administrator(),
    "administrator and clinician": lambda w: UserFactory(roles=[Role.ADMINISTRATOR, Role.NETWORK_CLINICIAN]),
    "clinician of another team": lambda w: w.other_clinician,
    "former team member": lambda w: w.former,
    "team member": lambda w: w.member,
}

"""Idempotent demo data for `make run`: running it twice leaves the same rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_set_roles

from .courses import load_courses
from .enquiries import load_enquiries
from .network import load_network
from .workshop import load_workshop


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    full_name: str
    roles: tuple[Role, ...]
    language: str = "sv"


DEMO_ACCOUNTS = [
    DemoAccount(
        "Coordinator", "coordinator@demo.dialogkurs.se", "demo-samordnare-1", "Karin Lindqvist", (Role.COORDINATOR,)
    ),
    DemoAccount("Facilitator", "facilitator@demo.dialogkurs.se", "demo-utbildare-1", "Jonas Berg", (Role.FACILITATOR,)),
    DemoAccount(
        "Facilitator",
        "facilitator2@demo.dialogkurs.se",
        "demo-utbildare-2",
        "Ingrid Solberg",
        (Role.FACILITATOR,),
        "nb",
    ),
    DemoAccount(
        "Network clinician",
        "clinician2@demo.dialogkurs.se",
        "demo-samtalsledare-2",
        "Jonas Lund",
        (Role.NETWORK_CLINICIAN,),
    ),
    DemoAccount(
        "Network clinician",
        "clinician@demo.dialogkurs.se",
        "demo-samtalsledare-1",
        "Maria Holm",
        (Role.NETWORK_CLINICIAN,),
    ),
    DemoAccount(
        "Administrator", "admin@demo.dialogkurs.se", "demo-admin-1", "Erik Nyström", (Role.ADMINISTRATOR,), "en"
    ),
    DemoAccount("No role", "norole@demo.dialogkurs.se", "demo-ingen-roll-1", "Sara Ek", ()),
]


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email, defaults={"full_name": account.full_name, "language": account.language}
        )
        if created or not user.check_password(account.password):
            user.set_password(account.password)
            user.save(update_fields=["password"])
        user_set_roles(user, account.roles)
    accounts = {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    load_courses(accounts)
    load_enquiries(accounts)
    load_workshop(accounts)
    load_network(accounts)
    return DEMO_ACCOUNTS

"""Idempotent demo data for `make run`: running it twice leaves the same rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_set_roles
from sessions_app.models import Course, CourseStatus

from .courses import load_courses
from .enquiries import load_enquiries
from .network import load_network
from .reports import load_report_history
from .workshop import load_workshop


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    full_name: str
    roles: tuple[Role, ...]
    language: str = "sv"

    @property
    def backup_code(self) -> str:
        """A one-time code for the second step of accounts with two-factor login, printed by
        `make run` so the demo opens without a phone (loading the demo again renews it)."""
        if not set(self.roles) & {Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR}:
            return ""
        return "demo-" + self.email.split("@")[0] + "-2fa"


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


def _ensure_second_factor(user: User, code: str) -> None:
    """An authenticator (so the login asks for a code, not for enrolment) and the printed code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import BackupCode, BackupCodeDevice
    from accounts.two_factor import add_backup_code

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
    device = BackupCodeDevice.objects.filter(user=user).first()
    unused = BackupCode.objects.filter(device=device, used_at=None) if device else BackupCode.objects.none()
    if not any(c.matches(code) for c in unused):
        add_backup_code(user, code)


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
        if account.backup_code:
            _ensure_second_factor(user, account.backup_code)
    accounts = {user.email: user for user in User.objects.filter(email__in=[a.email for a in DEMO_ACCOUNTS])}
    load_courses(accounts)
    load_enquiries(accounts)
    load_workshop(accounts)
    load_network(accounts)
    load_report_history(accounts)
    return DEMO_ACCOUNTS


def delivered_training() -> Course | None:
    """The demo's delivered training (its participants page shows the certificates)."""
    return Course.objects.filter(status__in=[CourseStatus.DELIVERED, CourseStatus.FOLLOWED_UP]).order_by("pk").first()

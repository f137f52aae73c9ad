"""Navigation per role: each role sees only what it may use."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...]
    args: tuple[str, ...] = ()


# Apps add their entries here as they gain pages; the order is the order in the menu.
NAV_ITEMS: list[NavItem] = [
    NavItem(_("Trainings"), "sessions_app:course_list", (Role.COORDINATOR,)),
    NavItem(_("Idea workshops"), "workshops:workshop_list", (Role.COORDINATOR, Role.FACILITATOR)),
    NavItem(_("Follow-ups"), "workshops:followup_list", (Role.COORDINATOR,)),
    NavItem(_("Evaluations"), "reports:report", (Role.COORDINATOR,), ("evaluations",)),
    NavItem(_("Reports"), "reports:index", (Role.COORDINATOR, Role.ADMINISTRATOR)),
    NavItem(_("Workplaces"), "sessions_app:workplace_list", (Role.COORDINATOR,)),
    NavItem(_("Facilitators"), "sessions_app:facilitator_list", (Role.COORDINATOR,)),
    NavItem(_("Enquiries"), "enquiries:inbox", (Role.COORDINATOR,)),
    NavItem(_("Outbox"), "reminders:outbox", (Role.COORDINATOR, Role.ADMINISTRATOR)),
    NavItem(_("My assignments"), "sessions_app:my_assignments", (Role.FACILITATOR,)),
    NavItem(_("My calendar"), "sessions_app:my_calendar", (Role.FACILITATOR,)),
    NavItem(_("My profile"), "sessions_app:my_profile", (Role.FACILITATOR,)),
    NavItem(_("My statement"), "sessions_app:my_statement", (Role.FACILITATOR,)),
    NavItem(_("Theme material"), "sessions_app:theme_list", (Role.COORDINATOR, Role.FACILITATOR)),
    NavItem(_("My cases"), "network:case_list", (Role.NETWORK_CLINICIAN,)),
    NavItem(_("Access log"), "network:access_log", (Role.ADMINISTRATOR,)),
    NavItem(_("Emergency accesses"), "network:emergency_list", (Role.ADMINISTRATOR,)),
    NavItem(_("Audit log"), "privacy:audit_search", (Role.ADMINISTRATOR,)),
    NavItem(_("Personal data"), "privacy:person_lookup", (Role.ADMINISTRATOR,)),
    NavItem(_("Record of processing"), "privacy:record_of_processing", (Role.ADMINISTRATOR,)),
    NavItem(_("Administration"), "admin:index", (Role.ADMINISTRATOR,)),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAV_ITEMS:
        visible = user.is_staff if item.url_name == "admin:index" else user.has_role(*item.roles)
        if not visible:
            continue
        url = reverse(item.url_name, args=item.args)
        items.append({"label": item.label, "url": url, "active": False})
    # One item is the current one: the longest URL the page is under (/trainings/workplaces/…
    # is "Workplaces", not also "Trainings").
    current = max(
        (item for item in items if request.path.startswith(item["url"])), key=lambda i: len(i["url"]), default=None
    )
    if current is not None:
        current["active"] = True
    return {"nav_items": items}

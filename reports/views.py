"""The home page of every role, and the reports (coordinators and administrators)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import Role
from sessions_app.models import Course

from . import home as home_pages


def home(request: HttpRequest) -> HttpResponse:
    """What needs the user today, per role, each item a link to where it is done."""
    context: dict = {}
    user = request.user
    if user.is_authenticated:
        if user.has_role(Role.COORDINATOR):
            coordinator = home_pages.coordinator_home(user)
            context["coordinator"] = coordinator
            # The very first day: nothing booked yet, so say where to begin.
            context["first_steps"] = coordinator.empty and not Course.objects.exists()
        if user.has_role(Role.FACILITATOR):
            context["facilitator"] = home_pages.facilitator_home(user)
    return render(request, "home.html", context)

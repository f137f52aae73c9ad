"""Every audit entry written while a request is served names the request's user."""

from __future__ import annotations

from .log import acting_as
from .models import Origin


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.user stays lazy: it is read only when a service writes an entry; an anonymous
        # visitor is recorded as "a public page" (audit.log.current_actor).
        with acting_as(getattr(request, "user", None), Origin.USER):
            return self.get_response(request)

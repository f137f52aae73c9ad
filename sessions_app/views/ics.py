"""Calendar files: one training's half-days, and a facilitator's private feed."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.roles import Role

from .. import calendar, selectors
from ..models import Facilitator
from ._common import course_or_404


@role_required(Role.COORDINATOR, Role.FACILITATOR)
def course_ics(request, pk: int):
    """Coordinators and the course's facilitators; anyone else gets a 404 from course_for."""
    course = course_or_404(request, pk)
    body = calendar.course_ics(
        course,
        selectors.course_calendar_half_days(course),
        url=request.build_absolute_uri(course.get_absolute_url()),
    )
    response = HttpResponse(body, content_type=calendar.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="training-{course.pk}.ics"'
    return response


@require_GET
@cache_control(private=True, no_cache=True)
def facilitator_feed(request, token: str):
    """The private feed: no login, the unguessable token is the key. A renewed (revoked) or
    wrong token is a 404. The half-days of ``calendar.feed_window``; an ``ETag`` of the content,
    and 304 Not Modified when the calendar program already has it (``If-None-Match``).

    No ``Last-Modified``: no one time covers every change that alters the feed (a workplace
    renamed, an invitation declined, the facilitator's language), and a wrong one would make a
    calendar program that asks only ``If-Modified-Since`` keep an old feed. ``no-cache``, not
    ``no-store``: the program may keep the feed, but asks again each time."""
    facilitator = get_object_or_404(Facilitator.objects.select_related("user"), ical_token=token)
    start, end = calendar.feed_window(timezone.now())
    # Calendar programs send no language preference worth following: use the facilitator's own.
    with translation.override(facilitator.user.language):
        # Rendered once for each content (two light queries tell whether it changed): calendar
        # programs ask again every few hours, and rendering a feed costs ten times the queries.
        content = selectors.facilitator_feed_content(facilitator, start=start, end=end)
        key = calendar.feed_cache_key(facilitator, content, base_url=request.build_absolute_uri("/"))
        cached = cache.get(key)
        if cached is None:
            body = calendar.facilitator_ics(
                facilitator,
                selectors.facilitator_feed_half_days(facilitator, start=start, end=end),
                url_for=lambda course: request.build_absolute_uri(course.get_absolute_url()),
            )
            cached = (calendar.feed_etag(body), body)
            cache.set(key, cached, calendar.FEED_CACHE_SECONDS)
    etag, body = cached
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type=calendar.ICS_CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="dialogkurs.ics"'
    response["ETag"] = etag
    return response

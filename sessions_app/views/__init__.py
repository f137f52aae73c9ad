"""The trainings pages, one module per area; every view asks ``sessions_app.permissions``."""

from .courses import (
    course_assign,
    course_cancel,
    course_confirm,
    course_create,
    course_detail,
    course_edit,
    course_list,
    course_mark_delivered,
    course_reschedule,
    course_signup,
)
from .facilitators import (
    assignment_accept,
    assignment_decline,
    facilitator_create,
    facilitator_list,
    my_assignments,
    my_calendar,
    my_calendar_renew,
)
from .ics import course_ics, facilitator_feed
from .places import (
    organisation_create,
    organisation_detail,
    organisation_list,
    place_suggestions,
    workplace_create,
    workplace_detail,
    workplace_edit,
    workplace_list,
)

__all__ = [
    "assignment_accept",
    "assignment_decline",
    "course_assign",
    "course_cancel",
    "course_confirm",
    "course_create",
    "course_detail",
    "course_edit",
    "course_ics",
    "course_list",
    "course_mark_delivered",
    "course_reschedule",
    "course_signup",
    "facilitator_create",
    "facilitator_feed",
    "facilitator_list",
    "my_assignments",
    "my_calendar",
    "my_calendar_renew",
    "organisation_create",
    "organisation_detail",
    "organisation_list",
    "place_suggestions",
    "workplace_create",
    "workplace_detail",
    "workplace_edit",
    "workplace_list",
]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from sessions_app import signals

        from . import course_page, planners

        planners.register()
        course_page.register()
        signals.course_changed.connect(_replan_registrations, dispatch_uid="participants.course_changed")
        signals.course_cancelled.connect(_tell_participants, dispatch_uid="participants.course_cancelled")


def _replan_registrations(sender, course, **kwargs) -> None:
    """A registration's messages (e.g. the evaluation request) move and stop with its course."""
    from reminders.planning import replan

    for registration in course.registrations.select_related("participant"):
        registration.course = course  # the locked, current row: no query per registration
        replan(registration)


def _tell_participants(sender, course, **kwargs) -> None:
    from . import planners

    planners.enqueue_course_cancelled(course)

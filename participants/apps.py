from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from sessions_app.signals import course_cancelled

        from . import planners

        planners.register()
        course_cancelled.connect(_tell_participants, dispatch_uid="participants.course_cancelled")


def _tell_participants(sender, course, **kwargs) -> None:
    from . import planners

    planners.enqueue_course_cancelled(course)

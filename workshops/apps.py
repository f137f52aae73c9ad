from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Idea workshops and follow-ups")

    def ready(self) -> None:
        from . import course_page, planners

        planners.register()
        course_page.register()

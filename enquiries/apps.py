from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = _("Contact enquiries")

    def ready(self) -> None:
        from reminders.planning import register_sweep_planner

        from . import planners, services

        planners.register()
        register_sweep_planner(services.enquiries_plan_sla)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network meetings")

    def ready(self) -> None:
        from . import hooks, planners

        planners.register()
        hooks.register()

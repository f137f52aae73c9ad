from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` (demo mode only). It may import every domain app."""

    name = "demo"
    verbose_name = "Demo data"

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from demo.data import delivered_training, load_demo
from dialogkurs.links import absolute_url


def site_url(path: str) -> str:
    """``path`` on the site's address: SITE_URL, else this machine on PORT (``make run`` passes
    both), else Django's usual 8000."""
    return absolute_url(path) or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}{path}"


def login_url() -> str:
    return site_url(reverse("login"))


class Command(BaseCommand):
    help = "Load the idempotent demo data set and print one account per role (demo mode only)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is only loaded with DJANGO_DEMO=1 (never in production).")
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded. Log in at {login_url()} with:"))
        width = max(len(a.email) for a in accounts)
        for account in accounts:
            line = f"  {account.role:<18} {account.email:<{width}}  {account.password}"
            if account.backup_code:
                line += f"  (two-factor: backup code {account.backup_code})"
            self.stdout.write(line)
        course = delivered_training()
        if course is not None:
            url = site_url(reverse("participants:course_participants", args=[course.pk]))
            self.stdout.write(
                f"The delivered training's participants, with their certificates (as the coordinator): {url}"
            )

"""One sweep of the outbox, for cron users and tests: ``manage.py send_due_reminders``.

By default the claimed messages are sent right here, one after the other, so no broker and no
worker is needed. ``--enqueue`` hands them to the Celery workers instead, as beat's sweep does.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from reminders import services


class Command(BaseCommand):
    help = "Claim the due reminders and send them (or enqueue them with --enqueue)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="hand the messages to Celery workers")

    def handle(self, *args, enqueue: bool = False, verbosity: int = 1, **options):
        outcomes: dict[str, int] = {}

        def send_here(ids: list[int]) -> None:
            for message_id in ids:
                outcome = services.message_send(message_id=message_id)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1

        def hand_to_workers(ids: list[int]) -> None:
            outcomes["enqueued"] = outcomes.get("enqueued", 0) + services.publish_sends(ids, claimed=True)

        result = services.messages_sweep(deliver=hand_to_workers if enqueue else send_here)

        def report() -> None:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
            self.stdout.write(
                f"{len(result.claimed)} due message(s) claimed"
                f"{': ' + summary if summary else ''}; {result.recovered} recovered, {result.missed} missed."
            )

        if verbosity:
            # After the deliveries, which run when each batch has committed.
            transaction.on_commit(report)

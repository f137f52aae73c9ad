"""Celery tasks: thin. The rows in the database say what to do; the services do it."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep_due_messages() -> int:
    """Run by Celery beat every minute: claim what is due and enqueue its sending."""
    return len(services.messages_sweep().claimed)


@shared_task(name="reminders.send_many", ignore_result=True)
def send_messages(*, message_ids: list[int]) -> dict[int, str]:
    """Send several outbox rows over one mail connection; each is claimed on its own, so
    running it twice sends each once."""
    return services.messages_send(message_ids=message_ids)


@shared_task(name="reminders.send", ignore_result=True)
def send_message(*, message_id: int) -> str:
    """Send one outbox row; running it twice sends once (the service claims conditionally).
    Kept for tasks already in the queue; new sends go through ``reminders.send_many``."""
    return services.message_send(message_id=message_id)

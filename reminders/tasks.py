"""Celery tasks: thin. The rows in the database say what to do; the services do it."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep_due_messages() -> int:
    """Run by Celery beat every minute: claim what is due and enqueue one send task per row."""
    return len(services.messages_sweep().claimed)


@shared_task(name="reminders.send", ignore_result=True)
def send_message(*, message_id: int) -> str:
    """Send one outbox row; running it twice sends once (the service claims conditionally)."""
    return services.message_send(message_id=message_id)

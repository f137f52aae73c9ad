"""Celery tasks of the network app: thin, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import services_records


@shared_task(name="network.tasks.delete_expired_cases")
def delete_expired_cases() -> int:
    """Daily (Celery beat): delete closed cases NETWORK_RETENTION_YEARS after closing."""
    return services_records.cases_delete_expired()

"""Celery tasks for enquiries: thin, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def anonymise_expired_enquiries() -> int:
    """Daily (Celery beat): anonymise closed enquiries past ENQUIRY_RETENTION_MONTHS."""
    return services.enquiries_anonymise_expired()

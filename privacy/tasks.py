"""Celery tasks for privacy: thin, safe to run twice."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from .retention import retention_run


@shared_task
def apply_retention() -> dict:
    """Daily (Celery beat): every retention period of privacy/retention.py."""
    return asdict(retention_run())

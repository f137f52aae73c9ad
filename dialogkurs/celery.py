"""The Celery application. Tasks only deliver: the database is the source of truth."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogkurs.settings")

app = Celery("dialogkurs")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

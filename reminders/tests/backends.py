"""Test-only e-mail backends. The hanging one: a mail server that accepts a message and then hangs.

It writes each message like Django's file backend; for a recipient starting with "slow" it then
drops a marker file and sleeps, the first time only, as if the server never answered "250 OK".
The reliability test kills the worker during that sleep.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

HANG_SECONDS = 60


class HangingFileBackend(FileBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        marker = Path(self.file_path).parent / "hanging"
        if not marker.exists() and any(to.startswith("slow") for m in email_messages for to in m.to):
            marker.write_text("in flight")
            time.sleep(HANG_SECONDS)
        return sent


class CountingLocmemBackend(LocmemBackend):
    """Django's locmem backend that counts its instances: one per connection to the server."""

    instances = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        type(self).instances += 1

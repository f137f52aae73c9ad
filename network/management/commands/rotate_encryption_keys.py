"""Re-encrypt every encrypted value with the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), restart,
run this command, then remove the old keys. Values already written with the first key are
skipped, so an interrupted run resumes where it stopped and a second run changes nothing.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection

from dialogkurs.encryption import encrypted_fields, is_current, rotate_token
from network.services_records import database_flag


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        total_rotated = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            total_rotated += self._rotate_model(model, fields, batch_size)
        self.stdout.write(self.style.SUCCESS(f"Done: {total_rotated} value(s) re-encrypted with the current key."))

    def _rotate_model(self, model, fields, batch_size: int) -> int:
        table = connection.ops.quote_name(model._meta.db_table)
        pk = connection.ops.quote_name(model._meta.pk.column)
        columns = [connection.ops.quote_name(f.column) for f in fields]
        total = model._default_manager.count()
        label = model._meta.label
        done = rotated = 0
        last_pk = None
        while True:
            # Raw columns: the tokens as stored, not the decrypted values the ORM would return.
            with database_flag("rotation"), connection.cursor() as cursor:
                where = f"WHERE {pk} > %s" if last_pk is not None else ""
                params = [last_pk] if last_pk is not None else []
                cursor.execute(
                    f"SELECT {pk}, {', '.join(columns)} FROM {table} {where} ORDER BY {pk} LIMIT %s",  # noqa: S608
                    [*params, batch_size],
                )
                rows = cursor.fetchall()
                for row in rows:
                    updates = {
                        column: rotate_token(value)
                        for column, value in zip(columns, row[1:], strict=True)
                        if value and not is_current(value)
                    }
                    if updates:
                        assignments = ", ".join(f"{column} = %s" for column in updates)
                        cursor.execute(
                            f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                            [*updates.values(), row[0]],
                        )
                        rotated += len(updates)
            if not rows:
                break
            last_pk = rows[-1][0]
            done += len(rows)
            self.stdout.write(f"{label}: {done}/{total} rows checked, {rotated} value(s) re-encrypted")
        return rotated

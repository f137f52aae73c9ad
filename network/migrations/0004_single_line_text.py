"""Names, organisations, phone numbers and who is responsible on one line (issue 9, point 4):
``EncryptedCharField`` keeps them on one line from now on; the rows saved before are put on one
line here. The values are encrypted, so every row is read (and decrypted) and only the changed
ones are written back, encrypted again."""

from django.db import migrations

from dialogkurs.fields import single_line

FIELDS = {
    "Case": ("name", "phone"),
    "NetworkMember": ("name", "organisation", "phone"),
    "NextStep": ("responsible",),
}


def clean_rows(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("network", model_name)
        for row in model._default_manager.only("pk", *fields).iterator(chunk_size=500):
            changes = {name: single_line(getattr(row, name)) for name in fields}
            changes = {name: value for name, value in changes.items() if value != getattr(row, name)}
            if changes:
                model._default_manager.filter(pk=row.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_record_triggers"),
    ]

    operations = [
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

"""Names, places and addresses on one line (issue 9, point 4): the fields become
``SingleLineCharField``, and the rows saved before hold their line breaks and control characters
no longer (each becomes one space, the ends stripped)."""

import dialogkurs.fields
from dialogkurs.fields import clean_single_line_rows
from django.db import migrations


def clean_rows(apps, schema_editor):
    clean_single_line_rows(apps.get_model("reminders", "ScheduledMessage"), "recipient_name")


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0002_outbox_sort_and_pending_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='scheduledmessage',
            name='recipient_name',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=200, verbose_name="recipient's name"),
        ),
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

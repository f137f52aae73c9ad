"""Names, places and addresses on one line (issue 9, point 4): the fields become
``SingleLineCharField``, and the rows saved before hold their line breaks and control characters
no longer (each becomes one space, the ends stripped)."""

import dialogkurs.fields
from dialogkurs.fields import clean_single_line_rows
from django.db import migrations


def clean_rows(apps, schema_editor):
    clean_single_line_rows(apps.get_model("participants", "Participant"), "name")


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0006_halfday_reminders_per_registration'),
    ]

    operations = [
        migrations.AlterField(
            model_name='participant',
            name='name',
            field=dialogkurs.fields.SingleLineCharField(max_length=200, verbose_name='name'),
        ),
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

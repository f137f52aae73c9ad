"""Names, places and addresses on one line (issue 9, point 4): the fields become
``SingleLineCharField``, and the rows saved before hold their line breaks and control characters
no longer (each becomes one space, the ends stripped)."""

import dialogkurs.fields
from dialogkurs.fields import clean_single_line_rows
from django.db import migrations


def clean_rows(apps, schema_editor):
    clean_single_line_rows(apps.get_model("workshops", "ImprovementProposal"), "owner_name")
    clean_single_line_rows(apps.get_model("workshops", "FollowUpMeeting"), "place")


class Migration(migrations.Migration):

    dependencies = [
        ('workshops', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='followupmeeting',
            name='place',
            field=dialogkurs.fields.SingleLineCharField(max_length=300, verbose_name='place'),
        ),
        migrations.AlterField(
            model_name='improvementproposal',
            name='owner_name',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=200, verbose_name="owner's name"),
        ),
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

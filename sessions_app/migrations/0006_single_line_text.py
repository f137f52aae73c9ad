"""Names, places and addresses on one line (issue 9, point 4): the fields become
``SingleLineCharField``, and the rows saved before hold their line breaks and control characters
no longer (each becomes one space, the ends stripped)."""

import dialogkurs.fields
from dialogkurs.fields import clean_single_line_rows
from django.db import migrations


def clean_rows(apps, schema_editor):
    clean_single_line_rows(apps.get_model("sessions_app", "Organisation"), "name")
    clean_single_line_rows(apps.get_model("sessions_app", "Workplace"), "name", "visiting_address", "manager_name")
    clean_single_line_rows(apps.get_model("sessions_app", "Course"), "location")
    clean_single_line_rows(apps.get_model("sessions_app", "Facilitator"), "home_area")


class Migration(migrations.Migration):

    dependencies = [
        ('sessions_app', '0005_trigram_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='course',
            name='location',
            field=dialogkurs.fields.SingleLineCharField(blank=True, help_text='Room and address at the workplace.', max_length=300, verbose_name='location'),
        ),
        migrations.AlterField(
            model_name='facilitator',
            name='home_area',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=200, verbose_name='home area'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name',
            field=dialogkurs.fields.SingleLineCharField(max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='workplace',
            name='manager_name',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=200, verbose_name="manager's name"),
        ),
        migrations.AlterField(
            model_name='workplace',
            name='name',
            field=dialogkurs.fields.SingleLineCharField(max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='workplace',
            name='visiting_address',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=300, verbose_name='visiting address'),
        ),
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

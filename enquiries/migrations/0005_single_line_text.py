"""Names, places and addresses on one line (issue 9, point 4): the fields become
``SingleLineCharField``, and the rows saved before hold their line breaks and control characters
no longer (each becomes one space, the ends stripped)."""

import dialogkurs.fields
from dialogkurs.fields import clean_single_line_rows
from django.db import migrations


def clean_rows(apps, schema_editor):
    clean_single_line_rows(apps.get_model("enquiries", "Enquiry"), "name", "phone", "organisation", "preferred_times")
    clean_single_line_rows(apps.get_model("enquiries", "EnquiryMeeting"), "location")


class Migration(migrations.Migration):

    dependencies = [
        ('enquiries', '0004_trigram_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='enquiry',
            name='name',
            field=dialogkurs.fields.SingleLineCharField(max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='enquiry',
            name='organisation',
            field=dialogkurs.fields.SingleLineCharField(max_length=200, verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='enquiry',
            name='phone',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=30, verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='enquiry',
            name='preferred_times',
            field=dialogkurs.fields.SingleLineCharField(blank=True, max_length=500, verbose_name='preferred times'),
        ),
        migrations.AlterField(
            model_name='enquirymeeting',
            name='location',
            field=dialogkurs.fields.SingleLineCharField(max_length=300, verbose_name='place'),
        ),
        migrations.RunPython(clean_rows, migrations.RunPython.noop),
    ]

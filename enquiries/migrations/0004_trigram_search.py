from django.db import migrations

from dialogkurs.postgres import trigram_indexes


class Migration(migrations.Migration):
    """Trigram indexes for the inbox search (name, e-mail, organisation, message, phone), on
    PostgreSQL only."""

    dependencies = [("enquiries", "0003_handed_over")]

    operations = [trigram_indexes("enquiries_enquiry", ["name", "email", "organisation", "message", "phone"])]

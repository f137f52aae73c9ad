from django.db import migrations

from dialogkurs.postgres import trigram_indexes


class Migration(migrations.Migration):
    """Trigram indexes for searching participants by name or e-mail, on PostgreSQL only."""

    dependencies = [("participants", "0004_registration_signup_address")]

    operations = [trigram_indexes("participants_participant", ["name", "email"])]

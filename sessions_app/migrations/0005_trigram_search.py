from django.db import migrations

from dialogkurs.postgres import trigram_indexes


class Migration(migrations.Migration):
    """Trigram indexes for the searches of the course, workplace and organisation lists, on
    PostgreSQL only."""

    dependencies = [("sessions_app", "0004_workshop_moved")]

    operations = [
        trigram_indexes("sessions_app_course", ["location"]),
        trigram_indexes("sessions_app_workplace", ["name", "manager_name", "visiting_address"]),
        trigram_indexes("sessions_app_organisation", ["name"]),
    ]

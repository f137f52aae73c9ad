from django.db import migrations

from dialogkurs.postgres import trigram_indexes


class Migration(migrations.Migration):
    """The admin outbox's search (the recipient's address, or a part of it) reads this index
    instead of a million rows."""

    dependencies = [("reminders", "0004_resendable_index")]

    operations = [trigram_indexes("reminders_scheduledmessage", ["recipient"])]

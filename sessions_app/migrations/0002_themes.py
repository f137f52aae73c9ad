from django.db import migrations

from ._reference import load_themes


class Migration(migrations.Migration):
    """The four themes of every dialogue training are reference data (DESIGN §2.1)."""

    dependencies = [("sessions_app", "0001_initial")]

    operations = [migrations.RunPython(load_themes, migrations.RunPython.noop)]

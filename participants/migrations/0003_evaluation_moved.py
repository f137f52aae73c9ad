"""The evaluation models moved to the ``evaluations`` app (issue 10).

Only Django's idea of where the models live changes: their tables stay as they are (the
``evaluations`` models keep these table names with ``db_table``), so no row moves.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0002_evaluation'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='EvaluationAnswer'),
                migrations.DeleteModel(name='EvaluationToken'),
            ],
            database_operations=[],
        ),
    ]

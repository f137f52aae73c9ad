"""The idea-workshop models moved to the ``workshops`` app (issue 10).

Only Django's idea of where the models live changes: their tables stay as they are (the
``workshops`` models keep these table names with ``db_table``), so no row moves.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('sessions_app', '0003_workshop'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ProposalUpdate'),
                migrations.DeleteModel(name='ImprovementProposal'),
                migrations.DeleteModel(name='FollowUpMeeting'),
                migrations.DeleteModel(name='WorkshopOutcome'),
            ],
            database_operations=[],
        ),
    ]

"""The evaluation models, moved here from ``participants`` (issue 10).

The tables already exist (``participants`` 0002 made them): this migration only tells Django
that the models now live here, under their old table names, and re-points their content
types.
"""

import django.db.models.deletion
import uuid
from django.db import migrations, models

MODELS = ['evaluationtoken', 'evaluationanswer']
SCALE = [(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')]


def move_content_types(apps, schema_editor, old='participants', new='evaluations'):
    """Give the models' content types their new app label. If the new ones exist already (a
    migrate that ran post_migrate in between), move the outbox rows over and drop the old."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ScheduledMessage = apps.get_model('reminders', 'ScheduledMessage')
    db = schema_editor.connection.alias
    for model in MODELS:
        moved = ContentType.objects.using(db).filter(app_label=old, model=model).first()
        if moved is None:
            continue
        existing = ContentType.objects.using(db).filter(app_label=new, model=model).first()
        if existing is None:
            moved.app_label = new
            moved.save(update_fields=['app_label'])
        else:
            ScheduledMessage.objects.using(db).filter(content_type=moved).update(content_type=existing)
            moved.delete()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old='evaluations', new='participants')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('participants', '0003_evaluation_moved'),
        ('sessions_app', '0004_workshop_moved'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reminders', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EvaluationToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token_hash', models.CharField(max_length=64, unique=True)),
                        ('used', models.BooleanField(default=False)),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation_tokens', to='sessions_app.course')),
                    ],
                    options={
                        'verbose_name': 'evaluation link',
                        'verbose_name_plural': 'evaluation links',
                        'db_table': 'participants_evaluationtoken',
                    },
                ),
                migrations.CreateModel(
                    name='EvaluationAnswer',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('answered_on', models.DateField()),
                        ('working_relationship', models.PositiveSmallIntegerField(choices=SCALE, verbose_name='Working relationship')),
                        ('personally_defined_recovery', models.PositiveSmallIntegerField(choices=SCALE, verbose_name='Personally defined recovery')),
                        ('organisational_commitment', models.PositiveSmallIntegerField(choices=SCALE, verbose_name='Organisational commitment')),
                        ('citizenship', models.PositiveSmallIntegerField(choices=SCALE, verbose_name='Citizenship')),
                        ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation_answers', to='sessions_app.course')),
                    ],
                    options={
                        'verbose_name': 'evaluation answer',
                        'verbose_name_plural': 'evaluation answers',
                        'db_table': 'participants_evaluationanswer',
                        'constraints': [models.CheckConstraint(condition=models.Q(('citizenship__range', (1, 5)), ('organisational_commitment__range', (1, 5)), ('personally_defined_recovery__range', (1, 5)), ('working_relationship__range', (1, 5))), name='evaluation_answer_scale_1_to_5')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

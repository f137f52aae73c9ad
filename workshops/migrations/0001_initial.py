"""The idea-workshop models, moved here from ``sessions_app`` (issue 10).

The tables already exist (``sessions_app`` 0003 made them): this migration only tells Django
that the models now live here, under their old table names, and re-points their content
types, so outbox rows and admin history about them still find them.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ['workshopoutcome', 'improvementproposal', 'followupmeeting', 'proposalupdate']


def move_content_types(apps, schema_editor, old='sessions_app', new='workshops'):
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
    move_content_types(apps, schema_editor, old='workshops', new='sessions_app')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('sessions_app', '0004_workshop_moved'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reminders', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WorkshopOutcome',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                        ('notes', models.TextField(blank=True, help_text='Optional: what the group talked about, in brief.', verbose_name='notes from the workshop')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('course', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='workshop_outcome', to='sessions_app.course', verbose_name='course')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'idea-workshop outcome',
                        'verbose_name_plural': 'idea-workshop outcomes',
                        'db_table': 'sessions_app_workshopoutcome',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('status', 'draft'), ('submitted_at__isnull', True)), models.Q(('status', 'submitted'), ('submitted_at__isnull', False)), _connector='OR'), name='outcome_submitted_has_time')],
                    },
                ),
                migrations.CreateModel(
                    name='ImprovementProposal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=2000, verbose_name='proposal')),
                        ('area', models.CharField(choices=[('treatment', 'Treatment and encounters'), ('participation', 'Participation'), ('routines', 'Routines'), ('other', 'Other')], max_length=20, verbose_name='area')),
                        ('recovery_domains', models.JSONField(blank=True, default=list, verbose_name='recovery domains')),
                        ('raised_by', models.JSONField(blank=True, default=list, verbose_name='raised by')),
                        ('owner_name', models.CharField(blank=True, max_length=200, verbose_name="owner's name")),
                        ('owner_email', models.EmailField(blank=True, max_length=254, verbose_name="owner's e-mail address")),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'Dropped')], default='proposed', max_length=12, verbose_name='status')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('outcome', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='workshops.workshopoutcome', verbose_name='outcome')),
                    ],
                    options={
                        'verbose_name': 'improvement proposal',
                        'verbose_name_plural': 'improvement proposals',
                        'db_table': 'sessions_app_improvementproposal',
                        'ordering': ['outcome', 'created_at', 'id'],
                        'constraints': [
                            models.CheckConstraint(condition=models.Q(('area__in', ['treatment', 'participation', 'routines', 'other'])), name='proposal_area_valid'),
                            models.CheckConstraint(condition=models.Q(('status__in', ['proposed', 'in_progress', 'done', 'dropped'])), name='proposal_status_valid'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='FollowUpMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='follow-up')),
                        ('starts_at', models.DateTimeField(verbose_name='date and time')),
                        ('place', models.CharField(max_length=300, verbose_name='place')),
                        ('attendees', models.TextField(blank=True, help_text='One name per line.', verbose_name='attendees')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('held', 'Held')], default='planned', max_length=10, verbose_name='status')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('recorded_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followups', to='sessions_app.course', verbose_name='course')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'follow-up meeting',
                        'verbose_name_plural': 'follow-up meetings',
                        'db_table': 'sessions_app_followupmeeting',
                        'ordering': ['starts_at', 'id'],
                        'indexes': [models.Index(fields=['status', 'starts_at'], name='sessions_ap_status_893454_idx')],
                        'constraints': [
                            models.UniqueConstraint(fields=('course', 'number'), name='followup_unique_number'),
                            models.CheckConstraint(condition=models.Q(models.Q(('recorded_at__isnull', True), ('status', 'planned')), models.Q(('recorded_at__isnull', False), ('status', 'held')), _connector='OR'), name='followup_held_is_recorded'),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name='ProposalUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status_before', models.CharField(blank=True, choices=[('proposed', 'Proposed'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'Dropped')], max_length=12)),
                        ('status', models.CharField(choices=[('proposed', 'Proposed'), ('in_progress', 'In progress'), ('done', 'Done'), ('dropped', 'Dropped')], max_length=12, verbose_name='status')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposal_updates', to='workshops.followupmeeting')),
                        ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='workshops.improvementproposal', verbose_name='proposal')),
                        ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'proposal update',
                        'verbose_name_plural': 'proposal updates',
                        'db_table': 'sessions_app_proposalupdate',
                        'ordering': ['proposal', 'recorded_at', 'id'],
                        'constraints': [models.UniqueConstraint(fields=('proposal', 'meeting'), name='proposal_update_once_per_meeting')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

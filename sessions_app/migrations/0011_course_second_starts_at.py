from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0010_course_first_starts_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="second_starts_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="half-day 2 starts"),
        ),
        # Every scheduled training's half-day 2 (portable SQL: PostgreSQL and SQLite).
        migrations.RunSQL(
            "UPDATE sessions_app_course SET second_starts_at = (SELECT h.starts_at FROM sessions_app_halfday h"
            " WHERE h.course_id = sessions_app_course.id AND h.number = 2)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="course",
            index=models.Index(fields=["second_starts_at", "id"], name="course_second_starts_at_idx"),
        ),
    ]

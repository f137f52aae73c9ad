from django.db import migrations

KIND = "participants.halfday_reminder"
PENDING = ["planned", "queued"]


def about_registrations(apps, schema_editor):
    """Participants' half-day reminders are planned per registration now: the rows still to be
    sent move from the course to the participant's registration, so that the next re-plan finds
    them (sent rows stay where they were: they are history)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ScheduledMessage = apps.get_model("reminders", "ScheduledMessage")
    Registration = apps.get_model("participants", "Registration")
    course_type = ContentType.objects.filter(app_label="sessions_app", model="course").first()
    if course_type is None:
        return
    registration_type, _created = ContentType.objects.get_or_create(app_label="participants", model="registration")
    rows = ScheduledMessage.objects.filter(kind=KIND, content_type=course_type, status__in=PENDING)
    for row in rows.iterator():
        registration = (
            Registration.objects.filter(course_id=row.object_id, participant__email__iexact=row.recipient)
            .order_by("pk")
            .first()
        )
        if registration is None:
            ScheduledMessage.objects.filter(pk=row.pk).update(status="cancelled", reason="object_gone", claimed_at=None)
        else:
            ScheduledMessage.objects.filter(pk=row.pk).update(content_type=registration_type, object_id=registration.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_trigram_search"),
        ("reminders", "0002_outbox_sort_and_pending_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(about_registrations, migrations.RunPython.noop)]

"""The SLA reminder and alert are planned a day before the contact deadline by the outbox sweep
(enquiries.planners), no longer on arrival. The rows planned on arrival for enquiries whose moment
has not come yet are removed, so that the sweep plans them then: left in place, a re-plan before
then (an assignment) would cancel them as not yet wanted, and the sweep would never plan them
again. Rows already queued or sent are left as they are."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

KINDS = ("enquiries.sla_reminder", "enquiries.sla_alert")


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Enquiry = apps.get_model("enquiries", "Enquiry")
    ScheduledMessage = apps.get_model("reminders", "ScheduledMessage")
    content_type = ContentType.objects.filter(app_label="enquiries", model="enquiry").first()
    if content_type is None:  # a new database: no rows yet
        return
    waiting = Enquiry.objects.filter(
        status="new", contact_due_at__gt=timezone.now() + settings.ENQUIRY_SLA_PLAN_AHEAD
    ).values("pk")
    ScheduledMessage.objects.filter(
        content_type=content_type, object_id__in=waiting, kind__in=KINDS, status="planned"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("enquiries", "0006_enquiry_status_created_idx"),
        ("reminders", "0006_covering_outbox_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The audit log: one row per state change made through a service (DESIGN §8).

A row names who, when, the object (content type and id, never its name), the action and the
changed fields. Values are kept only for fields that cannot hold personal data (see
``audit.log.value_is_kept``); for the others only the fact of the change. So nothing here has to
be deleted when a person is erased or their retention period ends: the row points at an id
whose personal fields are then blank.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Origin(models.TextChoices):
    USER = "user", _("a user")
    PUBLIC = "public", _("a public page")
    SYSTEM = "system", _("the system")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin = models.CharField(_("through"), max_length=8, choices=Origin.choices, default=Origin.SYSTEM)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.BigIntegerField(_("object number"), null=True, blank=True)
    # The page the entry is shown on besides its own object's: a half-day, an assignment or a
    # registration is shown in its training's history.
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scope_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(pgettext_lazy("audit", "action"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object"),
            models.Index(fields=["scope_type", "scope_id", "-at"], name="audit_scope"),
            models.Index(fields=["actor", "-at"], name="audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.object_id} ({self.at:%Y-%m-%d %H:%M})"

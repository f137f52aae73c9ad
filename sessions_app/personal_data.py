"""A facilitator's part in erasure and retention (privacy/)."""

from __future__ import annotations

from django.db import transaction

from audit.log import audit_record

from .models import Facilitator

# What is blanked: the health-related lived experience and what locates the person.
FORGOTTEN = {"lived_experience": "", "home_area": "", "languages": []}


@transaction.atomic
def facilitator_forget(facilitator: Facilitator, *, action: str = "erase") -> Facilitator:
    """The profile stays (assignments, hours and fees are the trainings' history) but no longer
    says anything about the person; the facilitator is no longer offered for trainings."""
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    fields = {name: value for name, value in FORGOTTEN.items() if hasattr(facilitator, name)}
    for name in _consent_fields(facilitator):
        field = facilitator._meta.get_field(name)
        fields[name] = None if field.null else (False if field.get_internal_type() == "BooleanField" else "")
    changed = [name for name, value in fields.items() if getattr(facilitator, name) != value]
    if not changed and not facilitator.active:
        return facilitator
    for name, value in fields.items():
        setattr(facilitator, name, value)
    facilitator.active = False
    facilitator.save(update_fields=[*fields, "active"])
    audit_record(facilitator, action, fields=[*changed, "active"])
    return facilitator


def _consent_fields(facilitator: Facilitator) -> list[str]:
    # The consent to record the lived experience goes with it (the field's name is the profile's).
    return [f.name for f in Facilitator._meta.concrete_fields if "consent" in f.name]

from __future__ import annotations

import factory
from django.utils import timezone

from enquiries import sla
from enquiries.models import Enquiry, EnquiryEvent, EventKind, Status, Topic


class EnquiryFactory(factory.django.DjangoModelFactory):
    """A new enquiry as the public form leaves it (no reminders planned: use the service for that)."""

    class Meta:
        model = Enquiry
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"sender{n}@example.org")
    phone = ""
    organisation = factory.Sequence(lambda n: f"Region Exempel, vårdenhet {n}")
    country = "SE"
    topic = Topic.TRAINING
    message = "Vi vill gärna veta mer om dialogutbildningen för vår arbetsgrupp."
    preferred_times = ""
    language = "sv"
    consented_at = factory.LazyFunction(timezone.now)
    created_at = factory.SelfAttribute("consented_at")
    status = Status.NEW
    contact_due_at = factory.LazyAttribute(lambda o: sla.add_working_days(o.created_at, 2, o.country))
    alert_due_at = factory.LazyAttribute(lambda o: sla.add_working_days(o.created_at, 3, o.country))

    @factory.post_generation
    def received(self, create, extracted, **kwargs):
        if create:
            EnquiryEvent.objects.create(enquiry=self, kind=EventKind.RECEIVED, created_at=self.created_at)


def form_data(**overrides) -> dict[str, str]:
    """A valid post of the public form."""
    data = {
        "name": "Anna Svensson",
        "email": "anna.svensson@example.org",
        "phone": "+46 70 123 45 67",
        "organisation": "Region Uppsala, allmänpsykiatrin",
        "country": "SE",
        "topic": "training",
        "message": "Vår arbetsgrupp vill veta mer om dialogutbildningen.",
        "preferred_times": "Tisdagar förmiddag",
        "language": "sv",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

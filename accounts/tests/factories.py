from __future__ import annotations

import factory

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_set_roles

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(self, extracted)


def coordinator(**kwargs) -> User:
    return UserFactory(roles=[Role.COORDINATOR], **kwargs)


def facilitator_user(**kwargs) -> User:
    return UserFactory(roles=[Role.FACILITATOR], **kwargs)


def clinician(**kwargs) -> User:
    return UserFactory(roles=[Role.NETWORK_CLINICIAN], **kwargs)


def administrator(**kwargs) -> User:
    return UserFactory(roles=[Role.ADMINISTRATOR], **kwargs)

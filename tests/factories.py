"""factory_boy factories shared across apps' tests."""

import factory
from django.contrib.auth import get_user_model

from supporters.models import Supporter


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    # Hashed before the row is written: a password set after saving would not reach the
    # database, and the session of a user logged in with force_login would not survive.
    password = factory.django.Password("correct horse battery staple")


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"supporter{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    zip_code = "43215"
    state = "OH"
    district = 3

"""Factories for campaign content, events, registrations and list subscriptions."""

import datetime
from datetime import timedelta

import factory
from django.utils import timezone

from campaign.models import Event, EventRegistration, NewsPost, NewsStatus, Page, SiteBanner, Topic
from supporters.models import ListSubscription
from tests.factories import SupporterFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign update {n}")
    slug = factory.Sequence(lambda n: f"campaign-update-{n}")
    summary = "A short summary of the update."
    body = "Some **news** about the bill."
    status = NewsStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    byline = "Campaign staff"

    @factory.post_generation
    def topics(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.topics.set(extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Campaign page {n}")
    slug = factory.Sequence(lambda n: f"campaign-page-{n}")
    body = "Why this matters."


class SiteBannerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteBanner

    message = "Sign the petition today."
    link_url = "/news/"
    link_text = "Find out more"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Week of action {n}")
    slug = factory.Sequence(lambda n: f"week-of-action-{n}")
    summary = "Locals take the call center bill to their members."
    description = "Bring your members.\n\n- sign the petition\n- write to Congress"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(days=6))
    location = "Union halls nationwide"
    registration_deadline = factory.LazyAttribute(lambda event: event.starts_at - timedelta(days=7))
    capacity = None
    is_published = True


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    supporter = factory.SubFactory(SupporterFactory)
    local_number = factory.Sequence(lambda n: str(1000 + n))
    contact_name = "Pat Organizer"
    phone = "202-555-0143"
    street = "501 Third Street NW"
    city = "Washington"
    state = "DC"
    zip_code = "20001"
    expected_participants = 25


class ListSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListSubscription

    supporter = factory.SubFactory(SupporterFactory)
    name = "Sam Caller"
    zip_code = "43215"
    status = ListSubscription.Status.PENDING

import datetime

import factory
from django.utils import timezone

from campaign.models import NewsPost, NewsStatus, Page, SiteBanner, Topic


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

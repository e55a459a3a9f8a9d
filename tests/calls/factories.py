"""Factories for call campaigns and reported calls."""

import factory
from django.utils import timezone

from calls.models import CallCampaign, CallOutcome, CallReport


class CallCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallCampaign
        django_get_or_create = ("slug",)

    title = "Call Congress about call center jobs"
    slug = factory.Sequence(lambda n: f"call-{n}")
    ask = "Ask your lawmakers to cosponsor the Keep Call Centers in America Act."
    is_open = True
    ask_script = (
        "Hello, I am a constituent from {city}, {state}. I am calling to ask "
        "{lawmaker_title} {lawmaker_last_name} to cosponsor the Keep Call Centers in America Act."
    )
    thanks_script = (
        "Hello, I am a constituent from {city}. Please thank {lawmaker_title} "
        "{lawmaker_last_name} for backing the Keep Call Centers in America Act."
    )


class CallReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallReport

    campaign = factory.SubFactory(CallCampaignFactory)
    outcome = CallOutcome.REACHED
    day = factory.LazyFunction(timezone.localdate)
    caller_key = factory.Sequence(lambda n: f"key-{n}")

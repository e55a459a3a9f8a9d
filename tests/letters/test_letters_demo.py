"""`make run`'s letter demo: a campaign in our words, example.org addresses, idempotent."""

import pytest
from django.core.management import CommandError, call_command

from letters.models import LetterCampaign, LetterStatus
from tests.letters.factories import LetterFactory
from tests.petitions.factories import LegislatorFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_never_replaces_a_real_address(django_capture_on_commit_callbacks):
    real = LegislatorFactory(bioguide_id="A000001", delivery_email="letters@house.example")
    blank = LegislatorFactory(bioguide_id="B000002", delivery_email="")
    retired = LegislatorFactory(bioguide_id="C000003", delivery_email="", is_serving=False)
    held = LetterFactory(legislator=blank, status=LetterStatus.HELD, hold_reason="no_address")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("letters_demo", verbosity=0)
        call_command("letters_demo", verbosity=0)

    campaign = LetterCampaign.objects.get(slug="keep-call-centers-in-america")
    campaign.full_clean()
    real.refresh_from_db()
    blank.refresh_from_db()
    retired.refresh_from_db()
    assert real.delivery_email == "letters@house.example"
    assert blank.delivery_email == "office-b000002@example.org"
    assert retired.delivery_email == ""
    held.refresh_from_db()
    assert held.status == LetterStatus.QUEUED


def test_demo_addresses_are_refused_outside_development(settings):
    settings.DEV_DEFAULTS = False

    with pytest.raises(CommandError, match="development"):
        call_command("letters_demo", verbosity=0)

    call_command("letters_demo", "--no-addresses", verbosity=0)
    assert LetterCampaign.objects.exists()

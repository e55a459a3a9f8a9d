"""Shared by the accounts tests: supporters' records carrying distinctive values, and how
to fill the path parameters of every public URL from them."""

from collections.abc import Callable

import pytest

from campaign.preview import preview_url
from letters.models import ConfirmationState, LetterStatus
from supporters import lists
from supporters.models import ListSubscription
from tests.campaign.factories import (
    EventFactory,
    EventRegistrationFactory,
    ListSubscriptionFactory,
    NewsPostFactory,
    PageFactory,
    TopicFactory,
)
from tests.factories import SupporterFactory
from tests.legislators.factories import BillFactory, LegislatorFactory, ZipDistrictFactory
from tests.letters.factories import LetterFactory, LetterSubmissionFactory
from tests.links import (
    confirm_token_make,
    unsubscribe_token_make,
)
from tests.links import (
    letter_confirm_token as letter_confirmation_token,
)
from tests.links import (
    signature_confirm_token as confirmation_token,
)
from tests.petitions.factories import PetitionFactory, SignatureFactory

CANARIES = {
    "email": "canary.leak.4471@example.com",
    "street": "742 Canarywood Terrace",
    "phone": "(614) 555-0147",
    "ip_hash": "c4a7a11eaf5eed0fb4dba3e2b7c1d09e6f58a1b2c3d4e5f60718293a4b5c6d7e",
}


@pytest.fixture
def canaries(db) -> dict[str, object]:
    """Supporters' records carrying the distinctive values, in every model that holds them."""
    supporter = SupporterFactory(email=CANARIES["email"], list_opt_in=True)
    ZipDistrictFactory(zcta=supporter.zip_code, state="OH", district=3)
    legislator = LegislatorFactory(state="OH", district=3)
    event = EventFactory()
    EventRegistrationFactory(
        event=event, supporter=supporter, street=CANARIES["street"], phone=CANARIES["phone"]
    )
    subscription = ListSubscriptionFactory(
        supporter=supporter, status=ListSubscription.Status.CONFIRMED
    )
    bill = BillFactory(bill_type="s", is_current=True)
    petition = PetitionFactory()
    submission = LetterSubmissionFactory(
        supporter=supporter,
        street=CANARIES["street"],
        phone=CANARIES["phone"],
        confirmation=ConfirmationState.PENDING,
    )
    LetterFactory(
        submission=submission,
        legislator=legislator,
        status=LetterStatus.QUEUED,
        body=f"Dear member,\n\n{CANARIES['street']}\n{CANARIES['phone']}\n",
    )
    # One signature shown publicly, one waiting for confirmation: both carry the canaries.
    SignatureFactory(
        petition=petition, supporter=supporter, ip_hash=CANARIES["ip_hash"], show_publicly=True
    )
    pending = SignatureFactory(
        petition=PetitionFactory(requires_confirmation=True),
        supporter=SupporterFactory(email="canary.pending.4471@example.com"),
        ip_hash=CANARIES["ip_hash"],
        confirmed_at=None,
    )
    topic = TopicFactory()
    post = NewsPostFactory(topics=[topic])
    page = PageFactory()
    return {
        "supporter": supporter,
        "legislator": legislator,
        "topic": topic,
        "post": post,
        "page": page,
        "event": event,
        "subscription": subscription,
        "bill": bill,
        "petition": petition,
        "pending_signature": pending,
        "letter_submission": submission,
    }


# route name -> how to fill its path parameters from the canary objects
PARAMETERS: dict[str, Callable[[dict], dict]] = {
    "legislators:detail": lambda objects: {"bioguide_id": objects["legislator"].bioguide_id},
    "whip:scorecard": lambda objects: {"bill_key": objects["bill"].key},
    "petitions:detail": lambda objects: {"slug": objects["petition"].slug},
    "petitions:thanks": lambda objects: {"slug": objects["petition"].slug},
    "petitions:count": lambda objects: {"slug": objects["petition"].slug},
    "petitions:confirm": lambda objects: {
        "token": confirmation_token(signature=objects["pending_signature"])
    },
    "letters:write_confirm": lambda objects: {
        "token": letter_confirmation_token(objects["letter_submission"])
    },
    "campaign:topic_feed": lambda objects: {"slug": objects["topic"].slug},
    "campaign:news_detail": lambda objects: {"slug": objects["post"].slug},
    "campaign:news_preview": lambda objects: {
        "token": preview_url(objects["post"]).rstrip("/").rsplit("/", 1)[-1]
    },
    "campaign:page": lambda objects: {"slug": objects["page"].slug},
    "campaign:event_detail": lambda objects: {"slug": objects["event"].slug},
    "campaign:event_registered": lambda objects: {"slug": objects["event"].slug},
    "campaign:event_ics": lambda objects: {"slug": objects["event"].slug},
    "campaign:og_image": lambda objects: {"kind": "petition", "slug": objects["petition"].slug},
    "campaign:list_confirm": lambda objects: {
        "token": confirm_token_make(subscription=objects["subscription"])
    },
    "campaign:list_unsubscribe": lambda objects: {
        "token": unsubscribe_token_make(subscription=objects["subscription"])
    },
    "supporters:list_unsubscribe": lambda objects: {
        "token": lists.unsubscribe_token(
            supporter_id=objects["subscription"].supporter_id, email_list="newsletter"
        )
    },
    "supporters:list_preferences": lambda objects: {
        "token": lists.preferences_token(supporter_id=objects["subscription"].supporter_id)
    },
}

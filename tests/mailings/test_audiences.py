"""Who each audience holds: always within the list's subscribers, counted in the database."""

import datetime

import pytest

from legislators.models import Chamber
from letters.models import ConfirmationState
from mailings.audiences import (
    AudienceError,
    audience_count,
    audience_queryset,
)
from mailings.models import Mailing
from supporters import lists
from supporters.models import EmailList, Suppression
from tests.factories import SupporterFactory
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    LegislatorFactory,
)
from tests.letters.factories import LetterCampaignFactory, LetterSubmissionFactory
from tests.mailings.factories import MailingFactory, subscriber
from tests.petitions.factories import PetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def emails(mailing: Mailing) -> set[str]:
    return set(audience_queryset(mailing=mailing).values_list("email", flat=True))


def test_everyone_is_the_lists_subscribers_only():
    on_list = subscriber(email="a@example.com")
    subscriber(EmailList.ACTION_ALERTS, email="alerts-only@example.com")
    SupporterFactory(email="never-joined@example.com")
    left = subscriber(email="left@example.com")
    lists.consent_withdraw(supporter=left, email_list=EmailList.NEWSLETTER, source="test")
    subscriber(email="bounced@example.com")
    Suppression.objects.create(email="bounced@example.com", reason="bounce")

    mailing = MailingFactory()
    assert emails(mailing) == {on_list.email}
    assert audience_count(mailing=mailing) == 1

    alerts = MailingFactory(email_list=EmailList.ACTION_ALERTS)
    assert emails(alerts) == {"alerts-only@example.com"}


def test_by_state_and_by_district():
    subscriber(email="oh3@example.com", state="OH", district=3)
    subscriber(email="oh15@example.com", state="OH", district=15)
    subscriber(email="wi4@example.com", state="WI", district=4)
    subscriber(email="ak@example.com", state="AK", district=0)

    by_state = MailingFactory(audience=Mailing.Audience.STATE, audience_params={"state": "oh"})
    assert emails(by_state) == {"oh3@example.com", "oh15@example.com"}
    district = MailingFactory(
        audience=Mailing.Audience.DISTRICT, audience_params={"state": "OH", "district": "15"}
    )
    assert emails(district) == {"oh15@example.com"}
    at_large = MailingFactory(
        audience=Mailing.Audience.DISTRICT, audience_params={"state": "AK", "district": 0}
    )
    assert audience_count(mailing=at_large) == 1


@pytest.mark.parametrize(
    "params",
    [{}, {"state": "Ohio"}, {"state": "OH", "district": "three"}, {"state": "OH"}],
)
def test_incomplete_details_are_an_error_and_count_zero(params):
    subscriber(state="OH", district=3)
    audience = Mailing.Audience.DISTRICT if "state" in params else Mailing.Audience.STATE
    mailing = MailingFactory(audience=audience, audience_params=params)
    with pytest.raises(AudienceError):
        audience_queryset(mailing=mailing)
    assert audience_count(mailing=mailing) == 0


@pytest.fixture
def senate_bill():
    """Ohio: one senator cosponsors, one withdrew; Wisconsin's senators are undecided.
    OH-3's representative sponsors the House companion; WI-4's has not acted."""
    members = {
        "oh_senior": LegislatorFactory(senator=True, state="OH", state_rank="senior"),
        "oh_junior": LegislatorFactory(senator=True, state="OH", state_rank="junior"),
        "wi_senior": LegislatorFactory(senator=True, state="WI", state_rank="senior"),
        "wi_junior": LegislatorFactory(senator=True, state="WI", state_rank="junior"),
        "oh_03": LegislatorFactory(state="OH", district=3),
        "wi_04": LegislatorFactory(state="WI", district=4),
    }
    # A former Wisconsin senator who cosponsored: not serving, never counts.
    former = LegislatorFactory(senator=True, state="WI", is_serving=False)
    house = BillFactory(bill_type="hr", sponsor=members["oh_03"])
    bill = BillFactory(bill_type="s", is_current=True, companion=house)
    CosponsorshipFactory(bill=bill, legislator=members["oh_senior"])
    CosponsorshipFactory(
        bill=bill, legislator=members["oh_junior"], withdrawn_date=datetime.date(2025, 9, 1)
    )
    CosponsorshipFactory(bill=bill, legislator=former)
    return members


def stance(chamber: str, value: str) -> Mailing:
    return MailingFactory(
        audience=Mailing.Audience.STANCE, audience_params={"chamber": chamber, "stance": value}
    )


def test_by_the_stance_of_their_own_lawmakers(senate_bill):
    subscriber(email="oh3@example.com", state="OH", district=3)
    subscriber(email="wi4@example.com", state="WI", district=4)
    subscriber(email="nowhere@example.com", state="", district=None)

    assert emails(stance(Chamber.SENATE, "undecided")) == {"wi4@example.com"}
    assert emails(stance(Chamber.SENATE, "cosponsor")) == {"oh3@example.com"}
    assert emails(stance(Chamber.SENATE, "opposed")) == {"oh3@example.com"}
    assert emails(stance(Chamber.HOUSE, "cosponsor")) == {"oh3@example.com"}
    assert emails(stance(Chamber.HOUSE, "undecided")) == {"wi4@example.com"}
    assert emails(stance(Chamber.HOUSE, "opposed")) == set()
    # Either chamber.
    assert emails(stance("", "undecided")) == {"wi4@example.com"}
    assert emails(stance("", "cosponsor")) == {"oh3@example.com"}


def test_stance_audience_needs_a_current_bill_and_a_known_stance(senate_bill):
    from legislators.models import Bill

    with pytest.raises(AudienceError):
        audience_queryset(mailing=stance(Chamber.SENATE, "supportive"))
    Bill.objects.update(is_current=False)
    with pytest.raises(AudienceError):
        audience_queryset(mailing=stance(Chamber.SENATE, "undecided"))


def test_by_action_signed_a_petition_and_wrote_no_letter():
    petition = PetitionFactory()
    signed_no_letter = subscriber(email="signed@example.com")
    signed_and_wrote = subscriber(email="wrote@example.com")
    unconfirmed = subscriber(email="unconfirmed@example.com")
    subscriber(email="did-nothing@example.com")
    SignatureFactory(petition=petition, supporter=signed_no_letter)
    SignatureFactory(petition=petition, supporter=signed_and_wrote)
    SignatureFactory(petition=petition, supporter=unconfirmed, confirmed_at=None)
    campaign = LetterCampaignFactory()
    LetterSubmissionFactory(campaign=campaign, supporter=signed_and_wrote)
    # A letter still waiting for its writer to confirm is not written yet.
    LetterSubmissionFactory(
        campaign=campaign, supporter=signed_no_letter, confirmation=ConfirmationState.PENDING
    )

    both = MailingFactory(
        audience=Mailing.Audience.ACTION,
        audience_params={"signed_petition": petition.pk, "wrote_no_letter": True},
    )
    assert emails(both) == {"signed@example.com"}
    signed = MailingFactory(
        audience=Mailing.Audience.ACTION, audience_params={"signed_petition": petition.pk}
    )
    assert emails(signed) == {"signed@example.com", "wrote@example.com"}
    not_signed = MailingFactory(
        audience=Mailing.Audience.ACTION, audience_params={"not_signed_petition": petition.pk}
    )
    assert emails(not_signed) == {"did-nothing@example.com"}
    wrote = MailingFactory(
        audience=Mailing.Audience.ACTION,
        audience_params={"wrote_letter": True, "letter_campaign": campaign.pk},
    )
    assert emails(wrote) == {"wrote@example.com"}
    with pytest.raises(AudienceError):
        audience_queryset(mailing=MailingFactory(audience=Mailing.Audience.ACTION))


def test_audience_count_is_one_query_whatever_its_size(django_assert_num_queries):
    for n in range(5):
        subscriber(email=f"s{n}@example.com", state="OH", district=3)
    petition = PetitionFactory()
    mailing = MailingFactory(
        audience=Mailing.Audience.ACTION,
        audience_params={"not_signed_petition": petition.pk, "wrote_no_letter": True},
    )
    with django_assert_num_queries(1):
        assert audience_count(mailing=mailing) == 5


def test_an_at_large_seat_matches_its_whole_state():
    at_large = LegislatorFactory(state="AK", district=0)
    BillFactory(bill_type="hr", is_current=True, sponsor=at_large)
    subscriber(email="ak@example.com", state="AK", district=0)
    subscriber(email="oh@example.com", state="OH", district=0)
    assert emails(stance(Chamber.HOUSE, "cosponsor")) == {"ak@example.com"}


def test_audiences_are_described_in_words():
    from mailings.audiences import audience_describe

    petition = PetitionFactory(title="Keep calls here")
    mailing = MailingFactory(
        audience=Mailing.Audience.ACTION,
        audience_params={"signed_petition": petition.pk, "wrote_no_letter": True},
    )
    assert audience_describe(mailing=mailing) == (
        "Supporters who signed the petition “Keep calls here”, and wrote no letter"
    )
    district = MailingFactory(
        audience=Mailing.Audience.DISTRICT, audience_params={"state": "WI", "district": 4}
    )
    assert audience_describe(mailing=district) == "Supporters in WI-4"

"""Every way onto a list records which list, and only once the address is confirmed:
the join page, a petition's boxes, a letter's boxes, the call page's alerts."""

import pytest
from django.urls import reverse

from letters.models import LetterSubmission
from petitions.models import Signature
from supporters.models import EmailList, ListConsent, ListSubscription, Supporter
from tests.calls.factories import CallCampaignFactory
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.links import confirm_token_make, letter_confirm_token, signature_confirm_token
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db

NEWS = EmailList.NEWSLETTER
ALERTS = EmailList.ACTION_ALERTS


def consents(email: str) -> dict[str, str]:
    """Active consents of this address: list -> source."""
    return dict(
        ListConsent.objects.active()
        .filter(supporter__email=email)
        .values_list("email_list", "source")
    )


def confirm_list(client, email: str) -> None:
    subscription = ListSubscription.objects.get(supporter__email=email)
    response = client.post(f"/join/confirm/{confirm_token_make(subscription=subscription)}/")
    assert "You are on the list" in response.content.decode()


# The join page -----------------------------------------------------------------------------


def join(client, *email_lists: str, shown: bool = True):
    data = {"name": "Sam Caller", "email": "sam@example.org", "zip_code": "43215", "website": ""}
    if shown:
        data["lists_shown"] = "1"
    return client.post("/join/", data | {"lists": list(email_lists)})


def test_the_join_page_has_a_box_for_each_list(anonymous):
    page = anonymous.get("/join/").content.decode()
    assert 'name="lists" value="newsletter"' in page
    assert 'name="lists" value="action-alerts"' in page
    assert "Newsletter" in page and "Action alerts" in page


@pytest.mark.parametrize(
    "ticked", [(NEWS,), (ALERTS,), (NEWS, ALERTS)], ids=["newsletter", "alerts", "both"]
)
def test_joining_from_the_list_page_counts_once_confirmed(anonymous, ticked):
    response = join(anonymous, *ticked)
    assert response.status_code == 302
    assert consents("sam@example.org") == {}
    assert Supporter.objects.get(email="sam@example.org").list_opt_in is False

    confirm_list(anonymous, "sam@example.org")

    assert consents("sam@example.org") == dict.fromkeys(ticked, "list page")
    assert Supporter.objects.get(email="sam@example.org").list_opt_in is True


def test_no_box_ticked_is_refused(anonymous):
    response = join(anonymous)
    assert response.status_code == 400
    assert "Tick at least one list" in response.content.decode()
    assert not ListSubscription.objects.exists()


def test_a_form_from_before_the_boxes_asks_for_the_newsletter(anonymous):
    assert join(anonymous, shown=False).status_code == 302
    confirm_list(anonymous, "sam@example.org")
    assert consents("sam@example.org") == {NEWS: "list page"}


def test_asking_for_another_list_later_needs_its_own_confirmation(anonymous):
    join(anonymous, NEWS)
    confirm_list(anonymous, "sam@example.org")
    join(anonymous, ALERTS)
    # Still on the newsletter meanwhile, and counted as a confirmed subscriber.
    assert consents("sam@example.org") == {NEWS: "list page"}
    assert ListSubscription.objects.confirmed().count() == 1
    confirm_list(anonymous, "sam@example.org")
    assert consents("sam@example.org") == {NEWS: "list page", ALERTS: "list page"}


def test_joining_a_list_one_is_on_again_changes_nothing(anonymous, mailoutbox):
    join(anonymous, NEWS)
    confirm_list(anonymous, "sam@example.org")
    assert join(anonymous, NEWS).status_code == 302
    subscription = ListSubscription.objects.get()
    assert subscription.status == ListSubscription.Status.CONFIRMED
    assert consents("sam@example.org") == {NEWS: "list page"}


# Petitions ---------------------------------------------------------------------------------


def sign(client, petition, **boxes):
    data = {
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": "ana@example.com",
        "zip_code": "43215",
        "country": "US",
        "comment": "",
        "website": "",
    }
    return client.post(petition.get_absolute_url(), data | boxes)


@pytest.fixture
def petition():
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    return PetitionFactory(slug="keep-jobs")


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ({}, {}),
        ({"list_opt_in": "on"}, {NEWS: "petition"}),
        ({"alerts_opt_in": "on"}, {ALERTS: "petition"}),
        ({"list_opt_in": "on", "alerts_opt_in": "on"}, {NEWS: "petition", ALERTS: "petition"}),
    ],
    ids=["none", "newsletter", "alerts", "both"],
)
def test_a_petition_without_confirmation_joins_the_ticked_lists(
    anonymous, petition, boxes, expected
):
    assert sign(anonymous, petition, **boxes).status_code == 302
    assert consents("ana@example.com") == expected


def test_the_petition_form_has_a_box_for_each_list_unticked(anonymous, petition):
    page = anonymous.get(petition.get_absolute_url()).content.decode()
    for name in ("list_opt_in", "alerts_opt_in"):
        assert f'name="{name}"' in page
        assert f'name="{name}" checked' not in page


def test_a_petition_needing_confirmation_joins_only_when_confirmed(anonymous, petition):
    petition.requires_confirmation = True
    petition.save()
    sign(anonymous, petition, alerts_opt_in="on")
    signature = Signature.objects.get()
    assert signature.lists_requested == "action-alerts"
    assert consents("ana@example.com") == {}
    assert Supporter.objects.get().list_opt_in is False

    # Signing again with the other box: the next confirmation covers both.
    sign(anonymous, petition, list_opt_in="on")
    assert consents("ana@example.com") == {}

    token = signature_confirm_token(signature=signature)
    anonymous.post(reverse("petitions:confirm", args=[token]))

    assert consents("ana@example.com") == {NEWS: "petition", ALERTS: "petition"}
    assert Supporter.objects.get().list_opt_in is True


# Letters -----------------------------------------------------------------------------------


@pytest.fixture
def congress():
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    return members


def write(client, campaign, **boxes) -> None:
    client.get("/write/", {"zip": "45202"})
    details = {
        "step": "details",
        "campaign": campaign.slug,
        "first_name": "Alex",
        "last_name": "Rivera",
        "email": "alex@example.com",
        "street": "1 Main St",
        "street_2": "",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
        "phone": "",
    }
    response = client.post("/write/", details | boxes)
    assert response.status_code == 200
    data = {"step": "send", "campaign": campaign.slug}
    for name, field in response.context["form"].fields.items():
        data[name] = field.initial
    assert client.post("/write/", data).status_code == 302


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ({}, {}),
        ({"list_opt_in": "on"}, {NEWS: "letter"}),
        ({"alerts_opt_in": "on", "list_opt_in": "on"}, {NEWS: "letter", ALERTS: "letter"}),
    ],
    ids=["none", "newsletter", "both"],
)
def test_a_letter_joins_the_ticked_lists(anonymous, congress, boxes, expected):
    campaign = LetterCampaignFactory()
    write(anonymous, campaign, **boxes)
    assert LetterSubmission.objects.count() == 1
    assert consents("alex@example.com") == expected


def test_a_letter_needing_confirmation_joins_only_when_confirmed(anonymous, congress):
    campaign = LetterCampaignFactory(require_confirmation=True)
    write(anonymous, campaign, alerts_opt_in="on")
    submission = LetterSubmission.objects.get()
    assert submission.lists_requested == "action-alerts"
    assert consents("alex@example.com") == {}

    anonymous.post(reverse("letters:write_confirm", args=[letter_confirm_token(submission)]))

    assert consents("alex@example.com") == {ALERTS: "letter"}


# The call page -----------------------------------------------------------------------------


def test_the_call_pages_alerts_box_joins_action_alerts_once_confirmed(anonymous):
    build_congress()
    CallCampaignFactory()
    data = {"step": "alerts", "zip": "45202", "email": "caller@example.com", "consent": "on"}
    assert anonymous.post("/call/", data).status_code == 303
    subscription = ListSubscription.objects.get()
    assert (subscription.requested_lists, subscription.source) == ("action-alerts", "calls")
    assert consents("caller@example.com") == {}

    confirm_list(anonymous, "caller@example.com")

    assert consents("caller@example.com") == {ALERTS: "calls"}

"""Signed links are refused when tampered with, made for another purpose or another key,
or replayed after they have done their job. (Each app also tests its own links; these
checks cross between them.)"""

import pytest
from django.core import signing
from django.test import override_settings

from campaign.models import NewsStatus
from campaign.preview import preview_url
from core.signing import Purpose
from supporters.models import ListSubscription
from tests.campaign.factories import ListSubscriptionFactory, NewsPostFactory
from tests.factories import UserFactory
from tests.links import confirm_token_make, unsubscribe_token_make
from tests.links import signature_confirm_token as confirmation_token


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def pending(db) -> ListSubscription:
    return ListSubscriptionFactory()


def flip_one_character(token: str) -> str:
    middle = len(token) // 2
    replacement = "A" if token[middle] != "A" else "B"
    return token[:middle] + replacement + token[middle + 1 :]


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", ["flip", "truncate", "append", "other purpose", "other key"])
def test_a_bad_confirm_link_confirms_nobody(anonymous, pending, mangle):
    good = confirm_token_make(subscription=pending)
    if mangle == "flip":
        token = flip_one_character(good)
    elif mangle == "truncate":
        token = good[:-5]
    elif mangle == "append":
        token = good + "x"
    elif mangle == "other purpose":
        # An unsubscribe link for the same person is not a confirmation.
        token = unsubscribe_token_make(subscription=pending)
    else:
        with override_settings(SECRET_KEY="another-site-key-" + "x" * 40):
            token = confirm_token_make(subscription=pending)

    response = anonymous.post(f"/join/confirm/{token}/")

    assert 400 <= response.status_code < 500
    pending.refresh_from_db()
    assert pending.status == ListSubscription.Status.PENDING
    pending.supporter.refresh_from_db()
    assert not pending.supporter.list_opt_in


@pytest.mark.django_db
def test_a_confirm_link_replayed_after_leaving_the_list_does_not_rejoin(anonymous, pending):
    confirm = confirm_token_make(subscription=pending)
    assert anonymous.post(f"/join/confirm/{confirm}/").status_code == 200
    anonymous.post(f"/join/unsubscribe/{unsubscribe_token_make(subscription=pending)}/")
    anonymous.post(f"/join/confirm/{confirm}/")
    pending.refresh_from_db()
    pending.supporter.refresh_from_db()
    assert pending.status == ListSubscription.Status.UNSUBSCRIBED
    assert not pending.supporter.list_opt_in


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", ["flip", "other purpose"])
def test_a_bad_unsubscribe_link_removes_nobody(anonymous, mangle):
    member = ListSubscriptionFactory(status=ListSubscription.Status.CONFIRMED)
    member.supporter.list_opt_in = True
    member.supporter.save()
    if mangle == "flip":
        token = flip_one_character(unsubscribe_token_make(subscription=member))
    else:
        token = confirm_token_make(subscription=member)
    response = anonymous.post(f"/join/unsubscribe/{token}/")
    assert 400 <= response.status_code < 500
    member.supporter.refresh_from_db()
    assert member.supporter.list_opt_in


@pytest.mark.django_db
def test_a_list_link_is_not_a_preview_link_and_a_preview_link_is_not_a_list_link(client, pending):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    post = NewsPostFactory(status=NewsStatus.DRAFT)
    list_token = confirm_token_make(subscription=pending)
    assert client.get(f"/news/preview/{list_token}/").status_code == 400
    preview_token = token_of(preview_url(post))
    assert client.post(f"/join/confirm/{preview_token}/").status_code == 400
    # A payload signed under the right purpose but naming nobody is refused too.
    forged = signing.dumps({"s": 999999}, salt=Purpose.LIST_CONFIRM.value, compress=True)
    assert 400 <= client.post(f"/join/confirm/{forged}/").status_code < 500
    pending.refresh_from_db()
    assert pending.status == ListSubscription.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("mangle", ["flip", "truncate", "list link", "other key", "other id"])
def test_a_bad_signature_confirmation_link_counts_nothing(anonymous, mangle):
    SIGNATURE_SALT = Purpose.SIGNATURE_CONFIRM.value
    from tests.petitions.factories import PetitionFactory, SignatureFactory

    signature = SignatureFactory(
        petition=PetitionFactory(requires_confirmation=True), confirmed_at=None
    )
    good = confirmation_token(signature=signature)
    if mangle == "flip":
        token = flip_one_character(good)
    elif mangle == "truncate":
        token = good[:-4]
    elif mangle == "list link":
        token = confirm_token_make(subscription=ListSubscriptionFactory())
    elif mangle == "other key":
        with override_settings(SECRET_KEY="another-site-key-" + "y" * 40):
            token = confirmation_token(signature=signature)
    else:
        token = signing.dumps(signature.pk + 1000, salt=SIGNATURE_SALT)

    response = anonymous.post(f"/petitions/confirm/{token}/")

    assert response.status_code < 500
    signature.refresh_from_db()
    assert signature.confirmed_at is None


@pytest.mark.django_db
def test_a_replayed_signature_confirmation_counts_once(anonymous):
    from petitions.services import petition_count
    from tests.petitions.factories import PetitionFactory, SignatureFactory

    petition = PetitionFactory(requires_confirmation=True)
    signature = SignatureFactory(petition=petition, confirmed_at=None)
    token = confirmation_token(signature=signature)
    first = anonymous.post(f"/petitions/confirm/{token}/")
    assert first.status_code in {200, 302}
    after_first = petition_count(petition=petition)
    assert after_first == 1
    again = anonymous.post(f"/petitions/confirm/{token}/")
    assert again.status_code < 500
    assert petition_count(petition=petition) == 1

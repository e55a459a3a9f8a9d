"""The supporter's call flow at /call/: ZIP, each lawmaker's number and script, the outcome."""

import re

import pytest
import responses
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from calls.models import CallOutcome, CallReport
from core import actions
from legislators.models import Legislator
from supporters.models import ListSubscription
from tests.calls.factories import CallCampaignFactory
from tests.legislators.conftest import GEOCODER_URL, census_payload
from tests.legislators.factories import BillFactory, CosponsorshipFactory, build_congress

pytestmark = pytest.mark.django_db

CALL = "/call/"


@pytest.fixture
def congress() -> dict[str, Legislator]:
    return build_congress()


@pytest.fixture
def campaign():
    return CallCampaignFactory()


def start(client: Client, zip_code: str, city: str = "", **extra: str):
    return client.post(CALL, {"step": "lookup", "zip": zip_code, "city": city, **extra})


def report(client: Client, member: Legislator, outcome: str = "reached", **extra: str):
    data = {
        "step": "report",
        "zip": extra.pop("zip", "45202"),
        "seat": extra.pop("seat", ""),
        "legislator": str(member.pk),
        "outcome": outcome,
    }
    return client.post(CALL, data | extra)


def names_in_order(page: str, members: list[Legislator]) -> list[Legislator]:
    return sorted(members, key=lambda member: page.index(member.name))


def test_url_name_is_the_agreed_one():
    assert reverse("calls:call") == CALL


def test_start_page_asks_for_zip_and_city_and_is_public(anonymous, campaign):
    response = anonymous.get(CALL)

    page = response.content.decode()
    assert response.status_code == 200
    assert campaign.title in page
    assert 'name="zip"' in page
    assert 'name="city"' in page
    assert "private" not in response.get("Cache-Control", "")


def test_start_page_comes_from_the_page_cache_for_visitors(settings, anonymous, campaign):
    settings.PAGE_CACHE_SECONDS = 60
    anonymous.get(CALL)
    response = Client().get(CALL)

    assert response["X-Page-Cache"] == "hit"


def test_pages_with_lawmakers_are_never_cached(settings, anonymous, campaign, congress):
    settings.PAGE_CACHE_SECONDS = 60
    Client().get(CALL, {"zip": "45202"})
    response = Client().get(CALL, {"zip": "45202"})

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_no_open_campaign_says_so(anonymous):
    CallCampaignFactory(is_open=False)
    response = anonymous.get(CALL)

    assert response.status_code == 404
    assert "No call is open right now" in response.content.decode()


def test_zip_shows_senators_first_then_the_representative_with_numbers(
    anonymous, campaign, congress
):
    senior, junior, rep = congress["oh_senior"], congress["oh_junior"], congress["oh_01"]
    rep.phone = "(202) 225-2216"
    rep.save()

    response = start(anonymous, "45202", city="Cincinnati")

    page = response.content.decode()
    assert response.status_code == 200
    assert names_in_order(page, [rep, junior, senior]) == [senior, junior, rep]
    assert congress["oh_03"].name not in page
    assert 'href="tel:+12022252216"' in page
    assert f"ask {rep.title} {rep.last_name} to cosponsor" in page
    assert "a constituent from Cincinnati, OH" in page
    # Without a current bill no stance is claimed.
    assert "cosponsor of the bill" not in page.lower()


def test_script_without_a_city_asks_the_caller_to_say_it(anonymous, campaign, congress):
    page = anonymous.get(CALL, {"zip": "45202"}).content.decode()

    assert "a constituent from [your city], OH" in page


def test_each_member_gets_the_script_for_their_stance(anonymous, campaign, congress):
    bill = BillFactory(is_current=True)
    bill.sponsor = congress["oh_senior"]
    bill.save()
    CosponsorshipFactory(bill=bill, legislator=congress["oh_junior"])

    page = start(anonymous, "45202").content.decode()

    senior, junior, rep = congress["oh_senior"], congress["oh_junior"], congress["oh_01"]
    assert f"thank {senior.title} {senior.last_name} for backing" in page
    assert f"thank {junior.title} {junior.last_name} for backing" in page
    assert f"ask {rep.title} {rep.last_name} to cosponsor" in page
    assert "Sponsor of the bill" in page
    assert "Cosponsor of the bill" in page
    assert "Not yet a cosponsor" in page


def test_split_zip_asks_for_the_street_and_settles_with_the_geocoder(
    anonymous, campaign, congress, http
):
    http.get(GEOCODER_URL, json=census_payload("census_oh15.json"))

    response = start(anonymous, "43215", city="Columbus")
    page = response.content.decode()
    assert 'name="address"' in page
    assert 'value="Columbus"' in page

    response = anonymous.post(
        CALL,
        {"step": "address", "zip": "43215", "city": "Columbus", "address": "1 Main St"},
    )
    page = response.content.decode()
    assert congress["oh_15"].name in page
    assert congress["oh_03"].name not in page
    assert 'name="seat" value="OH-15"' in page

    # The page after a report shows the same district, from the caller's cookie.
    response = report(anonymous, congress["oh_15"], zip="43215", seat="OH-15")
    assert response.status_code == 303
    page = anonymous.get(response["Location"]).content.decode()
    assert congress["oh_15"].name in page
    assert congress["oh_03"].name not in page
    assert "a constituent from Columbus" in page


def test_split_zip_offers_the_districts_when_the_geocoder_fails(
    anonymous, campaign, congress, http
):
    http.add(responses.GET, url=re.compile(r".*geocoding.*"), status=500)

    page = anonymous.post(
        CALL, {"step": "address", "zip": "43215", "address": "1 Main St"}
    ).content.decode()
    assert 'name="seat"' in page
    assert "OH-03" in page and "OH-15" in page

    page = anonymous.post(CALL, {"step": "seat", "zip": "43215", "seat": "OH-03"}).content.decode()
    assert congress["oh_03"].name in page
    assert congress["oh_15"].name not in page


def test_a_vacant_seat_is_named_and_the_senators_still_listed(anonymous, campaign, congress):
    congress["oh_01"].is_serving = False
    congress["oh_01"].save()

    page = start(anonymous, "45202").content.decode()

    assert "The House seat for OH-01 is empty right now" in page
    assert "no representative to call" in page
    assert congress["oh_senior"].name in page
    assert congress["oh_01"].name not in page


def test_dc_has_one_delegate_to_call(anonymous, campaign, congress):
    response = start(anonymous, "20001")

    page = response.content.decode()
    delegate = congress["dc"]
    assert response.status_code == 200
    assert [row["member"] for row in response.context["rows"]] == [delegate]
    assert f"Del. {delegate.name}" in page

    response = report(anonymous, delegate, zip="20001")
    page = anonymous.get(response["Location"]).content.decode()
    # One call and the flow is done.
    assert "Write to your lawmakers" in page


@pytest.mark.parametrize(
    "zip_code", ["", "1234", "abcde", "99999", "4520" + "2" * 50, "45202\x00", "<script>"]
)
def test_junk_zip_codes_get_the_form_back(anonymous, campaign, congress, zip_code):
    response = start(anonymous, zip_code)

    assert response.status_code in {200, 400}
    assert 'name="zip"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>")[1]


@pytest.mark.parametrize(
    "overrides",
    [
        {"legislator": "abc"},
        {"legislator": "99999999999999999999"},
        {"legislator": "-1"},
        {"outcome": "hung up angrily"},
        {"zip": "nope"},
        {"zip": "43215"},  # split, and no district given
        {"seat": "ZZ-99"},
    ],
)
def test_junk_reports_are_refused_and_not_counted(anonymous, campaign, congress, overrides):
    member = congress["oh_01"]
    data = {"step": "report", "zip": "45202", "seat": "", "legislator": str(member.pk)}
    data |= {"outcome": "reached"} | overrides

    response = anonymous.post(CALL, data)

    assert response.status_code == 400
    assert not CallReport.objects.exists()


def test_a_report_for_someone_elses_lawmaker_is_refused(anonymous, campaign, congress):
    response = report(anonymous, congress["ak_al"], zip="45202")

    assert response.status_code == 400
    assert not CallReport.objects.exists()


def test_a_report_is_counted_once_per_browser_office_and_day(anonymous, campaign, congress):
    rep = congress["oh_01"]
    start(anonymous, "45202")

    first = report(anonymous, rep, CallOutcome.VOICEMAIL)
    again = report(anonymous, rep, CallOutcome.REACHED)

    assert first.status_code == again.status_code == 303
    assert CallReport.objects.count() == 1
    saved = CallReport.objects.get()
    assert (saved.legislator, saved.outcome, saved.campaign) == (rep, "voicemail", campaign)

    other_browser = Client()
    start(other_browser, "45202")
    report(other_browser, rep)
    assert CallReport.objects.filter(legislator=rep).count() == 2


def test_the_stored_key_is_not_the_cookie(anonymous, campaign, congress):
    start(anonymous, "45202")
    report(anonymous, congress["oh_01"])

    cookie = anonymous.cookies["calls_caller"].value
    key = CallReport.objects.get().caller_key
    assert key not in cookie
    assert len(key) == 64


def test_after_a_report_the_page_moves_to_the_next_lawmaker(anonymous, campaign, congress):
    senior, junior = congress["oh_senior"], congress["oh_junior"]
    start(anonymous, "45202")

    response = report(anonymous, senior)

    assert response["Location"] == f"{CALL}?zip=45202#member-{junior.pk}"
    page = anonymous.get(response["Location"]).content.decode()
    assert "Thank you! You told us you reached a person." in page
    assert page.count('name="outcome"') == 2 * 3
    assert "Write to your lawmakers" not in page


def test_after_the_last_call_the_letter_is_offered_with_the_zip(anonymous, campaign, congress):
    start(anonymous, "45202")
    for key in ("oh_senior", "oh_junior", "oh_01"):
        response = report(anonymous, congress[key], CallOutcome.NO_ANSWER)

    assert response["Location"].endswith("#next-step")
    page = anonymous.get(response["Location"]).content.decode()
    assert 'name="outcome"' not in page
    assert f'href="{reverse("letters:write")}?zip=45202"' in page
    assert "https://www.facebook.com/sharer/sharer.php?u=" in page


def test_the_letter_is_not_offered_to_someone_who_wrote(anonymous, campaign, congress):
    # The letter flow notes in the browser that a letter went out today.
    noted = actions.action_remember(RequestFactory().get("/"), HttpResponse(), actions.LETTER)
    anonymous.cookies[actions.ACTIONS_COOKIE] = noted.cookies[actions.ACTIONS_COOKIE].value
    start(anonymous, "45202")
    for key in ("oh_senior", "oh_junior", "oh_01"):
        response = report(anonymous, congress[key])

    page = anonymous.get(response["Location"]).content.decode()
    assert "Thank you for calling" in page
    assert "Write to your lawmakers" not in page


def test_the_honeypot_stores_nothing(anonymous, campaign, congress):
    response = report(anonymous, congress["oh_01"], website="http://spam.example")

    assert response.status_code == 400
    assert not CallReport.objects.exists()


def test_reports_share_the_rate_limits(settings, campaign, congress):
    settings.RATE_LIMITS = {"call": {"ip": (2, 600), "email": (5, 3600)}}
    browsers = [Client() for _ in range(3)]

    codes = [report(browser, congress["oh_01"]).status_code for browser in browsers]

    assert codes == [303, 303, 429]
    assert CallReport.objects.count() == 2


def test_the_alerts_list_needs_consent_and_sends_a_confirmation(anonymous, campaign, congress):
    data = {"step": "alerts", "zip": "45202", "email": "caller@example.com"}

    refused = anonymous.post(CALL, data)
    assert refused.status_code == 400
    assert not ListSubscription.objects.exists()

    response = anonymous.post(CALL, data | {"consent": "on"})
    assert response.status_code == 303
    subscription = ListSubscription.objects.get()
    assert subscription.supporter.email == "caller@example.com"
    assert subscription.status == ListSubscription.Status.PENDING
    page = anonymous.get(response["Location"]).content.decode()
    assert "Check your inbox" in page
    assert "caller@example.com" not in response["Location"]


def test_no_email_is_needed_and_none_is_stored_with_a_report(anonymous, campaign, congress):
    report(anonymous, congress["oh_01"])

    assert CallReport.objects.count() == 1
    assert not ListSubscription.objects.exists()


def test_the_letter_sent_page_links_to_calls_with_the_zip(anonymous, congress):
    from letters.models import LetterSubmission
    from letters.views import SENT_KEY
    from tests.letters.factories import LetterSubmissionFactory

    submission = LetterSubmissionFactory(zip_code="45202")
    session = anonymous.session
    session[SENT_KEY] = submission.pk
    session.save()

    page = anonymous.get(reverse("letters:write_sent")).content.decode()

    assert LetterSubmission.objects.filter(pk=submission.pk).exists()
    assert f'href="{CALL}?zip=45202"' in page


def test_a_closed_campaign_takes_no_reports(anonymous, campaign, congress):
    campaign.is_open = False
    campaign.save()

    response = report(anonymous, congress["oh_01"], campaign=campaign.slug)

    assert response.status_code == 404
    assert not CallReport.objects.exists()

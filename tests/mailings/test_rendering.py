"""Each recipient's message: merge fields, the stance paragraph that fits, and headers."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from core import signing
from core.signing import Purpose
from legislators.models import Chamber
from mailings import rendering
from mailings.models import Mailing
from mailings.rendering import MergeError, build_message, check
from tests.factories import SupporterFactory
from tests.legislators.factories import BillFactory, CosponsorshipFactory, LegislatorFactory
from tests.mailings.factories import MailingFactory, subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress():
    """Ohio's senators: one cosponsors the current bill, one withdrew. OH-3 is undecided.
    Wisconsin: both senators cosponsor, and WI-4's representative sponsors the companion."""
    m = {
        "oh_senior": LegislatorFactory(
            senator=True, state="OH", state_rank="senior", official_name="Ann Buckeye"
        ),
        "oh_junior": LegislatorFactory(
            senator=True, state="OH", state_rank="junior", official_name="Bo Walnut"
        ),
        "oh_03": LegislatorFactory(state="OH", district=3, official_name="Cy Scioto"),
        "wi_senior": LegislatorFactory(
            senator=True, state="WI", state_rank="senior", official_name="Di Badger"
        ),
        "wi_junior": LegislatorFactory(
            senator=True, state="WI", state_rank="junior", official_name="Ed Cheddar"
        ),
        "wi_04": LegislatorFactory(state="WI", district=4, official_name="Flo Lakes"),
    }
    house = BillFactory(bill_type="hr", number=4954, sponsor=m["wi_04"])
    bill = BillFactory(bill_type="s", number=2495, is_current=True, companion=house)
    CosponsorshipFactory(bill=bill, legislator=m["oh_senior"])
    CosponsorshipFactory(
        bill=bill, legislator=m["oh_junior"], withdrawn_date=datetime.date(2025, 9, 1)
    )
    CosponsorshipFactory(bill=bill, legislator=m["wi_senior"])
    CosponsorshipFactory(bill=bill, legislator=m["wi_junior"])
    return m


def ohioan(**fields):
    return subscriber(
        email="jo@example.com", first_name="Jo", state="OH", district=3, zip_code="43215", **fields
    )


def stance_mailing(**fields) -> Mailing:
    return MailingFactory(
        body="Hi {first_name},\n\n{stance_paragraph}\n\n[Write now]({write_link})",
        paragraph_cosponsor="Thank {senators} for backing {bill}.",
        paragraph_undecided="{representative} is {representative_stance}. Press them.",
        paragraph_opposed="Some withdrew: {senators_stances}.",
        **fields,
    )


def test_merge_fields_are_filled_in_text_and_html(congress):
    supporter = ohioan()
    mailing = MailingFactory(
        subject="{first_name}, your senators",
        body=(
            "Hi **{first_name}**,\n\nYour senators: {senators_stances}.\n\n"
            "Your representative, {representative}, is {representative_stance} on {bill}."
        ),
    )
    message = build_message(mailing=mailing, supporter=supporter, message_id="<m1@example.org>")
    assert message.subject == "Jo, your senators"
    assert "Your senators: Sen. Ann Buckeye (cosponsor) and Sen. Bo Walnut (withdrew" in (
        message.body
    )
    assert "Your representative, Rep. Cy Scioto, is undecided on S. 2495." in message.body
    html = message.alternatives[0].content
    assert "Hi <strong>Jo</strong>," in html
    assert "Rep. Cy Scioto" in html
    assert "{" not in message.body and "{" not in html


def test_values_are_escaped_in_html_and_never_read_as_markdown(congress):
    supporter = ohioan()
    supporter.first_name = "<b>*Jo*</b>"
    supporter.save()
    mailing = MailingFactory(body="Hi {first_name}!")
    message = build_message(mailing=mailing, supporter=supporter, message_id="<m@example.org>")
    html = message.alternatives[0].content
    assert "&lt;b&gt;*Jo*&lt;/b&gt;" in html
    assert "<em>" not in html


def test_each_recipient_gets_the_stance_paragraph_of_their_own_lawmakers(congress):
    mailing = stance_mailing()
    # Ohio: one senator withdrew, the representative is undecided -> undecided wins.
    oh = build_message(mailing=mailing, supporter=ohioan(), message_id="<a@example.org>")
    assert "Rep. Cy Scioto is undecided. Press them." in oh.body
    # Wisconsin: every lawmaker backs the bill -> thanks.
    wi = subscriber(first_name="Wu", state="WI", district=4, zip_code="53703")
    wi_message = build_message(mailing=mailing, supporter=wi, message_id="<b@example.org>")
    assert "Thank Sen. Di Badger and Sen. Ed Cheddar for backing S. 2495." in wi_message.body
    assert "Press them" not in wi_message.body


def test_a_stance_audience_gets_that_stances_paragraph(congress):
    mailing = stance_mailing(
        audience=Mailing.Audience.STANCE,
        audience_params={"chamber": Chamber.SENATE, "stance": "opposed"},
    )
    message = build_message(mailing=mailing, supporter=ohioan(), message_id="<c@example.org>")
    assert "Some withdrew: Sen. Ann Buckeye (cosponsor) and Sen. Bo Walnut (withdrew" in (
        message.body
    )


def test_the_write_link_carries_a_signed_id_and_no_personal_data(congress):
    supporter = ohioan()
    message = build_message(
        mailing=stance_mailing(), supporter=supporter, message_id="<d@example.org>"
    )
    link = re.search(r"\((http[^)]+/write/\?t=[^)]+)\)", message.body).group(1)
    query = parse_qs(urlparse(link).query)
    assert list(query) == ["t"]
    assert "43215" not in link and "jo" not in link.lower().split("?t=")[0]
    assert signing.read_id(Purpose.WRITE_LINK, query["t"][0], key="s") == supporter.pk


def test_the_write_link_opens_write_with_their_zip_filled(congress, client):
    from tests.legislators.factories import ZipDistrictFactory
    from tests.letters.factories import LetterCampaignFactory

    LetterCampaignFactory()
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    supporter = ohioan()
    link = rendering.write_link(supporter_id=supporter.pk)
    response = client.get(link.removeprefix(rendering.absolute("")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cy Scioto" in page and "Ann Buckeye" in page
    tampered = client.get(reverse("letters:write"), {"t": "nonsense"})
    assert tampered.status_code == 200
    assert "expired" in tampered.content.decode()


def test_the_call_link_opens_call_with_their_lawmakers_and_no_personal_data(congress, client):
    from tests.calls.factories import CallCampaignFactory
    from tests.legislators.factories import ZipDistrictFactory

    CallCampaignFactory()
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    supporter = ohioan()
    mailing = MailingFactory(body="Hi {first_name}, [call them]({call_link}) today.")
    message = build_message(mailing=mailing, supporter=supporter, message_id="<c@example.org>")
    link = re.search(r"\((http[^)]+/call/\?t=[^)]+)\)", message.body).group(1)
    query = parse_qs(urlparse(link).query)
    assert list(query) == ["t"]
    assert "43215" not in link
    assert signing.read_id(Purpose.CALL_LINK, query["t"][0], key="s") == supporter.pk
    # A /write/ token does not open the call page, nor the reverse.
    assert rendering.call_link(supporter_id=supporter.pk) != rendering.write_link(
        supporter_id=supporter.pk
    ).replace("/write/", "/call/")

    response = client.get(link.removeprefix(rendering.absolute("")))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cy Scioto" in page and "Ann Buckeye" in page
    assert 'href="tel:' in page
    assert "private" in response["Cache-Control"]


def test_a_bad_or_old_call_link_asks_for_the_zip_code(congress, client, settings):
    from tests.calls.factories import CallCampaignFactory

    CallCampaignFactory()
    write_token = rendering.write_link(supporter_id=ohioan().pk).split("?t=")[1]
    for token in ("nonsense", write_token):
        response = client.get(reverse("calls:call"), {"t": token})
        assert response.status_code == 200
        assert "That link has expired. Please enter your ZIP code." in response.content.decode()
    # A supporter who never gave a ZIP code gets the ZIP form, without the expiry message.
    placeless = subscriber(email="nowhere@example.com", state="", district=None, zip_code="")
    link = rendering.call_link(supporter_id=placeless.pk)
    response = client.get(link.removeprefix(rendering.absolute("")))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="zip"' in page and "expired" not in page


def test_check_refuses_a_link_to_a_flow_that_is_closed(congress):
    from tests.calls.factories import CallCampaignFactory
    from tests.letters.factories import LetterCampaignFactory

    ohioan()
    mailing = MailingFactory(body="[Write]({write_link}) or [call]({call_link}).")
    problems = " | ".join(check(mailing=mailing))
    assert "uses {write_link} but no letter campaign is open" in problems
    assert "uses {call_link} but no call campaign is open" in problems
    LetterCampaignFactory()
    CallCampaignFactory()
    assert check(mailing=mailing) == []


def test_an_empty_field_without_fallback_is_refused_never_blank(congress):
    nameless = ohioan(last_name="X")
    nameless.first_name = ""
    nameless.save()
    mailing = MailingFactory(body="Hi {first_name},")
    with pytest.raises(MergeError, match="first name"):
        build_message(mailing=mailing, supporter=nameless, message_id="<e@example.org>")
    with_fallback = MailingFactory(body="Hi {first_name|friend},")
    message = build_message(mailing=with_fallback, supporter=nameless, message_id="<f@x.org>")
    assert "Hi friend," in message.body
    nowhere = subscriber(first_name="Al", state="", district=None)
    with pytest.raises(MergeError, match="no known state"):
        build_message(
            mailing=MailingFactory(body="{senators}"), supporter=nowhere, message_id="<g@x.org>"
        )


def test_an_unknown_field_is_refused(congress):
    mailing = MailingFactory(body="Hi {firstname},")
    with pytest.raises(MergeError, match="firstname"):
        build_message(mailing=mailing, supporter=ohioan(), message_id="<h@example.org>")


def test_check_names_every_problem_before_a_send(congress):
    ohioan()
    nameless = subscriber(email="nameless@example.com", state="OH", district=3)
    nameless.first_name = ""
    nameless.save()
    subscriber(email="nowhere@example.com", first_name="Al", state="", district=None)
    mailing = MailingFactory(
        subject="{frist_name}",
        body="Hi {first_name}, {stance_paragraph} {representative}",
        paragraph_cosponsor="Thanks.",
        paragraph_opposed="",
        paragraph_undecided="Press.",
    )
    problems = " | ".join(check(mailing=mailing))
    assert "Unknown merge field {frist_name} in the subject" in problems

    mailing.subject = "News"
    problems = " | ".join(check(mailing=mailing))
    assert "1 recipients have no first name" in problems
    assert "1 recipients have no known state" in problems
    assert "1 recipients have no known district" in problems
    # A senator withdrew from the bill, so that paragraph may reach someone.
    assert "withdrew their cosponsorship" in problems

    good = MailingFactory(body="Hi {first_name|friend}!")
    assert check(mailing=good) == []


def test_check_refuses_an_empty_audience():
    mailing = MailingFactory()
    assert check(mailing=mailing) == ["Nobody is in this audience."]


def test_headers_per_recipient(congress, settings):
    settings.MAILINGS_FROM_EMAIL = "Press One <news@pressone.example>"
    settings.MAILINGS_REPLY_TO = "organizers@pressone.example"
    supporter = ohioan()
    mailing = MailingFactory(subject="Big\r\nnews")
    message = build_message(
        mailing=mailing, supporter=supporter, message_id="<fixed-1@pressone.example>"
    )
    parsed = message.message()
    assert parsed["From"] == "Press One <news@pressone.example>"
    assert parsed["Reply-To"] == "organizers@pressone.example"
    assert parsed["To"].endswith("<jo@example.com>")
    assert parsed["Subject"] == "Big news"
    assert parsed["Message-ID"] == "<fixed-1@pressone.example>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = parsed["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.endswith(">")
    assert "/lists/unsubscribe/" in unsubscribe
    assert parsed["List-Id"] == '"Press One Newsletter" <newsletter.pressone.example>'
    for name, value in parsed.items():
        assert "\n" not in str(value) and "\r" not in str(value), name
    # The footer links to preferences and to leaving this one list.
    assert "/lists/preferences/" in message.body
    assert unsubscribe[1:-1] in message.body
    assert unsubscribe[1:-1] in message.alternatives[0].content


def test_a_test_send_acts_for_nobody_else(congress):
    supporter = ohioan()
    message = build_message(
        mailing=MailingFactory(),
        supporter=supporter,
        message_id="<t@example.org>",
        to="staff@example.org",
        links_supporter_id=0,
    )
    assert message.to == ["staff@example.org"]
    own = rendering.lists.unsubscribe_url(supporter_id=supporter.pk, email_list="newsletter")
    assert own not in message.body
    assert own not in message.message()["List-Unsubscribe"]


def test_lawmakers_are_looked_up_once_per_seat(congress, django_assert_max_num_queries):
    mailing = stance_mailing()
    people = [
        SupporterFactory(email=f"p{n}@example.com", first_name="P", state="OH", district=3)
        for n in range(5)
    ]
    build_message(mailing=mailing, supporter=people[0], message_id="<w@example.org>")
    with django_assert_max_num_queries(0):
        for person in people[1:]:
            build_message(mailing=mailing, supporter=person, message_id="<w@example.org>")

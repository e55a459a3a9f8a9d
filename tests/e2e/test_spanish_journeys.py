"""A Spanish speaker signs a petition and writes to Congress in Spanish in a real browser; the
worker sends the emails by SMTP, and they arrive in Spanish. Needs the Spanish catalogue
(tests/spanish.py says how to get it)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from letters.models import Letter, LetterStatus
from letters.templatetags.letter_text import letter_parts
from supporters.models import Supporter
from tests.e2e.axe import assert_accessible
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory
from tests.spanish import english_left

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def assert_spanish_page(page) -> None:
    assert page.locator("html").get_attribute("lang") == "es"
    assert english_left(page.content()) == [], page.url
    assert_accessible(page)


def assert_spanish_email(message, quoted: tuple[str, ...] = ()) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    # Plain text cannot mark a language: the letters' English footer is taken out here
    # (the HTML part marks it lang="en").
    for part in quoted:
        text = text.replace(part, "")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="es">' in html
    assert english_left(message["Subject"]) == [], message["Subject"]
    assert english_left(text) == [], text
    assert english_left(html) == []
    return text, html


def test_a_spanish_speaker_signs_and_confirms_in_spanish(page, smtp_server):
    ZipDistrictFactory(zcta="43215", state="OH", district=3)
    petition = PetitionFactory(slug="keep-them-here", goal=1000, requires_confirmation=True)
    petition.title_es = "Mantengan los centros de llamadas aquí"
    petition.summary_es = "Pide al Congreso que proteja los empleos."
    petition.body_es = "Quienes llaman merecen saber dónde está el agente."
    petition.save()

    page.goto(f"/es/petitions/{petition.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == petition.title_es
    assert_spanish_page(page)
    form = page.locator("#sign form")
    form.locator("[name=first_name]").fill("Lucía")
    form.locator("[name=last_name]").fill("Reyes")
    form.locator("[name=email]").fill("lucia@example.com")
    form.locator("[name=zip_code]").fill("43215")
    form.locator("[type=submit]").click()
    page.wait_for_url(f"**/es/petitions/{petition.slug}/thanks/")
    assert_spanish_page(page)
    assert Supporter.objects.get(email="lucia@example.com").language == "es"

    run_worker()
    [message] = smtp_server.messages_to("lucia@example.com")
    text, _html = assert_spanish_email(message)
    link = re.search(r"https?://\S+/es/petitions/confirm/[^/\s]+/", text)[0]
    page.goto(urlsplit(link).path)
    assert_spanish_page(page)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"**/es/petitions/{petition.slug}/thanks/")
    assert_spanish_page(page)


def test_a_spanish_speaker_writes_to_congress_and_gets_a_spanish_copy(page, smtp_server):
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    LetterCampaignFactory(
        title_es="Escribe al Congreso",
        intro_es="Pide a tus legisladores que apoyen el proyecto de ley.",
        ask_subject_es="Por favor, copatrocine el proyecto de ley",
        ask_body_es="Estimado/a {lawmaker_title} {lawmaker_last_name}:\n\nLe escribo desde {city}.",
        thanks_subject_es="Gracias por copatrocinar",
        thanks_body_es="Gracias, {lawmaker_title} {lawmaker_last_name}.",
    )

    page.goto("/es/")
    assert_spanish_page(page)
    zip_box = page.locator("#write")
    zip_box.locator("[name=zip]").fill("45202")
    zip_box.locator("[type=submit]").click()

    page.wait_for_url("**/es/write/?zip=45202")
    assert_spanish_page(page)
    page.locator("[name=first_name]").fill("Lucía")
    page.locator("[name=last_name]").fill("Reyes")
    page.locator("[name=email]").fill("lucia@example.com")
    page.locator("[name=street]").fill("1 Main St")
    page.locator("[name=city]").fill("Cincinnati")
    page.locator("form:has([name=first_name]) [type=submit]").click()

    # The letters start from the English draft; she picks the Spanish one.
    page.locator('[name=draft_language][value="es"]').wait_for()
    assert page.locator('[name=draft_language][value="en"]').is_checked()
    assert_spanish_page(page)
    page.locator('[name=draft_language][value="es"]').check()
    page.locator("form.draft-language [type=submit]").click()
    page.locator('[name=draft_language][value="es"]:checked').wait_for()
    assert "Le escribo desde Cincinnati." in page.locator("textarea").first.input_value()
    assert_spanish_page(page)
    page.locator("form:has([name=step][value=send]) [type=submit]").click()

    page.wait_for_url("**/es/write/sent/")
    assert_spanish_page(page)

    run_worker()
    assert Letter.objects.filter(status=LetterStatus.SENT).count() == 3
    office = f"office-{members['oh_01'].bioguide_id.lower()}@example.org"
    [letter] = smtp_server.messages_to(office)
    assert letter["Subject"] == "Por favor, copatrocine el proyecto de ley"
    [copy] = smtp_server.messages_to("lucia@example.com")
    footers = tuple(
        letter_parts(body)[1].strip() for body in Letter.objects.values_list("body", flat=True)
    )
    assert all(footers)
    assert_spanish_email(copy, quoted=footers)

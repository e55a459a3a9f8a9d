"""Mailings in Spanish: each recipient gets the mailing in the language they read, through
the sending engine and a real SMTP server; preview and test send in either language."""

import re
import urllib.parse

import pytest
from django.conf import settings
from django.urls import reverse

from mailings import rendering, sending
from mailings.models import Mailing, Recipient
from mailings.rendering import check
from tests.factories import UserFactory
from tests.legislators.factories import BillFactory, CosponsorshipFactory, LegislatorFactory
from tests.mailings.factories import MailingFactory, subscriber
from tests.mailings.sending_helpers import run_worker, statuses

SPANISH = {
    "subject_en": "The bill moves, {first_name|friend}",
    "subject_es": "El proyecto de ley avanza, {first_name|amigo}",
    "body_en": (
        "Hello {first_name|friend},\n\nYour senators: {senators_stances}.\n\n"
        "{stance_paragraph}\n\n[Write now]({write_link})"
    ),
    "body_es": (
        "Hola {first_name|amigo}:\n\nTus senadores: {senators_stances}.\n\n"
        "{stance_paragraph}\n\n[Escribe ahora]({write_link})"
    ),
    "paragraph_undecided_en": "Press **{representative}** this week.",
    "paragraph_undecided_es": "Presiona a **{representative}** esta semana.",
    "paragraph_cosponsor_en": "Thank your lawmakers.",
    "paragraph_opposed_en": "Some changed their minds.",
}
FOOTER_ES = "Recibes este correo porque te uniste a la lista “Boletín” de"
FOOTER_EN = "You receive this email because you joined the Newsletter list of"


@pytest.fixture
def congress(db):
    """Ohio: one senator cosponsors the current bill, one withdrew; OH-3 is undecided."""
    senior = LegislatorFactory(
        senator=True, state="OH", state_rank="senior", official_name="Ann Buckeye"
    )
    junior = LegislatorFactory(
        senator=True, state="OH", state_rank="junior", official_name="Bo Walnut"
    )
    LegislatorFactory(state="OH", district=3, official_name="Cy Scioto")
    bill = BillFactory(bill_type="s", number=2495, is_current=True)
    CosponsorshipFactory(bill=bill, legislator=senior)
    CosponsorshipFactory(bill=bill, legislator=junior, withdrawn_date="2025-09-01")
    return bill


@pytest.fixture
def letters_open(db):
    """The letter campaign the mailings' {write_link} leads to."""
    from tests.letters.factories import LetterCampaignFactory

    return LetterCampaignFactory()


@pytest.fixture
def _no_throttle(settings):
    settings.MAILING_RATE = 0
    settings.MAILING_WORKERS = 1


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def our_links(text: str) -> list[str]:
    """The paths of every link into our own site."""
    site = re.escape(settings.SITE_URL)
    return [urllib.parse.urlsplit(url).path for url in re.findall(site + r"[^\s<>\")]+", text)]


def send_through_engine(mailing: Mailing) -> None:
    sending.mailing_start(mailing=mailing, by=UserFactory(is_staff=True))
    run_worker()


# --- Through the engine and a real SMTP server ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_each_recipient_gets_the_mailing_in_their_language(
    congress, letters_open, smtp_server, _no_throttle
):
    ana = subscriber(email="ana@example.com", first_name="Ana", language="es")
    bob = subscriber(email="bob@example.com", first_name="Bob", language="")
    news = MailingFactory(**SPANISH)

    send_through_engine(news)

    assert statuses(news) == {"ana@example.com": "sent", "bob@example.com": "sent"}
    [spanish] = smtp_server.messages_to(ana.email)
    assert spanish["Subject"] == "El proyecto de ley avanza, Ana"
    text = text_of(spanish)
    assert "Hola Ana:" in text
    # Stance words and "and" in the merge fields are Spanish too.
    assert "Tus senadores: Sen. Ann Buckeye (copatrocinador(a)) y Sen. Bo Walnut " in text
    assert "(retiró su copatrocinio)" in text
    assert "Presiona a **Rep. Cy Scioto** esta semana." in text
    assert FOOTER_ES in text and "Elige qué correos recibes" in text
    assert "Darme de baja de la lista “Boletín”" in text
    html = html_of(spanish)
    assert '<html lang="es">' in html
    assert "Presiona a <strong>Rep. Cy Scioto</strong>" in html
    assert FOOTER_ES in html
    # Every link (write, preferences, unsubscribe) opens the Spanish pages.
    links = our_links(text) + our_links(html) + our_links(spanish["List-Unsubscribe"])
    assert len(links) >= 7
    assert all(path.startswith("/es/") for path in links), links
    assert any(path == "/es" + reverse("letters:write") for path in links)

    [english] = smtp_server.messages_to(bob.email)
    assert english["Subject"] == "The bill moves, Bob"
    text = text_of(english)
    assert "Hello Bob," in text and "Press **Rep. Cy Scioto** this week." in text
    assert "(cosponsor) and Sen. Bo Walnut (withdrew their cosponsorship)" in text
    assert FOOTER_EN in text and "Hola" not in text and "Boletín" not in text
    assert '<html lang="en">' in html_of(english)
    links = our_links(text) + our_links(html_of(english))
    assert links and not any(path.startswith("/es/") for path in links)


@pytest.mark.django_db(transaction=True)
def test_without_spanish_text_the_spanish_reader_gets_english_inside_spanish_words(
    letters_open, smtp_server, _no_throttle
):
    ana = subscriber(email="ana@example.com", first_name="Ana", language="es")
    news = MailingFactory(
        subject_en="Spring news, {first_name|friend}",
        body_en="Hello {first_name|friend}, the bill moves. [Write]({write_link})",
    )
    assert rendering.versions(news) == ["en"]

    send_through_engine(news)

    [message] = smtp_server.messages_to(ana.email)
    assert message["Subject"] == "Spring news, Ana"
    text = text_of(message)
    assert "Hello Ana, the bill moves." in text
    assert FOOTER_ES in text and FOOTER_EN not in text
    links = our_links(text)
    assert links and all(path.startswith("/es/") for path in links)
    assert Recipient.objects.get().status == Recipient.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_field_not_written_in_spanish_falls_back_to_english_alone(smtp_server, _no_throttle):
    subscriber(email="ana@example.com", first_name="Ana", language="es")
    news = MailingFactory(
        subject_en="Spring news, {first_name|friend}",
        body_en="Hello {first_name|friend}.",
        body_es="Hola {first_name|amigo}.",
    )

    send_through_engine(news)

    [message] = smtp_server.messages_to("ana@example.com")
    assert message["Subject"] == "Spring news, Ana"
    assert "Hola Ana." in text_of(message) and "Hello" not in text_of(message)


@pytest.mark.django_db(transaction=True)
def test_each_language_is_prepared_once_per_mailing_not_per_recipient(
    smtp_server, _no_throttle, monkeypatch
):
    for number in range(3):
        subscriber(email=f"es{number}@example.com", language="es")
        subscriber(email=f"en{number}@example.com", language="")
    news = MailingFactory(subject_es="Noticias", body_es="Hola {first_name|amigo}.")
    frames = []
    real = rendering.render_to_string
    monkeypatch.setattr(
        rendering,
        "render_to_string",
        lambda name, context: (
            frames.append((name, context["LANGUAGE_CODE"])) or real(name, context)
        ),
    )

    send_through_engine(news)

    assert len(smtp_server.messages) == 6
    # Two frames (text and HTML) per language, whoever and however many receive them.
    assert sorted(frames) == sorted(
        (name, language)
        for name in ("emails/mailing_body.txt", "emails/mailing_body.html")
        for language in ("en", "es")
    )


# --- Before a send ----------------------------------------------------------------------


@pytest.mark.django_db
def test_check_looks_at_the_spanish_text_too():
    subscriber(first_name="", language="es")
    subscriber(first_name="", language="")
    subscriber(first_name="Bea", language="es")
    news = MailingFactory(body_en="Hi {first_name|friend}", body_es="Hola {nombre}")
    problems = check(mailing=news)
    assert any("{nombre}" in problem and "(Spanish)" in problem for problem in problems)

    # Only the Spanish text needs a first name: only Spanish readers without one count.
    news.body_es = "Hola {first_name}"
    news.save()
    assert check(mailing=news) == [
        "1 recipients have no first name: give {first_name} a fallback, "
        "such as {first_name|friend}."
    ]
    news.body_es = "Hola {first_name|amigo}"
    news.save()
    assert check(mailing=news) == []


# --- Preview and test send --------------------------------------------------------------


def preview_url(mailing: Mailing) -> str:
    return reverse("admin:mailings_mailing_preview", args=[mailing.pk])


@pytest.mark.django_db
def test_preview_shows_either_language(organizer):
    ana = subscriber(email="ana@example.com", first_name="Ana", language="es")
    news = MailingFactory(
        subject_en="Spring news, {first_name}",
        subject_es="Noticias de primavera, {first_name}",
        body_en="Hello {first_name}.",
        body_es="Hola {first_name}.",
    )

    page = organizer.get(preview_url(news)).content.decode()
    # A Spanish reader is previewed in Spanish by default.
    assert "Noticias de primavera, Ana" in page and "Hola Ana." in page
    assert FOOTER_ES in page and 'lang="es"' in page

    page = organizer.get(preview_url(news), {"as": ana.pk, "lang": "en"}).content.decode()
    assert "Spring news, Ana" in page and "Hello Ana." in page
    assert FOOTER_EN in page and "Hola Ana." not in page

    page = organizer.get(preview_url(news), {"as": ana.pk, "lang": "es"}).content.decode()
    assert "Hola Ana." in page and f"?as={ana.pk}&amp;lang=en" in page


@pytest.mark.django_db
def test_editor_previews_the_spanish_version_with_spanish_surroundings(editor):
    news = MailingFactory(body_en="Hi {first_name}!", body_es="¡Hola, {first_name}!")
    page = editor.get(preview_url(news), {"lang": "es"}).content.decode()
    assert "¡Hola, Alex!" in page and FOOTER_ES in page
    page = editor.get(preview_url(news)).content.decode()
    assert "Hi Alex!" in page and FOOTER_EN in page


@pytest.mark.django_db(transaction=True)
def test_test_send_goes_out_in_the_chosen_language(organizer, smtp_server):
    ana = subscriber(email="ana@example.com", first_name="Ana", language="")
    news = MailingFactory(
        subject_en="Spring news, {first_name}",
        subject_es="Noticias de primavera, {first_name}",
        body_en="Hello {first_name}. [Write]({write_link})",
        body_es="Hola {first_name}. [Escribe]({write_link})",
    )
    test_url = reverse("admin:mailings_mailing_test", args=[news.pk])

    response = organizer.post(test_url, {"as": str(ana.pk), "lang": "es"})

    assert response.status_code == 302
    assert "lang=es" in response["Location"]
    [message] = smtp_server.messages
    assert smtp_server.handler.envelopes[0].rcpt_tos == [organizer.user.email]
    assert message["Subject"] == "Noticias de primavera, Ana"
    text = text_of(message)
    assert "Hola Ana." in text and FOOTER_ES in text
    assert all(path.startswith("/es/") for path in our_links(text))
    assert not Recipient.objects.exists()

    organizer.post(test_url, {"as": str(ana.pk), "lang": "en"})
    assert smtp_server.messages[1]["Subject"] == "Spring news, Ana"


def test_a_mailings_states_agree_with_un_envio_while_a_letters_agree_with_una_carta():
    from django.utils import translation

    from letters.models import LetterStatus

    with translation.override("es"):
        assert Mailing.State.SCHEDULED.label == "programado"
        assert Mailing.State.SENT.label == "enviado"
        assert Mailing.State.CANCELLED.label == "cancelado"
        assert Recipient.Status.FAILED.label == "fallido"
        assert Recipient.Status.BOUNCED.label == "rebotado"
        assert LetterStatus.SENT.label == "enviada"
        assert LetterStatus.CANCELLED.label == "cancelada"

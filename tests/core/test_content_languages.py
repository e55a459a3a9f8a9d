"""Content in two languages: staff write a Spanish version in the admin; a page without one
shows the English text, marked as English, under a short note; an upgraded database keeps
every text it had."""

from datetime import UTC

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

from calls.models import CallCampaign
from campaign.models import NewsPost, Page
from letters.models import LetterCampaign
from petitions.models import Petition
from supporters.models import Supporter
from tests.campaign.factories import NewsPostFactory, PageFactory
from tests.petitions.factories import PetitionFactory

NOTE = "We have not translated this page yet, so it is shown in English."


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_a_page_without_spanish_falls_back_to_english_with_a_note(client):
    PageFactory(slug="about", title="About the bill", body="The bill keeps jobs here.")
    spanish = _html(client.get("/es/about/"))
    assert "About the bill" in spanish
    assert "The bill keeps jobs here." in spanish
    assert 'class="campaign-page" lang="en"' in spanish
    assert "untranslated-note" in spanish
    # English readers never see the note.
    english = _html(client.get("/about/"))
    assert "untranslated-note" not in english
    assert NOTE not in english


@pytest.mark.django_db
def test_a_page_with_spanish_shows_it_and_no_note(client):
    page = PageFactory(slug="about", title="About the bill", body="The bill keeps jobs here.")
    page.title_es = "Sobre el proyecto de ley"
    page.body_es = "El proyecto de ley **protege** los empleos."
    page.save()
    spanish = _html(client.get("/es/about/"))
    assert "Sobre el proyecto de ley" in spanish
    assert "<strong>protege</strong>" in spanish
    assert "untranslated-note" not in spanish
    assert '<article class="campaign-page">' in spanish
    english = _html(client.get("/about/"))
    assert "About the bill" in english
    assert "protege" not in english


@pytest.mark.django_db
def test_news_and_petitions_fall_back_and_translate_the_same_way(client):
    post = NewsPostFactory(slug="delivered", title="Letters delivered", body="Ten thousand.")
    petition = PetitionFactory(slug="keep-jobs", title="Keep jobs here")
    assert "untranslated-note" in _html(client.get("/es/news/delivered/"))
    assert "untranslated-note" in _html(client.get("/es/petitions/keep-jobs/"))
    post.title_es, post.body_es = "Cartas entregadas", "Diez mil."
    post.save()
    petition.title_es, petition.body_es = "Mantengan los empleos aquí", "Texto."
    petition.save()
    news = _html(client.get("/es/news/delivered/"))
    assert "Cartas entregadas" in news and "untranslated-note" not in news
    page = _html(client.get("/es/petitions/keep-jobs/"))
    assert "Mantengan los empleos aquí" in page and "untranslated-note" not in page


@pytest.mark.django_db
def test_each_language_body_is_rendered_on_save():
    post = NewsPostFactory(body="**Bold**")
    post.body_es = "_Cursiva_"
    post.save()
    post.refresh_from_db()
    assert "<strong>Bold</strong>" in post.body_html_en
    assert "<em>Cursiva</em>" in post.body_html_es
    with translation.override("es"):
        assert "<em>Cursiva</em>" in post.body_html
    with translation.override("en"):
        assert "<strong>Bold</strong>" in post.body_html
    # The untranslated column keeps the English text, even after a save in Spanish.
    with translation.override("es"):
        post.title_es = "Título"
        post.save()
    raw = NewsPost.objects.rewrite(False).filter(pk=post.pk).values_list("body", "title")
    assert raw.get() == ("**Bold**", post.title_en)


@pytest.mark.django_db
def test_staff_write_the_spanish_version_in_the_admin(editor):
    response = editor.post(
        "/admin/campaign/page/add/",
        {
            "title_en": "About the bill",
            "title_es": "Sobre el proyecto de ley",
            "slug": "about",
            "summary_en": "",
            "summary_es": "",
            "body_en": "English text.",
            "body_es": "Texto en español.",
            "ordering": 1,
        },
    )
    assert response.status_code == 302, _html(response)[:2000]
    page = Page.objects.get()
    assert (page.title_en, page.title_es) == ("About the bill", "Sobre el proyecto de ley")
    form = _html(editor.get(f"/admin/campaign/page/{page.pk}/change/"))
    assert 'name="title_es"' in form and 'name="body_es"' in form


# The upgrade ------------------------------------------------------------------------------


def migrate_back_to(targets: list[tuple[str, str]]):
    """Migrate the test database back to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(sorted(MigrationLoader(connection).graph.leaf_nodes()))


BEFORE = [
    ("campaign", "0006_supporters_moved"),
    ("petitions", "0007_supporters_and_letters_moved"),
    ("letters", "0003_letters_across_congresses"),
    ("calls", "0001_call_campaigns"),
    ("supporters", "0002_own_table_names"),
]


@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_keeps_every_text_in_english():
    old = migrate_back_to(BEFORE)
    m = old.get_model
    m("campaign", "NewsPost").objects.create(
        title="Old post", slug="old-post", summary="Old summary", body="**Old**",
        body_html="<p><strong>Old</strong></p>",
    )  # fmt: skip
    m("campaign", "Page").objects.create(title="Old page", slug="old-page", body="Page text")
    m("petitions", "Petition").objects.create(
        title="Old petition", slug="old-petition", summary="S", body="B",
        addressed_to="Congress", thank_you_text="Thanks", share_text="Share",
    )  # fmt: skip
    m("letters", "LetterCampaign").objects.create(
        title="Old letters", slug="old-letters", intro="Intro", ask_subject="Ask",
        ask_body="Ask body", thanks_subject="Thanks", thanks_body="Thanks body",
    )  # fmt: skip
    m("calls", "CallCampaign").objects.create(
        title="Old calls", slug="old-calls", ask="Call", ask_script="Ask script",
        thanks_script="Thanks script",
    )  # fmt: skip
    m("supporters", "Supporter").objects.create(email="old@example.org")

    migrate_to_latest()

    with translation.override("es"):
        # Spanish readers see the English text (nothing written in Spanish yet).
        post = NewsPost.objects.get(slug="old-post")
        assert (post.title, post.summary, post.body) == ("Old post", "Old summary", "**Old**")
        assert post.body_html == "<p><strong>Old</strong></p>"
        assert post.title_es is None
    assert Page.objects.get(slug="old-page").body_en == "Page text"
    petition = Petition.objects.get(slug="old-petition")
    assert (petition.title_en, petition.body_en, petition.thank_you_text_en) == (
        "Old petition",
        "B",
        "Thanks",
    )
    letters = LetterCampaign.objects.get(slug="old-letters")
    assert letters.draft_for("not_cosponsor") == ("Ask", "Ask body")
    assert letters.draft_for("not_cosponsor", "es") == ("Ask", "Ask body")
    assert not letters.offers_spanish_draft
    assert CallCampaign.objects.get(slug="old-calls").ask_script_en == "Ask script"
    assert Supporter.objects.get(email="old@example.org").language == ""


# Numbers and dates --------------------------------------------------------------------------


def test_spanish_numbers_and_dates_are_written_as_us_spanish_speakers_write_them():
    from datetime import date

    from django.template import Context, Template

    template = Template(
        '{% load humanize %}{{ count|intcomma }} · {{ day|date:"DATE_FORMAT" }} · {{ share }}'
    )
    context = Context({"count": 12345, "day": date(2026, 12, 3), "share": 0.5})
    with translation.override("es"):
        assert template.render(context) == "12,345 · 3 de diciembre de 2026 · 0.5"
    with translation.override("en"):
        assert template.render(context).startswith("12,345 · Dec. 3, 2026")


@pytest.mark.django_db
def test_the_petition_counter_reads_in_spanish(client):
    from petitions import services

    petition = PetitionFactory(slug="keep-jobs", goal=2000)
    services.counter_add(petition_id=petition.pk, delta=1234)
    page = _html(client.get("/es/petitions/keep-jobs/"))
    assert "<strong data-petition-count>1,234</strong>" in page
    assert "2,000" in page


# Events -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_event_reads_in_spanish_once_staff_write_it(client):
    from tests.campaign.factories import EventFactory

    event = EventFactory(slug="week", title="Week of action", summary="Locals act.")
    untranslated = _html(client.get("/es/events/week/"))
    assert "untranslated-note" in untranslated
    assert '<h1 id="event-title" lang="en">Week of action</h1>' in untranslated
    # The form around it is Spanish either way.
    assert "Inscribe a tu local sindical" in untranslated
    event.title_es, event.summary_es = "Semana de acción", "Los locales actúan."
    event.description_es = "Traigan a sus **miembros**."
    event.save()
    spanish = _html(client.get("/es/events/week/"))
    assert "Semana de acción" in spanish and "<strong>miembros</strong>" in spanish
    assert "untranslated-note" not in spanish
    assert '<h1 id="event-title">Semana de acción</h1>' in spanish
    english = _html(client.get("/events/week/"))
    assert "Week of action" in english and "Semana" not in english
    event.refresh_from_db()
    assert event.title_en == "Week of action"


@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_keeps_its_events_text_in_english():
    before = [("campaign", "0008_banner_in_spanish")]
    old = migrate_back_to(before)
    from datetime import datetime

    old.get_model("campaign", "Event").objects.create(
        title="Old week", slug="old-week", summary="Old summary", description="Old text",
        location="Union hall", starts_at=datetime(2027, 10, 3, tzinfo=UTC),
        ends_at=datetime(2027, 10, 9, tzinfo=UTC),
        registration_deadline=datetime(2027, 9, 10, tzinfo=UTC),
    )  # fmt: skip

    migrate_to_latest()

    from campaign.models import Event

    event = Event.objects.get(slug="old-week")
    assert (event.title_en, event.summary_en, event.description_en, event.location_en) == (
        "Old week",
        "Old summary",
        "Old text",
        "Union hall",
    )
    assert event.title_es is None
    with translation.override("es"):
        assert Event.objects.get(slug="old-week").title == "Old week"


@pytest.mark.django_db
def test_event_dates_are_written_the_spanish_way_under_es(client, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.campaign.factories import EventFactory

    eastern = ZoneInfo("America/New_York")
    settings.TIME_ZONE = "America/New_York"
    EventFactory(
        slug="week",
        starts_at=datetime(2027, 10, 3, 0, 0, tzinfo=eastern),
        ends_at=datetime(2027, 10, 9, 23, 59, tzinfo=eastern),
        registration_deadline=datetime(2027, 9, 10, 17, 0, tzinfo=eastern),
    )
    spanish = _html(client.get("/es/events/week/"))
    assert "domingo 3 de octubre de 2027" in spanish
    assert "sábado 9 de octubre de 2027" in spanish
    assert "viernes 10 de septiembre de 2027, 5:00 PM EDT" in spanish
    assert "hasta el 10 de septiembre" in _html(client.get("/es/events/"))
    english = _html(client.get("/events/week/"))
    assert "Sunday, October 3, 2027" in english
    assert "Friday, September 10, 2027, 5:00 PM EDT" in english


# Topics -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_topics_read_in_spanish_on_spanish_news(client):
    from tests.campaign.factories import TopicFactory

    topic = TopicFactory(slug="jobs", name="Jobs")
    post = NewsPostFactory(slug="jobs-post", title="Jobs", title_es="Empleos aquí")
    post.topics.set([topic])
    assert ">Jobs</a>" in _html(client.get("/es/news/jobs-post/"))
    topic.name_es = "Empleos"
    topic.save()
    assert ">Empleos</a>" in _html(client.get("/es/news/jobs-post/"))
    assert ">Jobs</a>" in _html(client.get("/news/jobs-post/"))
    topic.refresh_from_db()
    assert topic.name_en == "Jobs"


@pytest.mark.django_db
def test_editors_add_topics_without_spanish_names(editor):
    from campaign.models import Topic

    for name in ("Jobs", "Congress"):
        response = editor.post(
            "/admin/campaign/topic/add/",
            {"name_en": name, "name_es": "", "slug": name.lower(), "description_en": ""},
        )
        assert response.status_code == 302, _html(response)[:1500]
    assert list(Topic.objects.order_by("slug").values_list("name_en", "name_es")) == [
        ("Congress", None),
        ("Jobs", None),
    ]


@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_keeps_its_topics_names():
    before = [("campaign", "0009_event_in_spanish")]
    old = migrate_back_to(before)
    old.get_model("campaign", "Topic").objects.create(name="Jobs", slug="jobs", description="D")
    old.get_model("campaign", "Topic").objects.create(name="Congress", slug="congress")

    migrate_to_latest()

    from campaign.models import Topic

    rows = Topic.objects.order_by("slug").values_list("name_en", "description_en", "name_es")
    assert list(rows) == [("Congress", "", None), ("Jobs", "D", None)]

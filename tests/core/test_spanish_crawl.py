"""Every public page under /es/ is Spanish: a crawl from /es/ that follows every link, plus
the pages only a form leads to, finds no English sentence of ours (tests/spanish.py) and no
link from a Spanish page to an English one.

Needs the Spanish catalogue (locale/es/LC_MESSAGES/django.po, compiled): it fails, saying
so, until that is merged and compiled.
"""

import html
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from campaign.models import NewsStatus
from tests.calls.factories import CallCampaignFactory
from tests.campaign.factories import EventFactory, NewsPostFactory, PageFactory, TopicFactory
from tests.legislators.factories import BillFactory, CosponsorshipFactory, build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory
from tests.spanish import CATALOGUE, MISSING, english_left

pytestmark = pytest.mark.django_db

# Addresses outside the pages: files, machines' feeds and the switch itself.
NOT_PAGES = ("/static/", "/media/", "/i18n/", "/favicon.ico", "/anymail/", "/healthz")
MAX_PAGES = 400


@pytest.fixture
def site(db):
    members = build_congress()
    bill = BillFactory(number=2495, title="Keep Call Centers in America Act", is_current=True)
    bill.sponsor = members["oh_senior"]
    bill.save()
    CosponsorshipFactory(bill=bill, legislator=members["oh_03"])
    topic = TopicFactory(slug="congress", name="Congress")
    for factory, extra in (
        (NewsPostFactory, {"slug": "delivered", "status": NewsStatus.PUBLISHED}),
        (PageFactory, {"slug": "about-the-bill", "show_in_navigation": True}),
    ):
        obj = factory(**extra)
        obj.title_es, obj.summary_es, obj.body_es = "Título", "Resumen.", "Texto en español."
        obj.save()
        if factory is NewsPostFactory:
            obj.topics.add(topic)
    petition = PetitionFactory(slug="keep-jobs", bill=bill)
    petition.title_es, petition.summary_es, petition.body_es = "Petición", "Resumen.", "Texto."
    petition.save()
    now = timezone.now()
    EventFactory(
        slug="week-of-action",
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=37),
        registration_deadline=now + timedelta(days=20),
    )
    LetterCampaignFactory(title_es="Escribe al Congreso", intro_es="Dos minutos.")
    CallCampaignFactory(title_es="Llama al Congreso", ask_es="Llama hoy.")
    return members


def _links(page: str) -> set[str]:
    # Links a reader follows and forms they send; <link rel="alternate"> names the English
    # page on purpose.
    hrefs = re.findall(r'<a\s[^>]*?href="([^"]+)"', page)
    actions = re.findall(r'<form\s[^>]*?action="([^"]+)"', page)
    return {urldefrag(html.unescape(href))[0] for href in hrefs + actions}


def _internal(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != settings.SITE_URL:
        return None
    if parts.scheme in ("mailto", "tel"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") else None


def _form_pages(client, members) -> dict[str, str]:
    """Pages only a form or a query leads to, rendered in Spanish."""
    pages = {}
    pages["/es/write/?zip=45202"] = client.get("/es/write/", {"zip": "45202"})
    details = {
        "step": "details",
        "first_name": "Lucía",
        "last_name": "Reyes",
        "email": "lucia@example.com",
        "street": "1 Main St",
        "street_2": "",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
        "phone": "",
    }
    pages["/es/write/ (letters)"] = client.post("/es/write/", details)
    pages["/es/write/ (errors)"] = client.post("/es/write/", details | {"email": "nope"})
    pages["/es/write/?zip=1"] = client.get("/es/write/", {"zip": "1"})
    pages["/es/call/?zip=45202"] = client.get("/es/call/", {"zip": "45202"})
    pages["/es/find-your-lawmakers/?zip=43215"] = client.get(
        "/es/find-your-lawmakers/", {"zip": "43215"}
    )
    pages["/es/petitions/keep-jobs/ (errors)"] = client.post(
        "/es/petitions/keep-jobs/", {"email": "nope", "website": ""}
    )
    pages["/es/join/ (errors)"] = client.post("/es/join/", {"website": ""})
    pages["/es/no-such-page/"] = client.get("/es/no-such-page/")
    return {name: response.content.decode() for name, response in pages.items()}


def test_every_spanish_page_is_in_spanish(client, site):
    if not CATALOGUE.exists() or not Path(CATALOGUE).with_suffix(".mo").exists():
        pytest.fail(MISSING + " Then compile it: scripts/compile-messages.")
    seen: dict[str, str] = {}
    english_links: dict[str, set[str]] = {}
    queue = ["/es/"]
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        page = response.content.decode()
        seen[path] = page
        for href in _links(page):
            target = _internal(href)
            if target is None or target.startswith(NOT_PAGES) or "/feed/" in target:
                continue
            if target.startswith("/es/") or target == "/es":
                queue.append(target)
            elif not target.startswith(f"/{settings.ADMIN_URL}"):
                english_links.setdefault(path, set()).add(target)
    seen |= _form_pages(client, site)

    crawled = [path for path, page in seen.items() if page]
    assert len(crawled) > 20, crawled  # the crawl reached the site, not one page
    not_spanish = [path for path, page in seen.items() if page and '<html lang="es"' not in page]
    left = {path: english_left(page) for path, page in seen.items() if page}
    left = {path: runs for path, runs in left.items() if runs}
    assert not_spanish == []
    assert english_links == {}, "Spanish pages link to English ones"
    assert left == {}, "English sentences of ours on Spanish pages"


def test_the_crawl_would_notice_english(site, client):
    # The checker itself: an English page of ours is caught (fails only without catalogue).
    if not CATALOGUE.exists():
        pytest.fail(MISSING)
    assert english_left(client.get("/write/").content.decode())


# Frozen so the event above stays upcoming whatever day the suite runs.
@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2027, 8, 2, 16, 0, tzinfo=UTC), tick=False)

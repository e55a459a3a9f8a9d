"""The main pages are valid HTML by the Nu HTML checker (vnu.jar from the npm package
vnu-jar, run with Java 17; .ci/run installs both)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.campaign.factories import EventFactory, NewsPostFactory, PageFactory, SiteBannerFactory
from tests.legislators.factories import build_congress
from tests.letters.factories import LetterCampaignFactory
from tests.petitions.factories import PetitionFactory, ZipDistrictFactory

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("VNU_JAR", settings.BASE_DIR / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def _checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-jar", str(VNU_JAR)]
    reason = f"Nu HTML checker missing: need java and {VNU_JAR} (npm install vnu-jar)"
    if os.environ.get("CI"):
        pytest.fail(reason)  # CI installs both; a skip there would hide broken markup
    pytest.skip(reason)


def _pages(client) -> dict[str, str]:
    members = build_congress()
    for member in members.values():
        member.delivery_email = f"office-{member.bioguide_id.lower()}@example.org"
        member.save()
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    SiteBannerFactory(message="Week of action", link_url="/news/", link_text="Read more")
    petition = PetitionFactory(slug="keep-jobs", body="Intro.\n\n- one\n- two")
    event = EventFactory(slug="week-of-action")
    post = NewsPostFactory(slug="big-news")
    page = PageFactory(slug="about-the-bill")
    campaign = LetterCampaignFactory(supporters_may_edit=True)
    urls = {
        "home": "/",
        "petitions": "/petitions/",
        "petition": petition.get_absolute_url(),
        "write": "/write/",
        "find": "/find-your-lawmakers/",
        "find-results": "/find-your-lawmakers/?zip=45202",
        "lawmakers": "/lawmakers/",
        "lawmaker": members["oh_senior"].get_absolute_url(),
        "scorecard": "/scorecard/",
        "events": "/events/",
        "event": event.get_absolute_url(),
        "news": "/news/",
        "post": post.get_absolute_url(),
        "page": page.get_absolute_url(),
        "join": "/join/",
        "privacy": "/privacy/",
    }
    html = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html[name] = response.content.decode()
    html["write-details"] = client.get("/write/", {"zip": "45202"}).content.decode()
    details = {
        "step": "details",
        "campaign": campaign.slug,
        "first_name": "Alex",
        "last_name": "Rivera",
        "email": "alex@example.com",
        "street": "1 Main St",
        "city": "Cincinnati",
        "state": "OH",
        "zip_code": "45202",
    }
    html["write-letters"] = client.post("/write/", details).content.decode()
    client.post(
        petition.get_absolute_url(),
        {
            "first_name": "Ana",
            "last_name": "Rivera",
            "email": "ana@example.com",
            "zip_code": "43215",
            "country": "US",
        },
    )
    html["petition-thanks"] = client.get(f"{petition.get_absolute_url()}thanks/").content.decode()
    return html


def test_main_pages_have_no_html_errors_or_warnings(client, tmp_path):
    checker = _checker()
    for name, text in _pages(client).items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")

    result = subprocess.run(
        [*checker, "--format", "json", "--exit-zero-always", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )

    messages = json.loads(result.stderr)["messages"]
    findings = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert findings == [], "\n".join(findings)
    assert len({m.get("url") for m in messages}) <= len(list(tmp_path.iterdir()))

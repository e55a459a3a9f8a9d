"""January 3, 2027: a supporter whose letter was stopped follows the notice to the new member."""

import datetime
import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.utils import translation

from legislators.models import Legislator, Stance
from letters.models import LetterStatus
from letters.services import Constituent, LetterDraft, submission_create
from tests.e2e.axe import assert_accessible
from tests.legislators.factories import ZipDistrictFactory
from tests.letters.factories import LetterCampaignFactory

ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"
EASTERN = ZoneInfo("America/New_York")


def import_roster(name: str) -> None:
    call_command(
        "import_legislators",
        "--file", str(ROSTERS / name),
        "--social-file", str(ROSTERS / "social_empty.yaml"),
        "--min-members", "1",
        stdout=StringIO(),
    )  # fmt: skip


def test_from_the_stopped_letter_notice_to_the_new_senator(
    page, live_server, time_machine, mailoutbox, run_tasks, settings
):
    settings.SITE_URL = "https://pressone.example.org"
    # Ohio keeps its map in this story, so the link leads straight to the lawmakers (a state
    # that redrew would ask for the street first; tests/legislators cover that).
    settings.CHANGED_MAP_STATES = ["FL"]
    time_machine.move_to(datetime.datetime(2026, 12, 3, 9, tzinfo=EASTERN), tick=True)
    import_roster("roster_119.yaml")
    Legislator.objects.update(delivery_email="office@example.org")
    ZipDistrictFactory(zcta="43215", state="OH", state_fips="39", district=3)
    outgoing = Legislator.objects.get(last_name="Outgoing")
    campaign = LetterCampaignFactory()
    with translation.override("en"):
        submission, _created = submission_create(
            campaign=campaign,
            constituent=Constituent(
                email="lucia.reyes@example.com", first_name="Lucía", last_name="Reyes",
                street="12 High St", city="Columbus", state="OH", zip_code="43215",
            ),
            drafts=[
                LetterDraft(
                    legislator=outgoing, stance=Stance.NOT_COSPONSOR, subject="Please",
                    text="Dear Senator Outgoing,\n\nPlease cosponsor the bill.",
                )
            ],
        )  # fmt: skip
    # The worker is down until the new roster is imported, hours after noon.
    time_machine.move_to(datetime.datetime(2027, 1, 3, 17, tzinfo=EASTERN), tick=True)
    import_roster("roster_120.yaml")
    run_tasks()

    assert submission.letters.get().status == LetterStatus.STOPPED
    [notice] = [m for m in mailoutbox if "left office" in m.subject]
    assert "The seat is now held by Sen. Edna Climber." in notice.body
    link = re.search(r"https://pressone\.example\.org(/write/\S+)", notice.body).group(1)
    assert urlsplit(link).query.startswith("zip=43215")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    body = page.locator("main").inner_text()
    assert "Edna Climber" in body
    assert "Bert Outgoing" not in body
    assert page.get_by_label("Email").is_visible()
    assert_accessible(page)

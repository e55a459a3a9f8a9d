"""A new Congress's roster: what changed, who left (kept, not deleted), who still serves."""

import datetime
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from legislators.models import Legislator, RosterImport
from legislators.signals import members_departed

ROSTERS = Path(__file__).resolve().parents[1] / "data" / "rosters"
EASTERN = ZoneInfo("America/New_York")
# The 119th Congress ends, and the 120th begins, at noon Eastern on 2027-01-03.
BEFORE_NOON = datetime.datetime(2027, 1, 3, 11, 59, tzinfo=EASTERN)
AFTER_NOON = datetime.datetime(2027, 1, 3, 12, 1, tzinfo=EASTERN)


def import_roster(name: str, *extra: str) -> str:
    out = StringIO()
    call_command(
        "import_legislators",
        "--file",
        str(ROSTERS / name),
        "--social-file",
        str(ROSTERS / "social_empty.yaml"),
        "--min-members",
        "1",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def serving_ids(at: datetime.datetime | None = None) -> set[str]:
    return set(Legislator.objects.serving(at).values_list("bioguide_id", flat=True))


def table_state() -> list[tuple]:
    return list(Legislator.objects.order_by("bioguide_id").values_list())


@pytest.fixture
def departures() -> Iterator[list[dict]]:
    """A stand-in for the letters app: counts three undelivered letters per departure."""
    calls: list[dict] = []

    def receiver(sender, legislators, dry_run, **kwargs) -> dict[int, int]:
        calls.append(
            {"bioguide_ids": sorted(m.bioguide_id for m in legislators), "dry_run": dry_run}
        )
        return {member.pk: 3 for member in legislators}

    members_departed.connect(receiver)
    yield calls
    members_departed.disconnect(receiver)


@pytest.fixture
def congress_119(db, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 12, 3, 9, tzinfo=EASTERN), tick=False)
    import_roster("roster_119.yaml")


@pytest.mark.django_db
def test_new_congress_import_reports_every_change(congress_119, time_machine, departures) -> None:
    time_machine.move_to(AFTER_NOON + datetime.timedelta(hours=5), tick=False)
    out = import_roster("roster_120.yaml")

    assert "Arrival: Finn Newcomer (Z800006), OH-01" in out
    assert "Departure: Bert Outgoing (Z800002), OH-S3; undelivered letters: 3" in out
    assert "Departure: Dale Leaves (Z800004), OH-15; undelivered letters: 3" in out
    assert "Seat change: Edna Climber (Z800005), OH-01 -> OH-S3" in out
    assert "Party change: Cora Stays (Z800003), Democrat -> Independent" in out
    assert "Vacant seat: OH-15" in out
    # OH-01 and OH-S3 were filled again by this very roster.
    assert "Vacant seat: OH-01" not in out and "Vacant seat: OH-S3" not in out
    assert "Nora Pending" in out and "no bioguide id" in out
    assert "1 added, 2 updated, 2 retired, 3 unchanged" in out
    assert departures == [{"bioguide_ids": ["Z800002", "Z800004"], "dry_run": False}]

    # Members who left keep their row and history, with the moment they left.
    dale = Legislator.objects.get(bioguide_id="Z800004")
    assert not dale.is_serving
    assert dale.left_office_at == AFTER_NOON + datetime.timedelta(hours=5)
    assert "Z800004" not in serving_ids()

    # The new member arrived without phone, address, contact form or social media.
    finn = Legislator.objects.get(bioguide_id="Z800006")
    assert (finn.phone, finn.office_address, finn.contact_form_url, finn.twitter) == ("",) * 4
    assert finn.is_serving

    # The import is kept for staff to read.
    record = RosterImport.objects.first()  # the newest
    assert (record.added, record.updated, record.departed) == (1, 2, 2)
    kinds = sorted(change["kind"] for change in record.changes)
    assert kinds == ["arrival", "departure", "departure", "party", "seat", "vacancy"]
    assert record.source.endswith("roster_120.yaml")
    assert any("Nora Pending" in warning for warning in record.warnings)


@pytest.mark.django_db
def test_dry_run_prints_the_same_and_changes_nothing(
    congress_119, time_machine, departures
) -> None:
    time_machine.move_to(AFTER_NOON, tick=False)
    before = table_state()
    imports_before = RosterImport.objects.count()

    out = import_roster("roster_120.yaml", "--dry-run")

    assert "Dry run, nothing was changed" in out
    assert "Departure: Dale Leaves (Z800004), OH-15; undelivered letters: 3" in out
    assert "Vacant seat: OH-15" in out
    assert departures[0]["dry_run"] is True
    assert table_state() == before
    assert RosterImport.objects.count() == imports_before

    # The real import then reports exactly what the preview said.
    real = import_roster("roster_120.yaml")
    assert real.splitlines()[:-1] == out.splitlines()[:-1]


@pytest.mark.django_db
def test_reimporting_the_same_roster_reports_no_changes(congress_119, time_machine) -> None:
    time_machine.move_to(AFTER_NOON, tick=False)
    import_roster("roster_120.yaml")
    out = import_roster("roster_120.yaml")
    assert "Arrival" not in out and "Departure" not in out and "Vacant" not in out
    assert "0 added, 0 updated, 0 retired, 6 unchanged" in out
    assert RosterImport.objects.first().changes == []


@pytest.mark.django_db
def test_terms_end_at_noon_eastern_on_the_end_date(congress_119, time_machine) -> None:
    # The 119th roster is still the last import: before noon its House members serve...
    assert {"Z800003", "Z800004", "Z800005"} <= serving_ids(BEFORE_NOON)
    # ...from noon their terms have ended, until an import seats them again.
    after = serving_ids(AFTER_NOON)
    assert not {"Z800002", "Z800003", "Z800004", "Z800005"} & after
    assert {"Z800001", "Z800008"} <= after
    # Without a moment, the last roster still answers.
    assert "Z800004" in serving_ids()

    time_machine.move_to(AFTER_NOON, tick=False)
    import_roster("roster_120.yaml")
    after = serving_ids(AFTER_NOON)
    assert {"Z800003", "Z800005", "Z800006"} <= after
    assert "Z800004" not in after and "Z800002" not in after
    # The new members' terms begin at noon, not before.
    assert "Z800006" not in serving_ids(BEFORE_NOON)


@pytest.mark.django_db
def test_appointed_senator_serves_past_end_until_a_successor_appears(
    congress_119, time_machine, departures
) -> None:
    time_machine.move_to(AFTER_NOON, tick=False)
    import_roster("roster_120.yaml")
    appointee = Legislator.objects.get(bioguide_id="Z800007")
    assert appointee.is_appointed and appointee.term_end == datetime.date(2026, 11, 3)
    # Two months past the listed `end`, still in the seat.
    assert "Z800007" in serving_ids(AFTER_NOON)

    # The roster lists the elected successor in the same seat (FL, class 3), the
    # appointee not yet removed: the appointee leaves, and the seat is not vacant.
    out = import_roster("roster_120_successor.yaml")
    assert "Arrival: Ivy Elected (Z800009), FL-S3" in out
    assert "Departure: Gale Appointee (Z800007), FL-S3" in out
    assert "Vacant seat" not in out
    assert "Z800007" not in serving_ids(AFTER_NOON)
    assert "Z800009" in serving_ids(AFTER_NOON)
    assert departures[-1]["bioguide_ids"] == ["Z800007"]


@pytest.mark.django_db
def test_a_member_who_returns_is_an_arrival_again(congress_119, time_machine) -> None:
    time_machine.move_to(AFTER_NOON, tick=False)
    import_roster("roster_120.yaml")
    out = import_roster("roster_119.yaml")
    assert "Arrival: Dale Leaves (Z800004), OH-15" in out
    dale = Legislator.objects.get(bioguide_id="Z800004")
    assert dale.is_serving and dale.left_office_at is None


@pytest.mark.django_db
def test_a_receiver_that_fails_leaves_the_database_untouched(congress_119, time_machine) -> None:
    def broken(sender, **kwargs) -> None:
        raise RuntimeError("letters could not be held")

    members_departed.connect(broken)
    before = table_state()
    try:
        with pytest.raises(RuntimeError):
            import_roster("roster_120.yaml")
    finally:
        members_departed.disconnect(broken)
    assert table_state() == before
    assert RosterImport.objects.count() == 1  # the 119th's, from the fixture


@pytest.mark.django_db
def test_roster_import_is_shown_read_only_to_organizers(congress_119, organizer) -> None:
    import_roster("roster_120.yaml")
    record = RosterImport.objects.first()

    listing = organizer.get("/admin/legislators/rosterimport/")
    assert listing.status_code == 200
    page = organizer.get(f"/admin/legislators/rosterimport/{record.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dale Leaves" in html and "undelivered letters" in html and "OH-15" in html
    assert 'name="_save"' not in html
    assert organizer.get("/admin/legislators/rosterimport/add/").status_code == 403
    response = organizer.post(
        f"/admin/legislators/rosterimport/{record.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert RosterImport.objects.filter(pk=record.pk).exists()


@pytest.mark.django_db
def test_editors_cannot_see_roster_imports(congress_119, editor) -> None:
    assert editor.get("/admin/legislators/rosterimport/").status_code == 403


@pytest.mark.django_db
def test_member_pages_of_departed_and_appointed_members(congress_119, time_machine, client):
    time_machine.move_to(AFTER_NOON, tick=False)
    import_roster("roster_120.yaml")

    page = client.get(reverse("legislators:detail", args=["Z800004"])).content.decode()
    assert "No longer serving in Congress (left by Jan. 3, 2027)" in page
    assert "Last term:" in page and "Current term:" not in page

    page = client.get(reverse("legislators:detail", args=["Z800007"])).content.decode()
    assert "Appointed to the seat" in page and "No longer serving" not in page

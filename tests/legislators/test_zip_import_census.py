"""import_zip_districts per Congress: zccd.csv and the Census relationship file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from legislators.models import ZipDistrict
from tests.legislators.factories import ZipDistrictFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "tab20_cd12020_zcta520_sample.txt"
SAMPLE_TEXT = SAMPLE.read_bytes().decode("utf-8")  # keeps its CRLF line ends


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_zip_districts", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def fails(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_zip_districts", *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def rows(congress: int) -> list[tuple[str, str, int]]:
    return sorted(
        ZipDistrict.objects.filter(congress=congress).values_list("zcta", "state", "district")
    )


def write(tmp_path: Path, text: str, name: str = "cd120.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def congress_119() -> None:
    """The 119th Congress's rows for Ohio, Alaska and DC, already loaded."""
    for zcta, state, district in [
        ("43215", "OH", 3),
        ("43215", "OH", 15),
        ("45202", "OH", 1),
        ("99501", "AK", 0),
        ("20001", "DC", 0),
    ]:
        ZipDistrictFactory(congress=119, zcta=zcta, state=state, district=district)


def test_census_file_loads_the_congress_it_names_for_the_states_it_covers(
    congress_119: None,
) -> None:
    out = run("--file", str(SAMPLE), "--min-rows", "1")
    assert "120th Congress: loaded 6 rows for 2 states (DC, OH)" in out
    assert rows(120) == [
        ("20001", "DC", 0),  # the delegate's 98 is stored as 0
        ("43215", "OH", 3),
        ("44140", "OH", 7),  # the ZZ water piece is skipped
        ("45202", "OH", 1),  # the river strip with no land is not a second district
        ("45406", "OH", 1),
        ("45406", "OH", 10),
    ]
    assert "skipped 3 lines" in out  # empty ZCTA, ZZ, no-land piece
    # The 119th Congress's rows stay, for history and for the states the file lacks.
    assert len(rows(119)) == 5


def test_census_file_is_idempotent(congress_119: None) -> None:
    run("--file", str(SAMPLE), "--min-rows", "1")
    assert "already matches" in run("--file", str(SAMPLE), "--min-rows", "1", "--congress", "120")


def test_a_later_file_replaces_only_its_own_states(tmp_path: Path) -> None:
    run("--file", str(SAMPLE), "--min-rows", "1")
    ohio_only = "\n".join(line for line in SAMPLE_TEXT.splitlines() if "|1198|" not in line)
    ohio_only = ohio_only.replace("|3910|", "|3911|")
    run("--file", write(tmp_path, ohio_only), "--min-rows", "1")
    assert ("45406", "OH", 11) in rows(120)
    assert ("45406", "OH", 10) not in rows(120)
    assert ("20001", "DC", 0) in rows(120)  # DC was not in the second file


def test_zccd_file_needs_its_congress(tmp_path: Path) -> None:
    path = write(tmp_path, "state_fips,state_abbr,zcta,cd\n39,OH,43215,3\n", "zccd.csv")
    assert "--congress" in fails("--file", path, "--min-rows", "1")
    run("--file", path, "--min-rows", "1", "--congress", "120")
    assert rows(120) == [("43215", "OH", 3)]


def test_default_is_the_shipped_119th_snapshot() -> None:
    out = run()
    assert "119th Congress: loaded 42,033 rows" in out
    assert ZipDistrict.objects.filter(congress=119).count() == 42_033
    assert not ZipDistrict.objects.exclude(congress=119).exists()


def replace_line(index: int, old: str, new: str) -> str:
    lines = SAMPLE_TEXT.split("\r\n")
    lines[index] = lines[index].replace(old, new)
    return "\r\n".join(lines)


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        (SAMPLE_TEXT, ["--congress", "119"], "not the 119th"),
        (SAMPLE_TEXT, [], "at least 30000 were expected"),
        (SAMPLE_TEXT.replace("GEOID_CD120_20", "GEOID_CD_20"), [], "GEOID_CD<congress>_20"),
        (SAMPLE_TEXT.replace("AREALAND_PART", "LAND"), [], "AREALAND_PART is missing"),
        (replace_line(1, "|3903|", "|9903|"), [], "'99' is not a state FIPS code"),
        (replace_line(1, "|3903|", "|39x3|"), [], "is not a district GEOID"),
        (replace_line(1, "|43215|", "|4321|"), [], "not a 5-digit ZIP code"),
        (replace_line(1, "|29871320|621234", "|29871320"), [], "expected 17 values"),
        (SAMPLE_TEXT + SAMPLE_TEXT.split("\r\n")[1] + "\r\n", [], "repeats an earlier line"),
        ("\ufeffGEOID_ZCTA5_20|AREALAND_PART\r\n", [], "no single district column"),
    ],
    ids=[
        "wrong-congress",
        "truncated",
        "no-district-column",
        "no-land-column",
        "bad-fips",
        "bad-geoid",
        "bad-zcta",
        "short-row",
        "duplicate",
        "header-only",
    ],
)
def test_bad_census_file_changes_nothing_and_says_why(
    tmp_path: Path, congress_119: None, text: str, args: list[str], message: str
) -> None:
    min_rows = [] if message.startswith("at least") else ["--min-rows", "1"]
    before = rows(119) + rows(120)
    err = fails("--file", write(tmp_path, text), *min_rows, *args)
    assert message in err
    assert rows(119) + rows(120) == before


def test_rows_are_unique_per_congress(congress_119: None) -> None:
    # The same ZIP and seat may exist under two Congresses, never twice under one.
    ZipDistrictFactory(congress=120, zcta="43215", state="OH", district=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ZipDistrict.objects.create(
            congress=120, zcta="43215", state="OH", state_fips="39", district=3
        )

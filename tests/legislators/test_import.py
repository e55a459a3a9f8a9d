"""import_legislators and import_zip_districts: idempotent, atomic, honest about bad input."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from legislators.models import Chamber, Legislator, ZipDistrict

DATA = Path(__file__).resolve().parents[2] / "legislators" / "data"
SNAPSHOT = (DATA / "legislators-current.yaml").read_text(encoding="utf-8")
SOCIAL = (DATA / "legislators-social-media.yaml").read_text(encoding="utf-8")


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def members_blocks() -> list[str]:
    """The snapshot split into one YAML list item per member."""
    head, *rest = SNAPSHOT.split("\n- id:")
    return [head, *("- id:" + block for block in rest)]


def snapshot_without(bioguide: str) -> str:
    return "\n".join(block for block in members_blocks() if f"bioguide: {bioguide}\n" not in block)


def table_state() -> list[tuple]:
    return list(Legislator.objects.order_by("bioguide_id").values_list())


@pytest.mark.django_db
def test_snapshot_import_loads_every_member_and_is_idempotent() -> None:
    out, _ = run("import_legislators")
    assert "537 added, 0 updated, 0 retired" in out
    assert Legislator.objects.serving().count() == 537
    assert Legislator.objects.senators().count() == 100

    norton = Legislator.objects.get(bioguide_id="N000147")
    assert (norton.state, norton.chamber, norton.district, norton.is_voting) == (
        "DC",
        Chamber.HOUSE,
        0,
        False,
    )
    assert Legislator.objects.get(state="PR").title == "Res. Comm."
    assert Legislator.objects.get(state="AK", chamber=Chamber.HOUSE).is_voting
    cantwell = Legislator.objects.get(bioguide_id="C000127")
    assert cantwell.senate_class == 1
    assert cantwell.state_rank == "junior"
    assert cantwell.phone == "202-224-3441"
    assert cantwell.contact_form_url.startswith("https://www.cantwell.senate.gov/")
    young = Legislator.objects.get(bioguide_id="Y000064")
    assert (young.twitter, young.instagram) == ("SenToddYoung", "sentoddyoung")

    before = table_state()
    out, _ = run("import_legislators")
    assert "0 added, 0 updated, 0 retired, 537 unchanged" in out
    # Only the import timestamp moves on a re-run.
    assert [row[:-4] for row in table_state()] == [row[:-4] for row in before]


@pytest.mark.django_db
def test_malformed_optional_link_is_dropped_with_a_warning() -> None:
    out, _ = run("import_legislators")
    assert "F000484" in out and "contact_form_url" in out
    assert Legislator.objects.get(bioguide_id="F000484").contact_form_url == ""


@pytest.mark.django_db
def test_import_never_touches_staff_fields_and_updates_changed_members(tmp_path: Path) -> None:
    run("import_legislators")
    Legislator.objects.filter(bioguide_id="C000127").update(
        delivery_email="letters@cantwell.example", staff_notes="Met in March."
    )
    changed = SNAPSHOT.replace("phone: 202-224-3441\n- id:", "phone: 202-224-9999\n- id:", 1)
    assert changed != SNAPSHOT

    out, _ = run("import_legislators", "--file", write(tmp_path, "m.yaml", changed))

    assert "0 added, 1 updated, 0 retired, 536 unchanged" in out
    cantwell = Legislator.objects.get(bioguide_id="C000127")
    assert cantwell.phone == "202-224-9999"
    assert cantwell.delivery_email == "letters@cantwell.example"
    assert cantwell.staff_notes == "Met in March."


@pytest.mark.django_db
def test_members_no_longer_listed_are_retired_not_deleted(tmp_path: Path) -> None:
    run("import_legislators")
    out, _ = run(
        "import_legislators", "--file", write(tmp_path, "m.yaml", snapshot_without("C000127"))
    )
    assert "0 added, 0 updated, 1 retired, 536 unchanged" in out
    cantwell = Legislator.objects.get(bioguide_id="C000127")
    assert not cantwell.is_serving
    assert Legislator.objects.serving().count() == 536

    # Back in the file: serving again.
    out, _ = run("import_legislators")
    assert "0 added, 1 updated, 0 retired" in out
    assert Legislator.objects.get(bioguide_id="C000127").is_serving


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SNAPSHOT[: SNAPSHOT.index("  terms:\n", len(SNAPSHOT) // 2) + 9], "has no terms"),
        ("\n".join(members_blocks()[:200]), "looks truncated"),  # cut between records
        ("- id: [unclosed\n", "not valid YAML at line"),
        ("just a string", "should be a list"),
        (SNAPSHOT.replace("state: DC", "state: XX"), "unknown state 'XX'"),
        (SNAPSHOT.replace("  name:\n    first: Maria\n", "  name:\n", 1), "missing 'first'"),
        (SNAPSHOT.replace("bioguide: K000367", "bioguide: C000127", 1), "listed twice"),
    ],
    ids=[
        "cut-mid-record",
        "cut-between-records",
        "bad-yaml",
        "not-a-list",
        "bad-state",
        "no-name",
        "duplicate",
    ],
)
def test_bad_members_file_changes_nothing_and_says_why(
    tmp_path: Path, text: str, message: str
) -> None:
    baseline = "\n".join(members_blocks()[:4])
    run("import_legislators", "--file", write(tmp_path, "ok.yaml", baseline), "--min-members", "1")
    Legislator.objects.filter(bioguide_id="C000127").update(delivery_email="x@example.org")
    before = table_state()

    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command(
            "import_legislators",
            "--file",
            write(tmp_path, "bad.yaml", text),
            stdout=StringIO(),
            stderr=err,
        )

    assert message in err.getvalue()
    assert table_state() == before


@pytest.mark.django_db
def test_missing_file_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_legislators", "--file", "/nonexistent/members.yaml")


@pytest.mark.django_db
def test_import_from_url_fetches_members_and_social_media(http) -> None:
    one_member = members_blocks()[0] + "\n"
    http.get("https://example.org/cl/legislators-current.yaml", body=one_member)
    http.get(
        "https://example.org/cl/legislators-social-media.yaml",
        body="- id:\n    bioguide: C000127\n  social:\n    twitter: SenatorCantwell\n",
    )
    out, _ = run(
        "import_legislators",
        "--url",
        "https://example.org/cl/legislators-current.yaml",
        "--min-members",
        "1",
    )
    assert "1 added" in out
    assert Legislator.objects.get().twitter == "SenatorCantwell"


@pytest.mark.django_db
def test_import_from_url_reports_http_errors(http) -> None:
    http.get("https://example.org/cl/legislators-current.yaml", status=503)
    with pytest.raises(CommandError, match="HTTP 503"):
        run("import_legislators", "--url", "https://example.org/cl/legislators-current.yaml")
    assert not Legislator.objects.exists()


ZIP_CSV = "state_fips,state_abbr,zcta,cd\n39,OH,43215,3\n39,OH,43215,15\n02,AK,99501,0\n"


@pytest.mark.django_db
def test_zip_import_replaces_the_table_and_skips_when_unchanged(tmp_path: Path) -> None:
    ZipDistrict.objects.create(zcta="10001", state="NY", state_fips="36", district=12)
    path = write(tmp_path, "z.csv", ZIP_CSV)

    out, _ = run("import_zip_districts", "--file", path, "--congress", "119", "--min-rows", "1")
    assert "loaded 3 rows" in out
    # The file covers Ohio and Alaska: New York's rows are not its business.
    assert sorted(ZipDistrict.objects.values_list("zcta", "state", "district")) == [
        ("10001", "NY", 12),
        ("43215", "OH", 3),
        ("43215", "OH", 15),
        ("99501", "AK", 0),
    ]

    out, _ = run("import_zip_districts", "--file", path, "--congress", "119", "--min-rows", "1")
    assert "already matches" in out


@pytest.mark.django_db
def test_zip_snapshot_import_loads_every_row_with_progress() -> None:
    out, _ = run("import_zip_districts")
    assert ZipDistrict.objects.count() == 42_033
    assert "42,033 / 42,033 rows" in out
    assert ZipDistrict.objects.filter(zcta="20001", state="DC", district=0).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ZIP_CSV + "39,OH,432", "expected 4 values"),
        (ZIP_CSV + "39,OH,4321,3\n", "not a 5-digit ZIP"),
        ("zip,district\n43215,3\n", "header"),
        (ZIP_CSV + "39,TX,75001,3\n", "disagree"),
        (ZIP_CSV + "39,OH,43216,three\n", "not a district number"),
        (ZIP_CSV + "39,OH,43215,3\n", "repeats"),
        ("", "header"),
    ],
    ids=[
        "truncated",
        "short-row",
        "bad-header",
        "fips-mismatch",
        "bad-district",
        "duplicate",
        "empty",
    ],
)
def test_bad_zip_file_changes_nothing(tmp_path: Path, text: str, message: str) -> None:
    ZipDistrict.objects.create(zcta="10001", state="NY", state_fips="36", district=12)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command(
            "import_zip_districts",
            "--file",
            write(tmp_path, "bad.csv", text),
            "--congress",
            "119",
            "--min-rows",
            "1",
            stdout=StringIO(),
            stderr=err,
        )
    assert message in err.getvalue()
    assert list(ZipDistrict.objects.values_list("zcta", flat=True)) == ["10001"]


@pytest.mark.django_db
def test_zip_file_much_shorter_than_the_real_one_is_refused(tmp_path: Path) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_zip_districts",
            "--file",
            write(tmp_path, "z.csv", ZIP_CSV),
            "--congress",
            "119",
            stderr=err,
            stdout=StringIO(),
        )
    assert "looks truncated" in err.getvalue()
    assert not ZipDistrict.objects.exists()

"""The organizers' whip board: who may see it, what it shows, updates, CSV, query count."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from legislators.models import Chamber
from tests.legislators.factories import (
    BillFactory,
    CosponsorshipFactory,
    RepresentativeFactory,
    SenatorFactory,
)
from tests.letters.factories import LetterFactory, LetterSubmissionFactory
from whip.models import WhipStatus, WhipStatusChange
from whip.services import whip_status_update

BOARD = "/staff/whip/"
STATES = ["AZ", "ME", "MO", "OH", "PA", "TX", "WI", "WV"]


@pytest.fixture
def bills(db):
    house = BillFactory(bill_type="hr", number=4954, title="Keep Call Centers in America Act")
    senate = BillFactory(
        bill_type="s",
        number=2495,
        title="Keep Call Centers in America Act",
        companion=house,
        is_current=True,
    )
    house.companion = senate
    house.save()
    return senate, house


def member_url(bill, member) -> str:
    return reverse("whip:member", args=[bill.key, member.bioguide_id])


def test_url_names_match_the_agreed_paths():
    assert reverse("whip:board") == BOARD


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(anonymous, bills):
    senate, _house = bills
    senator = SenatorFactory()
    for url in (BOARD, f"{BOARD}export.csv", member_url(senate, senator)):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert anonymous.post(member_url(senate, senator), {"status": "opposed"}).status_code == 302
    assert not WhipStatus.objects.exists()


def test_editors_cannot_see_the_board_or_notes(editor, bills):
    senate, _house = bills
    senator = SenatorFactory()
    whip_status_update(
        bill=senate,
        legislator=senator,
        user=None,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="Secret staff note",
    )
    for url in (BOARD, f"{BOARD}export.csv", member_url(senate, senator)):
        response = editor.get(url)
        assert response.status_code == 403
        assert b"Secret staff note" not in response.content
    assert editor.post(member_url(senate, senator), {"status": "opposed"}).status_code == 403
    assert WhipStatus.objects.get().status == "undecided"


def test_staff_outside_organizers_get_403(client, bills):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(BOARD).status_code == 403


@pytest.mark.parametrize("persona", ["organizer", "superuser"])
def test_organizers_and_superusers_see_the_board(request, persona, bills):
    user_client = request.getfixturevalue(persona)
    SenatorFactory(official_name="Pat Senator")
    response = user_client.get(BOARD)
    assert response.status_code == 200
    assert b"Pat Senator" in response.content


def test_board_without_bills_says_what_to_do(organizer):
    response = organizer.get(BOARD)
    assert response.status_code == 200
    assert b"sync_cosponsors" in response.content


def test_unknown_bill_is_404(organizer, bills):
    assert organizer.get(BOARD, {"bill": "s1-101"}).status_code == 404
    assert organizer.get(BOARD, {"bill": "garbage"}).status_code == 404


@time_machine.travel("2026-11-20 12:00Z", tick=False)
def test_board_shows_counts_progress_chart_and_statuses(organizer, bills):
    senate, house = bills
    sponsor = SenatorFactory(official_name="Sponsor Senator", party="Democrat", state="AZ")
    senate.sponsor = sponsor
    senate.save()
    cosponsor = SenatorFactory(official_name="Co Senator", party="Republican", state="WV")
    CosponsorshipFactory(
        bill=senate, legislator=cosponsor, sponsorship_date=datetime.date(2025, 8, 1)
    )
    gone = SenatorFactory(official_name="Gone Senator", party="Republican", state="MO")
    CosponsorshipFactory(
        bill=senate,
        legislator=gone,
        sponsorship_date=datetime.date(2025, 9, 1),
        withdrawn_date=datetime.date(2025, 10, 1),
    )
    rep = RepresentativeFactory(official_name="House Cosponsor", party="Democrat", state="OH")
    CosponsorshipFactory(bill=house, legislator=rep, sponsorship_date=datetime.date(2025, 8, 15))
    undecided = SenatorFactory(official_name="Maybe Senator", party="Independent", state="ME")
    whip_status_update(
        bill=senate,
        legislator=undecided,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="",
    )

    response = organizer.get(BOARD)

    assert response.status_code == 200
    board = response.context["board"]
    statuses = {row.legislator.official_name: row.status for row in board.rows}
    assert statuses == {
        "Sponsor Senator": "cosponsor",
        "Co Senator": "cosponsor",
        "Gone Senator": "unknown",
        "House Cosponsor": "cosponsor",
        "Maybe Senator": "undecided",
    }
    progress = {p.chamber: (p.cosponsors, p.majority) for p in board.progress}
    assert progress == {Chamber.SENATE: (2, 51), Chamber.HOUSE: (1, 218)}
    counts = {row["status"]: row["total"] for row in board.counts}
    assert counts["cosponsor"] == 3 and counts["undecided"] == 1 and counts["unknown"] == 1
    html = response.content.decode()
    assert '<svg viewBox="0 0 640 260" role="img"' in html
    assert '<title id="chart-svg-title">' in html and '<desc id="chart-svg-desc">' in html
    assert "S. 2495: 1 cosponsors as of 2026-11-20" in html
    # The text alternative lists every change, withdrawals included.
    table = {day.isoformat(): counts for day, counts in board.chart.table}
    assert table == {
        "2025-08-01": [1, None],
        "2025-08-15": [1, 1],
        "2025-09-01": [2, 1],
        "2025-10-01": [1, 1],
    }
    assert "Sponsor" in html


def test_filters_and_sorting_work_from_the_query_string(organizer, bills):
    SenatorFactory(official_name="Ohio Dem", state="OH", party="Democrat", last_name="Adams")
    SenatorFactory(official_name="Ohio Rep", state="OH", party="Republican", last_name="Zane")
    SenatorFactory(official_name="Texas Rep", state="TX", party="Republican", last_name="Moss")
    RepresentativeFactory(official_name="Ohio House", state="OH", party="Democrat", last_name="Bee")

    def names(**query) -> list[str]:
        response = organizer.get(BOARD, query)
        assert response.status_code == 200
        return [row.legislator.official_name for row in response.context["board"].rows]

    assert names(state="OH", party="R") == ["Ohio Rep"]
    assert names(state="oh", chamber="senate", sort="name") == ["Ohio Dem", "Ohio Rep"]
    assert names(sort="-name") == ["Ohio Rep", "Texas Rep", "Ohio House", "Ohio Dem"]
    assert names(status="undecided") == []
    # Junk in the query string is ignored, not an error.
    assert len(names(sort="password", status="<script>", chamber="moon")) == 4


def test_quick_update_from_the_board_keeps_history_and_returns_to_the_board(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory(official_name="Undecided Senator")
    whip_status_update(
        bill=senate,
        legislator=senator,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=organizer.user,
        notes="Standing note",
    )
    next_url = f"{BOARD}?bill={senate.key}&state=OH#member-{senator.bioguide_id}"

    response = organizer.post(
        member_url(senate, senator),
        {
            "status": "supportive",
            "last_contact": "2026-11-19",
            "note": "Yes at town hall",
            "next": next_url,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == next_url
    whip = WhipStatus.objects.get()
    assert (whip.status, whip.last_contact.isoformat()) == ("supportive", "2026-11-19")
    # The quick form does not touch what it does not show.
    assert whip.notes == "Standing note" and whip.organizer == organizer.user
    change = whip.changes.first()
    assert (change.old_status, change.new_status, change.note) == (
        "undecided",
        "supportive",
        "Yes at town hall",
    )
    assert change.changed_by == organizer.user
    board = organizer.get(BOARD).content.decode()
    assert "Yes at town hall" in board
    page = organizer.get(member_url(senate, senator)).content.decode()
    assert "Yes at town hall" in page and "Undecided" in page and "Supportive" in page


def test_full_form_sets_organizer_and_notes(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory()
    response = organizer.post(
        member_url(senate, senator),
        {
            "status": "opposed",
            "organizer": organizer.user.pk,
            "notes": "Hostile staffer",
            "note": "",
        },
    )
    assert response.status_code == 302
    whip = WhipStatus.objects.get()
    assert (whip.status, whip.organizer, whip.notes) == (
        "opposed",
        organizer.user,
        "Hostile staffer",
    )


def test_bad_input_is_a_400_with_the_form_not_a_500(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory()
    for data in ({"status": "cosponsor"}, {"status": "supportive", "last_contact": "soon"}, {}):
        response = organizer.post(member_url(senate, senator), data)
        assert response.status_code == 400
    assert not WhipStatusChange.objects.exists()


def test_offsite_next_is_ignored(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory()
    response = organizer.post(
        member_url(senate, senator), {"status": "opposed", "next": "https://evil.example/"}
    )
    assert response["Location"] == member_url(senate, senator)


def test_member_of_the_other_chamber_is_sent_to_the_companion(organizer, bills):
    senate, house = bills
    rep = RepresentativeFactory()
    response = organizer.get(member_url(senate, rep))
    assert response.status_code == 302
    assert response["Location"] == member_url(house, rep)


def test_csv_export_lists_the_filtered_members(organizer, bills):
    senate, _house = bills
    oh = SenatorFactory(official_name="Ohio Senator", state="OH", bioguide_id="Z100001")
    SenatorFactory(official_name="Texas Senator", state="TX")
    whip_status_update(
        bill=senate,
        legislator=oh,
        user=organizer.user,
        status="supportive",
        last_contact=datetime.date(2026, 11, 2),
        organizer=organizer.user,
        notes='=HYPERLINK("http://evil")',
    )

    response = organizer.get(f"{BOARD}export.csv", {"state": "OH"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "whip-s2495-119.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["bioguide_id"] == "Z100001"
    assert row["status"] == "supportive"
    assert row["last_contact"] == "2026-11-02"
    assert row["bill"] == "s2495-119"
    assert row["notes"].startswith("'=")  # never a live formula
    assert row["letters"] == "0"


def test_letters_per_office_sort_and_export(organizer, bills):
    senator = SenatorFactory(official_name="Written To")
    other = SenatorFactory(official_name="Not Written To")
    for _ in range(2):
        LetterFactory(legislator=senator, submission=LetterSubmissionFactory())

    response = organizer.get(BOARD, {"sort": "-letters"})
    rows = response.context["board"].rows
    assert [(r.legislator, r.letters) for r in rows] == [(senator, 2), (other, 0)]
    assert b">Letters<" in response.content
    exported = list(
        csv.DictReader(io.StringIO(organizer.get(f"{BOARD}export.csv").content.decode()))
    )
    assert {row["name"]: row["letters"] for row in exported} == {
        "Written To": "2",
        "Not Written To": "0",
    }


def _make_members(bills, count: int) -> None:
    senate, house = bills
    for n in range(count):
        senator = SenatorFactory(state=STATES[n % len(STATES)])
        rep = RepresentativeFactory()
        CosponsorshipFactory(bill=senate if n % 2 else house, legislator=senator if n % 2 else rep)
        whip_status_update(
            bill=senate,
            legislator=senator,
            user=None,
            status="undecided",
            last_contact=None,
            organizer=None,
            notes="",
            note="first call",
        )


@pytest.mark.parametrize("size", [3, 30])
def test_board_query_count_does_not_grow_with_the_table(
    organizer, bills, size, django_assert_num_queries
):
    _make_members(bills, size)
    # session, user, group check, bill list, current bill, legislators,
    # cosponsorships, whip statuses, letter counts, recent changes, recent events
    organizer.get(BOARD)  # fills the site-wide caches (menu, banner)
    with django_assert_num_queries(12):
        response = organizer.get(BOARD)
    assert len(response.context["board"].rows) == 2 * size


@pytest.mark.parametrize("size", [3, 30])
def test_csv_query_count_does_not_grow(organizer, bills, size, django_assert_num_queries):
    _make_members(bills, size)
    # One more to record the export in the audit trail.
    with django_assert_num_queries(13):
        response = organizer.get(f"{BOARD}export.csv")
    assert len(response.content.decode().splitlines()) == 2 * size + 1

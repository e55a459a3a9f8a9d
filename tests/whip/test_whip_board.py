"""The organizers' whip board: who may see it, what it shows, updates, CSV, query count."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from legislators.models import BillFamily, BillReferral, Committee, CommitteeSeat
from letters.models import HoldReason, LetterStatus
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


class _Table(HTMLParser):
    """The rows of one table of the page, as staff read them: cell texts and links."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.inside = False
        self.in_body = False
        self.rows: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "table":
            self.inside = self.css_class in (attrs.get("class") or "").split()
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append({"id": attrs.get("id"), "cells": [], "links": []})
        elif self.in_body and tag in ("td", "th"):
            self.rows[-1]["cells"].append("")
        elif self.in_body and tag == "a":
            self.rows[-1]["links"].append(attrs.get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.in_body and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data.strip()


def table(response, css_class: str) -> list[dict]:
    parser = _Table(css_class)
    parser.feed(response.content.decode())
    return parser.rows


def members(response) -> list[dict]:
    # Only members' rows: the "no members match" row has no id.
    return [row for row in table(response, "whip-table") if row["id"]]


def member_rows(response) -> dict[str, list[str]]:
    """The members' table by name: [seat, party, status, last contact, organizer, letters]."""
    return {row["cells"][0]: row["cells"][1:] for row in members(response)}


def member_names(response) -> list[str]:
    return [row["cells"][0] for row in members(response)]


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
    statuses = {name: cells[2] for name, cells in member_rows(response).items()}
    assert statuses == {
        "Sponsor Senator": "Sponsor",
        "Co Senator": "Cosponsor",
        "Gone Senator": "Unknown",
        "House Cosponsor": "Cosponsor",
        "Maybe Senator": "Undecided",
    }
    html = response.content.decode()
    assert "<strong>2</strong> of 51 needed for a majority" in html
    assert "<strong>1</strong> of 218 needed for a majority" in html
    assert "49 more sponsors or cosponsors needed." in html
    # Columns: Senate D, I, R, then House D; then the total.
    counts = {row["cells"][0]: row["cells"][1:] for row in table(response, "whip-counts")}
    assert counts["Cosponsor"] == ["1", "0", "1", "1", "3"]
    assert counts["Undecided"] == ["0", "1", "0", "0", "1"]
    assert counts["Unknown"] == ["0", "0", "1", "0", "1"]
    assert counts["Opposed"] == ["0", "0", "0", "0", "0"]
    html = response.content.decode()
    assert '<svg viewBox="0 0 640 260" role="img"' in html
    assert '<title id="chart-svg-title">' in html and '<desc id="chart-svg-desc">' in html
    assert "S. 2495: 1 cosponsors as of 2026-11-20" in html
    # The text alternative lists every change, withdrawals included.
    chart_table = [row["cells"] for row in table(response, "whip-chart-table")]
    assert chart_table == [
        ["2025-08-01", "1", "—"],
        ["2025-08-15", "1", "1"],
        ["2025-09-01", "2", "1"],
        ["2025-10-01", "1", "1"],
    ]


def test_filters_and_sorting_work_from_the_query_string(organizer, bills):
    SenatorFactory(official_name="Ohio Dem", state="OH", party="Democrat", last_name="Adams")
    SenatorFactory(official_name="Ohio Rep", state="OH", party="Republican", last_name="Zane")
    SenatorFactory(official_name="Texas Rep", state="TX", party="Republican", last_name="Moss")
    RepresentativeFactory(official_name="Ohio House", state="OH", party="Democrat", last_name="Bee")

    def names(**query) -> list[str]:
        response = organizer.get(BOARD, query)
        assert response.status_code == 200
        return member_names(response)

    assert names(state="OH", party="R") == ["Ohio Rep"]
    assert names(state="oh", chamber="senate", sort="name") == ["Ohio Dem", "Ohio Rep"]
    assert names(sort="-name") == ["Ohio Rep", "Texas Rep", "Ohio House", "Ohio Dem"]
    assert names(status="undecided") == []
    assert b"No members match these filters." in organizer.get(BOARD, {"status": "opposed"}).content
    # Junk in the query string is ignored, not an error.
    assert len(names(sort="password", status="<script>", chamber="moon")) == 4


def test_board_rows_link_to_each_members_page_instead_of_holding_forms(organizer, bills):
    senate, house = bills
    senator = SenatorFactory(official_name="Pat Senator")
    rep = RepresentativeFactory(official_name="Sam Rep")

    response = organizer.get(BOARD)

    rows = {row["cells"][0]: row for row in members(response)}
    # Each member is edited on the version of the bill their chamber votes on.
    assert rows["Pat Senator"]["links"] == [member_url(senate, senator)]
    assert rows["Sam Rep"]["links"] == [member_url(house, rep)]
    assert rows["Pat Senator"]["id"] == f"member-{senator.bioguide_id}"
    # Nothing to fill in per row: the table stays light with the whole Congress.
    html = response.content.decode()
    members_table = html[html.index('<table class="whip-table">') :]
    members_table = members_table[: members_table.index("</table>")]
    assert "<form" not in members_table and "<input" not in members_table


def test_saving_on_the_member_page_returns_to_the_board_as_it_was_left(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory(official_name="Undecided Senator", state="OH")
    whip_status_update(
        bill=senate,
        legislator=senator,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=None,
        notes="",
    )
    board_url = f"{BOARD}?bill={senate.key}&state=OH&sort=-letters"
    back = f"{board_url}#member-{senator.bioguide_id}"

    page = organizer.get(member_url(senate, senator), HTTP_REFERER=f"http://testserver{board_url}")

    escaped = back.replace("&", "&amp;")
    assert f'<input type="hidden" name="next" value="{escaped}">' in page.content.decode()
    assert f'<a href="{escaped}">Back to the whip board</a>' in page.content.decode()

    response = organizer.post(
        member_url(senate, senator),
        {
            "status": "supportive",
            "last_contact": "2026-11-19",
            "organizer": organizer.user.pk,
            "notes": "Staffer: Dana",
            "note": "Yes at town hall",
            "next": back,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == back
    whip = WhipStatus.objects.get()
    assert (whip.status, whip.last_contact, whip.organizer, whip.notes) == (
        "supportive",
        datetime.date(2026, 11, 19),
        organizer.user,
        "Staffer: Dana",
    )
    change = whip.changes.first()
    assert (change.old_status, change.new_status, change.note, change.changed_by) == (
        "undecided",
        "supportive",
        "Yes at town hall",
        organizer.user,
    )
    audit = AuditEvent.objects.filter(action="legislators.whipstatus.change").latest("pk")
    assert audit.actor == organizer.user
    assert audit.details == {
        "bill": senate.key,
        "old_status": "undecided",
        "new_status": "supportive",
    }
    board = organizer.get(board_url)
    assert b"Saved the whip status of" in board.content
    organizer_name = organizer.user.get_full_name() or organizer.user.get_username()
    assert member_rows(board)["Undecided Senator"][2:5] == [
        "Supportive",
        "2026-11-19",
        organizer_name,
    ]
    assert "Yes at town hall" in board.content.decode()
    history = organizer.get(member_url(senate, senator)).content.decode()
    assert "Yes at town hall" in history and "Undecided" in history and "Supportive" in history


@pytest.mark.parametrize(
    "referer",
    ["", "https://evil.example/staff/whip/?state=OH", "http://testserver/scorecard/"],
)
def test_member_page_leads_back_to_the_board_of_its_bill_otherwise(organizer, bills, referer):
    senate, _house = bills
    senator = SenatorFactory()
    page = organizer.get(member_url(senate, senator), HTTP_REFERER=referer)
    back = f"{BOARD}?bill={senate.key}#member-{senator.bioguide_id}"
    assert f'name="next" value="{back}"' in page.content.decode()


def test_a_post_without_standing_notes_keeps_notes_and_organizer(organizer, bills):
    senate, _house = bills
    senator = SenatorFactory()
    whip_status_update(
        bill=senate,
        legislator=senator,
        user=organizer.user,
        status="undecided",
        last_contact=None,
        organizer=organizer.user,
        notes="Standing note",
    )
    response = organizer.post(
        member_url(senate, senator), {"status": "opposed", "last_contact": "", "note": "No"}
    )
    assert response.status_code == 302
    whip = WhipStatus.objects.get()
    assert (whip.status, whip.notes, whip.organizer) == ("opposed", "Standing note", organizer.user)


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
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["bioguide_id"] == "Z100001"
    assert row["status"] == "supportive"
    assert row["last_contact"] == "2026-11-02"
    assert row["bill"] == "s2495-119"
    assert row["notes"].startswith("'=")  # never a live formula
    assert row["letters"] == "0"


def test_letters_column_counts_every_letter_each_office_received(organizer, bills):
    senator = SenatorFactory(official_name="Written To")
    SenatorFactory(official_name="Not Written To")
    rep = RepresentativeFactory(official_name="Written Once")
    # Letters from three writers, in different states of delivery, all count.
    for status in (LetterStatus.SENT, LetterStatus.QUEUED, LetterStatus.HELD):
        submission = LetterSubmissionFactory()
        LetterFactory(
            submission=submission,
            legislator=senator,
            status=status,
            hold_reason=HoldReason.NO_ADDRESS if status == LetterStatus.HELD else "",
        )
        if status == LetterStatus.SENT:
            LetterFactory(submission=submission, legislator=rep, status=status)

    response = organizer.get(BOARD, {"sort": "-letters"})

    assert member_names(response) == ["Written To", "Written Once", "Not Written To"]
    letters = {name: cells[5] for name, cells in member_rows(response).items()}
    assert letters == {"Written To": "3", "Written Once": "1", "Not Written To": "0"}
    assert b">Letters<" in response.content
    exported = list(
        csv.DictReader(io.StringIO(organizer.get(f"{BOARD}export.csv").getvalue().decode()))
    )
    assert {row["name"]: row["letters"] for row in exported} == {
        "Written To": "3",
        "Written Once": "1",
        "Not Written To": "0",
    }


def _make_members(bills, count: int, organizer) -> None:
    """Members with every column filled: status, contact, organizer, letters, history,
    committee seats, and a cosponsorship of the bill's earlier version for half of them."""
    senate, house = bills
    family = BillFamily.objects.create(name="Keep Call Centers in America Act")
    old_house = BillFactory(congress=115, bill_type="hr", number=1300, family=family)
    old_senate = BillFactory(
        congress=115, bill_type="s", number=515, family=family, companion=old_house
    )
    old_house.companion = old_senate
    old_house.save()
    for bill in (senate, house):
        bill.family = family
        bill.save()
    commerce = Committee.objects.create(code="SSCM", name="Commerce", chamber="senate")
    energy = Committee.objects.create(code="HSIF", name="Energy and Commerce", chamber="house")
    BillReferral.objects.create(bill=senate, committee=commerce)
    BillReferral.objects.create(bill=house, committee=energy)
    for n in range(count):
        senator = SenatorFactory(state=STATES[n % len(STATES)])
        rep = RepresentativeFactory()
        CosponsorshipFactory(bill=senate if n % 2 else house, legislator=senator if n % 2 else rep)
        if n % 2:  # backed the 115th's version, not yet the 119th's
            CosponsorshipFactory(bill=old_house, legislator=rep)
        CommitteeSeat.objects.create(
            committee=commerce, legislator=senator, side="majority", rank=n, title=""
        )
        CommitteeSeat.objects.create(
            committee=energy, legislator=rep, side="minority", rank=n, title="Ranking Member"
        )
        whip_status_update(
            bill=senate,
            legislator=senator,
            user=organizer,
            status="undecided",
            last_contact=datetime.date(2026, 11, 2),
            organizer=organizer,
            notes="",
            note="first call",
        )
        submission = LetterSubmissionFactory()
        LetterFactory(submission=submission, legislator=senator)
        LetterFactory(submission=submission, legislator=rep)


@pytest.mark.parametrize("size", [3, 30])
def test_board_query_count_does_not_grow_with_the_table(
    organizer, bills, size, django_assert_num_queries
):
    _make_members(bills, size, organizer.user)
    # session, user, group check, bill list, current bill, legislators,
    # cosponsorships, whip statuses (with organizers), letter counts, call counts, committees
    # holding
    # the bill, seats on them, the bill's versions, stances in each of the two Congresses,
    # recent changes, recent events
    organizer.get(BOARD)  # fills the site-wide caches (menu, banner)
    with django_assert_num_queries(17):
        response = organizer.get(BOARD)
    # By row, not by name: two generated members may share a name.
    rows = [row["cells"] for row in members(response)]
    assert len(rows) == 2 * size
    # Member, seat, party, status, committees, last contact, organizer, letters.
    assert sorted(cells[7] for cells in rows) == ["1"] * (2 * size)
    assert sum(bool(cells[4]) for cells in rows) == 2 * size
    assert sum("not yet in the 119th" in cells[3] for cells in rows) == size // 2


@pytest.mark.parametrize("size", [3, 30])
def test_csv_query_count_does_not_grow(organizer, bills, size, django_assert_num_queries):
    _make_members(bills, size, organizer.user)
    # One more to record the export in the audit trail.
    with django_assert_num_queries(18):
        response = organizer.get(f"{BOARD}export.csv")
    assert len(response.getvalue().decode().splitlines()) == 2 * size + 1

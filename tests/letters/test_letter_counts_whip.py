"""The organizers' whip board shows the real letter counts per office."""

import pytest

from letters.models import LetterStatus
from tests.legislators.factories import BillFactory, SenatorFactory
from tests.letters.factories import LetterFactory

pytestmark = pytest.mark.django_db


def test_whip_board_counts_letters_written_to_each_office(organizer):
    BillFactory(bill_type="s", number=2495, is_current=True)
    written_to = SenatorFactory(official_name="Written To")
    SenatorFactory(official_name="Not Written To")
    for status in (LetterStatus.SENT, LetterStatus.DELIVERED, LetterStatus.QUEUED):
        LetterFactory(legislator=written_to, status=status)

    response = organizer.get("/staff/whip/", {"sort": "-letters"})

    rows = response.context["board"].rows
    assert [(row.legislator.official_name, row.letters) for row in rows] == [
        ("Written To", 3),
        ("Not Written To", 0),
    ]

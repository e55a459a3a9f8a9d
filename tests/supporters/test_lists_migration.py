"""Subscribers from before lists existed move onto the newsletter with their dates; no row lost.

The database is migrated to the state before lists, filled through the historical models
with every kind of person the old list knew, then migrated forward.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection

BEFORE = ("supporters", "0003_email_lists_and_consent")
AFTER = ("supporters", "0004_subscribers_onto_newsletter")

JOINED = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
CONFIRMED = datetime(2025, 4, 2, 11, 0, tzinfo=UTC)
LEFT = datetime(2025, 9, 9, 9, 0, tzinfo=UTC)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_existing_subscribers_move_onto_the_newsletter(migrator):
    old = migrator.apply_initial_migration(BEFORE).apps
    Supporter = old.get_model("supporters", "Supporter")
    ListSubscription = old.get_model("supporters", "ListSubscription")
    # Joined through the list page and confirmed.
    confirmed = Supporter.objects.create(
        email="confirmed@example.org", list_opt_in=True, list_opt_in_at=CONFIRMED
    )
    ListSubscription.objects.create(
        supporter=confirmed, name="Con", zip_code="43215", status="confirmed",
        requested_at=JOINED, confirmed_at=CONFIRMED,
    )  # fmt: skip
    # Ticked the box when signing a petition: only the supporter's own date.
    Supporter.objects.create(email="petition@example.org", list_opt_in=True, list_opt_in_at=JOINED)
    # Opted in long ago, before the date was kept.
    Supporter.objects.create(email="undated@example.org", list_opt_in=True)
    # Confirmed, then left.
    left = Supporter.objects.create(email="left@example.org")
    ListSubscription.objects.create(
        supporter=left, name="Left", zip_code="43215", status="unsubscribed",
        requested_at=JOINED, confirmed_at=CONFIRMED, unsubscribed_at=LEFT,
    )  # fmt: skip
    # Asked but never confirmed; and someone who only signed a petition.
    pending = Supporter.objects.create(email="pending@example.org")
    ListSubscription.objects.create(
        supporter=pending, name="Pen", zip_code="43215", requested_at=JOINED
    )
    Supporter.objects.create(email="signer@example.org")
    before = {
        table: _count(table) for table in ("supporters_supporter", "supporters_listsubscription")
    }

    new = migrator.apply_tested_migration(AFTER).apps

    for table, rows in before.items():
        assert _count(table) == rows, table
    NewSupporter = new.get_model("supporters", "Supporter")
    ListConsent = new.get_model("supporters", "ListConsent")
    consents = {
        consent.supporter.email: consent
        for consent in ListConsent.objects.select_related("supporter")
    }
    assert set(consents) == {
        "confirmed@example.org",
        "petition@example.org",
        "undated@example.org",
        "left@example.org",
    }
    assert {consent.email_list for consent in consents.values()} == {"newsletter"}
    assert {consent.source for consent in consents.values()} == {"migrated"}
    assert consents["confirmed@example.org"].consented_at == CONFIRMED
    assert consents["petition@example.org"].consented_at == JOINED
    undated_row = NewSupporter.objects.get(email="undated@example.org")
    assert consents["undated@example.org"].consented_at == undated_row.created_at
    active = {email for email, consent in consents.items() if consent.unsubscribed_at is None}
    assert active == {"confirmed@example.org", "petition@example.org", "undated@example.org"}
    # The summary flag and the consents agree for everyone.
    assert (
        set(NewSupporter.objects.filter(list_opt_in=True).values_list("email", flat=True)) == active
    )
    assert consents["left@example.org"].unsubscribed_at == LEFT
    # Requests still waiting keep waiting, for the newsletter as they always were.
    assert (
        new.get_model("supporters", "ListSubscription")
        .objects.get(supporter__email="pending@example.org")
        .requested_lists
        == "newsletter"
    )

    migrator.reset()


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_and_redone_without_doubling(migrator):
    old = migrator.apply_initial_migration(BEFORE).apps
    old.get_model("supporters", "Supporter").objects.create(
        email="ana@example.org", list_opt_in=True, list_opt_in_at=JOINED
    )
    new = migrator.apply_tested_migration(AFTER).apps
    assert new.get_model("supporters", "ListConsent").objects.count() == 1
    back = migrator.apply_tested_migration(BEFORE).apps
    assert back.get_model("supporters", "ListConsent").objects.count() == 0
    assert back.get_model("supporters", "Supporter").objects.get().list_opt_in is True
    again = migrator.apply_tested_migration(AFTER).apps
    assert again.get_model("supporters", "ListConsent").objects.count() == 1
    migrator.reset()

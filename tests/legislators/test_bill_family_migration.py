"""An existing database gains bill families without losing or changing a bill."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("legislators", "0005_roster_across_congresses")]
AFTER = [("legislators", "0007_link_bill_versions")]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_bills_are_linked_into_one_family() -> None:
    old = migrate(BEFORE)
    Bill = old.get_model("legislators", "Bill")
    s515 = Bill.objects.create(congress=115, bill_type="s", number=515, title="2017 version")
    hr1300 = Bill.objects.create(congress=115, bill_type="hr", number=1300)
    s2495 = Bill.objects.create(congress=119, bill_type="s", number=2495, is_current=True)
    hr4954 = Bill.objects.create(congress=119, bill_type="hr", number=4954, companion=s2495)
    s2495.companion = hr4954
    s2495.save()
    unrelated = Bill.objects.create(congress=119, bill_type="s", number=12)
    before = list(Bill.objects.order_by("pk").values_list("pk", "congress", "number", "title"))

    new = migrate(AFTER)
    try:
        Bill = new.get_model("legislators", "Bill")
        BillFamily = new.get_model("legislators", "BillFamily")
        after = list(Bill.objects.order_by("pk").values_list("pk", "congress", "number", "title"))
        assert after == before
        family = BillFamily.objects.get()
        linked = set(Bill.objects.filter(family=family).values_list("pk", flat=True))
        assert linked == {s515.pk, hr1300.pk, s2495.pk, hr4954.pk}
        assert Bill.objects.get(pk=unrelated.pk).family_id is None
        assert Bill.objects.get(pk=s2495.pk).previous_version_id == s515.pk
        assert Bill.objects.get(pk=hr4954.pk).previous_version_id == hr1300.pk
        assert Bill.objects.get(pk=s2495.pk).is_current
    finally:
        migrate(executor_leaf())


@pytest.mark.django_db(transaction=True)
def test_a_database_without_bills_gets_no_family() -> None:
    migrate(BEFORE)
    new = migrate(AFTER)
    try:
        assert new.get_model("legislators", "BillFamily").objects.count() == 0
    finally:
        migrate(executor_leaf())


def executor_leaf() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()

"""Upgrading a database that holds the 119th Congress's ZIP rows keeps every row."""

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("legislators", "0003_bills_cosponsors_whip")]
AFTER = [("legislators", "0009_zipdistrict_congress")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_existing_zip_rows_become_the_119th_congress_even_when_migrated_later() -> None:
    old_state = migrate(BEFORE).loader.project_state(BEFORE)
    zip_district = old_state.apps.get_model("legislators", "ZipDistrict")
    zip_district.objects.bulk_create(
        [
            zip_district(zcta="43215", state_fips="39", state="OH", district=3),
            zip_district(zcta="43215", state_fips="39", state="OH", district=15),
            zip_district(zcta="99501", state_fips="02", state="AK", district=0),
        ]
    )
    # Run after the 120th has begun: the rows still came from the 119th's file.
    with time_machine.travel("2027-02-01 12:00Z", tick=False):
        new_state = migrate(AFTER).loader.project_state(AFTER)
    zip_district = new_state.apps.get_model("legislators", "ZipDistrict")
    assert sorted(zip_district.objects.values_list("congress", "zcta", "district")) == [
        (119, "43215", 3),
        (119, "43215", 15),
        (119, "99501", 0),
    ]
    # The same ZIP and seat may now be loaded for the next Congress.
    zip_district.objects.create(congress=120, zcta="43215", state_fips="39", state="OH", district=3)
    assert zip_district.objects.count() == 4
    # Leave the database at the newest migrations, as the next test expects it.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

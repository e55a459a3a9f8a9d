"""A database made by the last release before the apps were re-laid migrates without losing a row.

The database is migrated to the old layout's last migrations, filled with at least one row
in every table of ours (through the historical models), then migrated to the newest
migrations. Every row must still be there, under the app that owns it now; a letter queued
before the upgrade, and its task naming the old module path, must still be delivered.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from letters.models import Letter, LetterStatus

# The old layout's last migration of each app.
BEFORE = [
    ("accounts", "0001_initial"),
    ("legislators", "0003_bills_cosponsors_whip"),
    ("petitions", "0006_staff_search_indexes"),
    ("campaign", "0005_newspost_featured_help"),
    ("django_tasks_database", "0021_conditional_partial_index_ordering"),
]

# Old table -> the table that holds its rows now.
TABLES = {
    "petitions_supporter": "supporters_supporter",
    "campaign_listsubscription": "supporters_listsubscription",
    "petitions_lettercampaign": "letters_lettercampaign",
    "petitions_lettercampaign_chosen_legislators": "letters_lettercampaign_chosen_legislators",
    "petitions_lettersubmission": "letters_lettersubmission",
    "petitions_letter": "letters_letter",
    "legislators_whipstatus": "whip_whipstatus",
    "legislators_whipstatuschange": "whip_whipstatuschange",
}
OUR_APPS = ("accounts", "legislators", "petitions", "campaign")

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _latest() -> list[tuple[str, str]]:
    return sorted(MigrationLoader(connection).graph.leaf_nodes())


def _drop_every_table() -> None:
    # Every table, not only the current models': a test before this one may have left the
    # database at an older state, with tables under their old names.
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
        else:
            for table in tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"DROP TABLE IF EXISTS {name} CASCADE")


def _migrate_empty_database_to(targets: list[tuple[str, str]]) -> ProjectState:
    """Drop everything, then apply exactly what `targets` need, as the old release did."""
    _drop_every_table()
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets, clean_start=True)
    return executor.migrate(targets, plan=plan)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return cursor.fetchone()[0]


def _our_tables() -> list[str]:
    names = connection.introspection.table_names()
    return sorted(name for name in names if name.split("_", 1)[0] in OUR_APPS)


def _fill_old_database(apps) -> dict[str, int]:
    """One or more rows in every table of ours, written with the old layout's models."""
    m = lambda app, name: apps.get_model(app, name)  # noqa: E731
    user = m("auth", "User").objects.create(username="organizer", is_staff=True)
    # What the old release's post-migrate step made: a content type and permission per model,
    # here one given to a staff member directly.
    letter_type = m("contenttypes", "ContentType").objects.create(
        app_label="petitions", model="letter"
    )
    change_letter = m("auth", "Permission").objects.create(
        content_type=letter_type, codename="change_letter", name="Can change letter"
    )
    user.user_permissions.add(change_letter)
    m("accounts", "AuditEvent").objects.create(action="legislators.whipstatus.change")

    senator = m("legislators", "Legislator").objects.create(
        bioguide_id="S000001", first_name="Ada", last_name="Senate", official_name="Ada Senate",
        chamber="senate", state="OH", party="Democrat", senate_class=1,
        delivery_email="office@example.org",
    )  # fmt: skip
    m("legislators", "ZipDistrict").objects.create(
        zcta="45202", state_fips="39", state="OH", district=1
    )
    bill = m("legislators", "Bill").objects.create(
        congress=119, bill_type="s", number=2495, title="Keep Call Centers in America Act",
        sponsor=senator, is_current=True,
    )  # fmt: skip
    m("legislators", "Cosponsorship").objects.create(
        bill=bill, legislator=senator, sponsorship_date=date(2025, 7, 1), source="sync"
    )
    m("legislators", "CosponsorshipEvent").objects.create(
        bill=bill, legislator=senator, kind="cosponsored", date=date(2025, 7, 1), source="sync"
    )
    whip = m("legislators", "WhipStatus").objects.create(
        bill=bill, legislator=senator, status="supportive", organizer=user, notes="Met staff"
    )
    m("legislators", "WhipStatusChange").objects.create(
        whip_status=whip, changed_by=user, old_status="unknown", new_status="supportive"
    )

    supporter = m("petitions", "Supporter").objects.create(
        email="ana@example.org", first_name="Ana", last_name="Lopez", zip_code="45202", state="OH"
    )
    petition = m("petitions", "Petition").objects.create(
        title="Keep call centers here", slug="keep", summary="Sign", body="Text",
        addressed_to="Congress", bill=bill,
    )  # fmt: skip
    m("petitions", "Signature").objects.create(
        petition=petition, supporter=supporter, confirmed_at=NOW, created_at=NOW
    )
    m("petitions", "SignatureCounter").objects.create(petition=petition, shard=0, count=1)
    campaign = m("petitions", "LetterCampaign").objects.create(
        title="Write", slug="write", ask_subject="Please", ask_body="Dear {lawmaker_last_name}",
        thanks_subject="Thanks", thanks_body="Thank you", bill=bill, targets="chosen",
    )  # fmt: skip
    campaign.chosen_legislators.add(senator)
    submission = m("petitions", "LetterSubmission").objects.create(
        campaign=campaign, supporter=supporter, first_name="Ana", last_name="Lopez",
        street="1 Main St", city="Cincinnati", state="OH", zip_code="45202",
        dedupe_key="upgrade-1",
    )  # fmt: skip
    letter = m("petitions", "Letter").objects.create(
        submission=submission, legislator=senator, stance="sponsor", subject="Please",
        body="Dear Senator Senate,\n\nPlease keep going.\n", status="queued",
        message_id="<letter.upgrade@example.org>", next_attempt_at=NOW,
    )  # fmt: skip

    topic = m("campaign", "Topic").objects.create(name="Jobs", slug="jobs")
    post = m("campaign", "NewsPost").objects.create(
        title="News", slug="news", summary="S", body="B", status="published", published_at=NOW
    )
    post.topics.add(topic)
    m("campaign", "Page").objects.create(title="About", slug="about", summary="S", body="B")
    m("campaign", "SiteBanner").objects.create(message="Week of action", link_url="/events/")
    event = m("campaign", "Event").objects.create(
        title="Week of action", slug="week", summary="S", description="D",
        starts_at=NOW + timedelta(days=30), ends_at=NOW + timedelta(days=37),
        location="Everywhere", registration_deadline=NOW + timedelta(days=20),
    )  # fmt: skip
    m("campaign", "EventRegistration").objects.create(
        event=event, supporter=supporter, local_number="4321", contact_name="Ana Lopez",
        phone="5135550100", street="1 Main St", city="Cincinnati", state="OH",
        zip_code="45202", expected_participants=12,
    )  # fmt: skip
    m("campaign", "ListSubscription").objects.create(
        supporter=supporter, name="Ana Lopez", zip_code="45202", status="confirmed"
    )

    # The task the old code queued for this letter, under the old module path.
    m("django_tasks_database", "DBTaskResult").objects.create(
        task_path="petitions.tasks.deliver_letter", args_kwargs={"args": [letter.pk], "kwargs": {}},
        queue_name="default", backend_name="default", status="READY", priority=0,
        run_after=NOW,
    )  # fmt: skip
    return {"letter": letter.pk}


@pytest.mark.django_db(transaction=True)
def test_upgrade_keeps_every_row_and_delivers_what_was_queued(
    migrator, smtp_server, run_tasks, settings
):
    old_state = _migrate_empty_database_to(BEFORE)
    assert not {"supporters", "letters", "whip"} & {app for app, _ in old_state.models}
    ids = _fill_old_database(old_state.apps)
    old_tables = _our_tables()
    before = {table: _count(table) for table in old_tables}
    assert all(before.values()), {t: n for t, n in before.items() if not n}

    MigrationExecutor(connection).migrate(_latest())

    after_tables = set(connection.introspection.table_names())
    for table, rows in before.items():
        now = TABLES.get(table, table)
        assert now in after_tables, f"{table} went missing"
        assert _count(now) == rows, f"{table} -> {now}: {rows} rows before, {_count(now)} after"

    # Staff permissions and admin history follow the moved models.
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.filter(app_label="letters", model="letter").count() == 1
    assert not ContentType.objects.filter(app_label="petitions", model="letter").exists()
    from django.contrib.auth.models import User

    assert User.objects.get(username="organizer").has_perm("letters.change_letter")

    # The queued task now names the new module, and the worker delivers the letter.
    call_command("migrate", verbosity=0)  # post-migrate signals, as a deploy runs them
    run_tasks()
    letter = Letter.objects.get(pk=ids["letter"])
    assert letter.status == LetterStatus.SENT
    assert [m["Message-ID"] for m in smtp_server.messages] == ["<letter.upgrade@example.org>"]

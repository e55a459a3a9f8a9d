"""An existing database gains held-at-term-end, stopped letters and the supporter's language
without losing or changing a letter."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("letters", "0002_own_table_names")
AFTER = ("letters", "0003_letters_across_congresses")


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def with_letters_at(node: tuple[str, str]) -> list[tuple[str, str]]:
    # Every other app as it is now, so the old models read today's tables.
    return [leaf for leaf in leaf_nodes() if leaf[0] != "letters"] + [node]


@pytest.mark.django_db(transaction=True)
def test_existing_letters_keep_every_row_and_value() -> None:
    old = migrate(with_letters_at(BEFORE))
    Supporter = old.get_model("supporters", "Supporter")
    Legislator = old.get_model("legislators", "Legislator")
    LetterCampaign = old.get_model("letters", "LetterCampaign")
    LetterSubmission = old.get_model("letters", "LetterSubmission")
    Letter = old.get_model("letters", "Letter")
    campaign = LetterCampaign.objects.create(
        title="Write",
        slug="write",
        ask_subject="A",
        ask_body="B",
        thanks_subject="C",
        thanks_body="D",
    )
    submission = LetterSubmission.objects.create(
        campaign=campaign,
        supporter=Supporter.objects.create(email="alex@example.com"),
        first_name="Alex",
        last_name="Rivera",
        street="1 Main St",
        city="Columbus",
        state="OH",
        zip_code="43215",
        dedupe_key="old-1",
    )
    # One letter per office and submission: three offices.
    for number, (status, reason) in enumerate(
        [("queued", ""), ("held", "no_address"), ("cancelled", "")]
    ):
        Letter.objects.create(
            submission=submission,
            legislator=Legislator.objects.create(
                bioguide_id=f"Z90000{number}",
                first_name="Ada",
                last_name=f"Member {number}",
                chamber="house",
                state="OH",
                district=number + 1,
            ),
            stance="not_cosponsor",
            subject=f"Letter {number}",
            body="Please cosponsor.",
            status=status,
            hold_reason=reason,
            message_id=f"<old-{number}@example.org>",
        )
    before = list(Letter.objects.order_by("pk").values_list("pk", "status", "hold_reason", "body"))

    new = migrate(with_letters_at(AFTER))
    try:
        Letter = new.get_model("letters", "Letter")
        LetterSubmission = new.get_model("letters", "LetterSubmission")
        LetterCampaign = new.get_model("letters", "LetterCampaign")
        after = list(
            Letter.objects.order_by("pk").values_list("pk", "status", "hold_reason", "body")
        )
        assert after == before
        kept = LetterSubmission.objects.get(pk=submission.pk)
        assert (kept.language, kept.stopped_notice_sent_at) == ("", None)
        assert LetterCampaign.objects.get(pk=campaign.pk).again_body == ""
    finally:
        migrate(leaf_nodes())

"""Upgrading a database with mailings in it keeps every mailing's text, now as its English."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from mailings.models import Mailing

BEFORE = [("mailings", "0002_mailing_results")]
AFTER = [("mailings", "0003_spanish_texts")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_existing_mailings_keep_their_subject_body_and_paragraphs():
    old = migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("mailings", "Mailing")
    old.objects.create(
        slug="old-news", subject="Old news, {first_name|friend}", body="**Old** body",
        paragraph_cosponsor="Thank them", paragraph_undecided="Press them",
        paragraph_opposed="Change their minds",
    )  # fmt: skip
    old.objects.create(slug="short", subject="Short", body="Only a body")

    migrate(AFTER)
    try:
        mailing = Mailing.objects.get(slug="old-news")
        assert (
            mailing.subject_en,
            mailing.body_en,
            mailing.paragraph_cosponsor_en,
            mailing.paragraph_undecided_en,
            mailing.paragraph_opposed_en,
        ) == (
            "Old news, {first_name|friend}",
            "**Old** body",
            "Thank them",
            "Press them",
            "Change their minds",
        )
        assert mailing.subject_es is None and mailing.body_es is None
        with translation.override("es"):
            # Nothing written in Spanish yet: a Spanish reader gets the English text.
            assert Mailing.objects.get(slug="short").body == "Only a body"
        assert Mailing.objects.get(slug="short").subject_en == "Short"
    finally:
        # Leave the database at the newest migrations, as the next test expects it.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

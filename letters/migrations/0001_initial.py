"""The letters app takes over models that lived in other apps: their tables and rows stay.

Only the migration state moves here (the tables keep their names until 0002); content
types follow, so staff permissions and admin history stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from core.moves import content_types_mover, task_paths_mover

relabel_petitions = content_types_mover(
    "petitions", "letters", ["lettercampaign", "lettersubmission", "letter"]
)

# Task rows queued before the move name the tasks' old modules.
move_task_paths = task_paths_mover(
    {
        "petitions.tasks.send_signature_confirmation": "petitions.services.send_signature_confirmation",
        "petitions.tasks.deliver_submission": "letters.services.deliver_submission",
        "petitions.tasks.deliver_letter": "letters.delivery.deliver_letter",
        "petitions.tasks.deliver_due_letters": "letters.delivery.deliver_due_letters",
        "petitions.tasks.sweep_letters": "letters.services.sweep_letters",
        "petitions.tasks.send_submission_copy": "letters.services.send_submission_copy",
        "campaign.tasks.send_event_registration_confirmation": "campaign.services.send_event_registration_confirmation",
        "campaign.tasks.send_list_confirmation": "supporters.services.send_list_confirmation",
        "campaign.tasks.send_list_welcome": "supporters.services.send_list_welcome",
    }
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("legislators", "0003_bills_cosponsors_whip"),
        ("supporters", "0001_initial"),
        ("petitions", "0006_staff_search_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LetterCampaign",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "slug",
                            models.SlugField(max_length=200, unique=True, verbose_name="slug"),
                        ),
                        ("intro", models.TextField(blank=True, verbose_name="introduction")),
                        (
                            "is_open",
                            models.BooleanField(default=True, verbose_name="open for letters"),
                        ),
                        (
                            "targets",
                            models.CharField(
                                choices=[
                                    ("senators", "the supporter's two senators"),
                                    ("representative", "the supporter's representative"),
                                    ("both", "senators and representative"),
                                    ("chosen", "chosen members (those among the supporter's own)"),
                                ],
                                default="both",
                                max_length=20,
                                verbose_name="who receives the letter",
                            ),
                        ),
                        (
                            "supporters_may_edit",
                            models.BooleanField(
                                default=True, verbose_name="supporters may edit the text"
                            ),
                        ),
                        (
                            "require_confirmation",
                            models.BooleanField(
                                default=False,
                                verbose_name="supporters confirm their email before delivery",
                            ),
                        ),
                        (
                            "ask_subject",
                            models.CharField(
                                max_length=200, verbose_name="subject asking to cosponsor"
                            ),
                        ),
                        ("ask_body", models.TextField(verbose_name="letter asking to cosponsor")),
                        (
                            "thanks_subject",
                            models.CharField(
                                max_length=200, verbose_name="subject thanking a cosponsor"
                            ),
                        ),
                        (
                            "thanks_body",
                            models.TextField(verbose_name="letter thanking a cosponsor"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "bill",
                            models.ForeignKey(
                                blank=True,
                                help_text="Stances are read from this bill; empty: the campaign's current bill.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="letter_campaigns",
                                to="legislators.bill",
                                verbose_name="bill",
                            ),
                        ),
                        (
                            "chosen_legislators",
                            models.ManyToManyField(
                                blank=True,
                                help_text="Only used when the letter goes to chosen members.",
                                related_name="+",
                                to="legislators.legislator",
                                verbose_name="chosen members",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "petitions_lettercampaign",
                        "verbose_name": "letter campaign",
                        "verbose_name_plural": "letter campaigns",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="LetterSubmission",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("first_name", models.CharField(max_length=100, verbose_name="first name")),
                        ("last_name", models.CharField(max_length=100, verbose_name="last name")),
                        ("street", models.CharField(max_length=200, verbose_name="street address")),
                        (
                            "street_2",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="apartment, suite"
                            ),
                        ),
                        ("city", models.CharField(max_length=100, verbose_name="city")),
                        ("state", models.CharField(max_length=2, verbose_name="state")),
                        ("zip_code", models.CharField(max_length=10, verbose_name="ZIP code")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="phone"),
                        ),
                        (
                            "confirmation",
                            models.CharField(
                                choices=[
                                    ("not_needed", "not needed"),
                                    ("pending", "waiting for the supporter"),
                                    ("confirmed", "confirmed"),
                                ],
                                default="not_needed",
                                max_length=12,
                                verbose_name="email confirmation",
                            ),
                        ),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        (
                            "copy_sent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="supporter's copy sent at"
                            ),
                        ),
                        (
                            "dedupe_key",
                            models.CharField(
                                max_length=80, unique=True, verbose_name="duplicate check"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="submissions",
                                to="letters.lettercampaign",
                                verbose_name="campaign",
                            ),
                        ),
                        (
                            "supporter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="letter_submissions",
                                to="supporters.supporter",
                                verbose_name="supporter",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "petitions_lettersubmission",
                        "verbose_name": "letter submission",
                        "verbose_name_plural": "letter submissions",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Letter",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "stance",
                            models.CharField(
                                choices=[
                                    ("sponsor", "sponsor"),
                                    ("cosponsor", "cosponsor"),
                                    ("not_cosponsor", "not a cosponsor"),
                                ],
                                max_length=16,
                                verbose_name="stance when written",
                            ),
                        ),
                        ("subject", models.CharField(max_length=255, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="body")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "queued"),
                                    ("sending", "sending"),
                                    ("sent", "sent"),
                                    ("delivered", "delivered"),
                                    ("bounced", "bounced"),
                                    ("complained", "marked as spam"),
                                    ("failed", "failed"),
                                    ("held", "held"),
                                    ("cancelled", "cancelled"),
                                ],
                                default="queued",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "hold_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not held"),
                                    ("no_address", "no office address"),
                                    ("unconfirmed", "supporter has not confirmed"),
                                    ("staff", "held by staff"),
                                ],
                                max_length=12,
                                verbose_name="held because",
                            ),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
                        ),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "next_attempt_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="next attempt"
                            ),
                        ),
                        (
                            "message_id",
                            models.CharField(
                                max_length=255, unique=True, verbose_name="Message-ID"
                            ),
                        ),
                        (
                            "provider_message_id",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=255,
                                verbose_name="provider's message id",
                            ),
                        ),
                        (
                            "sent_to",
                            models.EmailField(blank=True, max_length=254, verbose_name="sent to"),
                        ),
                        (
                            "claimed_by",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="claimed by worker"
                            ),
                        ),
                        (
                            "claimed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
                        ),
                        (
                            "tracked_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="last delivery report"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        (
                            "legislator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="letters",
                                to="legislators.legislator",
                                verbose_name="member of Congress",
                            ),
                        ),
                        (
                            "submission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="letters",
                                to="letters.lettersubmission",
                                verbose_name="submission",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "petitions_letter",
                        "verbose_name": "letter",
                        "verbose_name_plural": "letters",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["status", "next_attempt_at"], name="letter_due_idx"
                            ),
                            models.Index(
                                fields=["legislator", "status"], name="letter_office_status_idx"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("submission", "legislator"), name="letter_one_per_office"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("sent_at__isnull", True),
                                    ("status__in", ["sent", "delivered", "bounced", "complained"]),
                                    _connector="OR",
                                ),
                                name="letter_sent_stays_sent",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "held"), _negated=True),
                                    models.Q(("hold_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="letter_held_has_reason",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(*relabel_petitions),
        migrations.RunPython(*move_task_paths),
    ]

"""Letters across Congresses: held when a term ends, stopped when a member leaves, the
supporter's language and their one notice, and a draft for earlier cosponsors.

Only new columns (with defaults) and new choices: every existing row stays as it is.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_own_table_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="lettercampaign",
            name="again_body",
            field=models.TextField(
                blank=True,
                help_text="For members who backed an earlier version of the bill but not this one: thank them and ask them to sign on again. Empty: they get the letter asking to cosponsor.",
                verbose_name="letter to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="again_subject",
            field=models.CharField(
                blank=True,
                help_text="Empty: these members get the letter asking to cosponsor.",
                max_length=200,
                verbose_name="subject to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettersubmission",
            name="language",
            field=models.CharField(blank=True, max_length=10, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="lettersubmission",
            name="stopped_notice_sent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="told of stopped letters at"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="hold_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "not held"),
                    ("no_address", "no office address"),
                    ("unconfirmed", "supporter has not confirmed"),
                    ("staff", "held by staff"),
                    ("term_ended", "the member's term ended"),
                ],
                max_length=12,
                verbose_name="held because",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="stance",
            field=models.CharField(
                choices=[
                    ("sponsor", "sponsor"),
                    ("cosponsor", "cosponsor"),
                    ("not_cosponsor", "not a cosponsor"),
                    ("past_cosponsor", "cosponsored an earlier version"),
                ],
                max_length=16,
                verbose_name="stance when written",
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="status",
            field=models.CharField(
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
                    ("stopped", "stopped: the member left office"),
                ],
                default="queued",
                max_length=12,
                verbose_name="status",
            ),
        ),
    ]

"""Spanish versions of a mailing's subject, body and stance paragraphs.

Every mailing written before keeps its text: it is copied into the English column, which
rendering now reads; the Spanish columns stay empty until staff fill them in.
"""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = ["subject", "body", "paragraph_cosponsor", "paragraph_undecided", "paragraph_opposed"]


def copy_english(apps, schema_editor):
    mailing = apps.get_model("mailings", "Mailing")
    mailing.objects.update(**{f"{name}_en": F(name) for name in TRANSLATED})


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0002_mailing_results"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailing",
            name="body_en",
            field=models.TextField(
                help_text="Markdown. Merge fields such as {first_name} are listed below.",
                null=True,
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="body_es",
            field=models.TextField(
                help_text="Markdown. Merge fields such as {first_name} are listed below.",
                null=True,
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_cosponsor_en",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}: thank their lawmakers.",
                null=True,
                verbose_name="paragraph for constituents of cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_cosponsor_es",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}: thank their lawmakers.",
                null=True,
                verbose_name="paragraph for constituents of cosponsors",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_opposed_en",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}.",
                null=True,
                verbose_name="paragraph for constituents of opposed lawmakers",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_opposed_es",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}.",
                null=True,
                verbose_name="paragraph for constituents of opposed lawmakers",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_undecided_en",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}: press their lawmakers.",
                null=True,
                verbose_name="paragraph for constituents of undecided lawmakers",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="paragraph_undecided_es",
            field=models.TextField(
                blank=True,
                help_text="Used where the body says {stance_paragraph}: press their lawmakers.",
                null=True,
                verbose_name="paragraph for constituents of undecided lawmakers",
            ),
        ),
        migrations.AddField(
            model_name="mailing",
            name="subject_en",
            field=models.CharField(max_length=200, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="mailing",
            name="subject_es",
            field=models.CharField(max_length=200, null=True, verbose_name="subject"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]

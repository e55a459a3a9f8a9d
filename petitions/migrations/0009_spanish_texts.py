"""Spanish versions of the texts staff write (django-modeltranslation).

Every row written before keeps its text: it is copied into the English column, which the
site now reads; the Spanish column stays empty until staff fill it in.
"""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {
    "petition": ["title", "summary", "body", "addressed_to", "thank_you_text", "share_text"]
}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("petitions", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0008_signature_lists_requested"),
    ]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="addressed_to_en",
            field=models.CharField(
                help_text="For example: the United States Congress",
                max_length=200,
                null=True,
                verbose_name="addressed to",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="addressed_to_es",
            field=models.CharField(
                help_text="For example: the United States Congress",
                max_length=200,
                null=True,
                verbose_name="addressed to",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="body_en",
            field=models.TextField(
                help_text="Plain text; blank lines start new paragraphs.",
                null=True,
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="body_es",
            field=models.TextField(
                help_text="Plain text; blank lines start new paragraphs.",
                null=True,
                verbose_name="body",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="share_text_en",
            field=models.CharField(
                blank=True,
                help_text="Suggested text when a signer shares the petition.",
                max_length=240,
                null=True,
                verbose_name="share text",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="share_text_es",
            field=models.CharField(
                blank=True,
                help_text="Suggested text when a signer shares the petition.",
                max_length=240,
                null=True,
                verbose_name="share text",
            ),
        ),
        migrations.AddField(
            model_name="petition",
            name="summary_en",
            field=models.CharField(max_length=300, null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="petition",
            name="summary_es",
            field=models.CharField(max_length=300, null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="petition",
            name="thank_you_text_en",
            field=models.TextField(blank=True, null=True, verbose_name="thank-you text"),
        ),
        migrations.AddField(
            model_name="petition",
            name="thank_you_text_es",
            field=models.TextField(blank=True, null=True, verbose_name="thank-you text"),
        ),
        migrations.AddField(
            model_name="petition",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="petition",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]

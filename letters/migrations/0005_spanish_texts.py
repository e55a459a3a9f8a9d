"""Spanish versions of the texts staff write (django-modeltranslation).

Every row written before keeps its text: it is copied into the English column, which the
site now reads; the Spanish column stays empty until staff fill it in.
"""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {
    "lettercampaign": [
        "title",
        "intro",
        "ask_subject",
        "ask_body",
        "thanks_subject",
        "thanks_body",
        "again_subject",
        "again_body",
    ]
}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("letters", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_submission_lists_requested"),
    ]

    operations = [
        migrations.AddField(
            model_name="lettercampaign",
            name="again_body_en",
            field=models.TextField(
                blank=True,
                help_text="For members who backed an earlier version of the bill but not this one: thank them and ask them to sign on again. Empty: they get the letter asking to cosponsor.",
                null=True,
                verbose_name="letter to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="again_body_es",
            field=models.TextField(
                blank=True,
                help_text="For members who backed an earlier version of the bill but not this one: thank them and ask them to sign on again. Empty: they get the letter asking to cosponsor.",
                null=True,
                verbose_name="letter to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="again_subject_en",
            field=models.CharField(
                blank=True,
                help_text="Empty: these members get the letter asking to cosponsor.",
                max_length=200,
                null=True,
                verbose_name="subject to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="again_subject_es",
            field=models.CharField(
                blank=True,
                help_text="Empty: these members get the letter asking to cosponsor.",
                max_length=200,
                null=True,
                verbose_name="subject to a cosponsor of an earlier version",
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="ask_body_en",
            field=models.TextField(null=True, verbose_name="letter asking to cosponsor"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="ask_body_es",
            field=models.TextField(null=True, verbose_name="letter asking to cosponsor"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="ask_subject_en",
            field=models.CharField(
                max_length=200, null=True, verbose_name="subject asking to cosponsor"
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="ask_subject_es",
            field=models.CharField(
                max_length=200, null=True, verbose_name="subject asking to cosponsor"
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="intro_en",
            field=models.TextField(blank=True, null=True, verbose_name="introduction"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="intro_es",
            field=models.TextField(blank=True, null=True, verbose_name="introduction"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="thanks_body_en",
            field=models.TextField(null=True, verbose_name="letter thanking a cosponsor"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="thanks_body_es",
            field=models.TextField(null=True, verbose_name="letter thanking a cosponsor"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="thanks_subject_en",
            field=models.CharField(
                max_length=200, null=True, verbose_name="subject thanking a cosponsor"
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="thanks_subject_es",
            field=models.CharField(
                max_length=200, null=True, verbose_name="subject thanking a cosponsor"
            ),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="lettercampaign",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]

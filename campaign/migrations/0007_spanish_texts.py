"""Spanish versions of the texts staff write (django-modeltranslation).

Every row written before keeps its text: it is copied into the English column, which the
site now reads; the Spanish column stays empty until staff fill it in.
"""

from django.db import migrations, models
from django.db.models import F

TRANSLATED = {
    "newspost": ["title", "summary", "body", "body_html"],
    "page": ["title", "summary", "body", "body_html"],
}


def copy_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("campaign", model_name)
        model.objects.update(**{f"{name}_en": F(name) for name in fields})


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0006_supporters_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="newspost",
            name="body_en",
            field=models.TextField(help_text="Markdown.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="newspost",
            name="body_es",
            field=models.TextField(help_text="Markdown.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="newspost",
            name="body_html_en",
            field=models.TextField(
                default="", editable=False, null=True, verbose_name="rendered body"
            ),
        ),
        migrations.AddField(
            model_name="newspost",
            name="body_html_es",
            field=models.TextField(
                default="", editable=False, null=True, verbose_name="rendered body"
            ),
        ),
        migrations.AddField(
            model_name="newspost",
            name="summary_en",
            field=models.CharField(
                help_text="One or two sentences for lists, search results and link previews.",
                max_length=400,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="newspost",
            name="summary_es",
            field=models.CharField(
                help_text="One or two sentences for lists, search results and link previews.",
                max_length=400,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="newspost",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="newspost",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="page",
            name="body_en",
            field=models.TextField(help_text="Markdown.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="page",
            name="body_es",
            field=models.TextField(help_text="Markdown.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="page",
            name="body_html_en",
            field=models.TextField(
                default="", editable=False, null=True, verbose_name="rendered body"
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="body_html_es",
            field=models.TextField(
                default="", editable=False, null=True, verbose_name="rendered body"
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="summary_en",
            field=models.CharField(
                blank=True,
                help_text="Used for link previews.",
                max_length=300,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="summary_es",
            field=models.CharField(
                blank=True,
                help_text="Used for link previews.",
                max_length=300,
                null=True,
                verbose_name="summary",
            ),
        ),
        migrations.AddField(
            model_name="page",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="page",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(copy_english, migrations.RunPython.noop),
    ]

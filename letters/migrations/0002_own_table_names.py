"""The tables letters took over get the app's own names (a rename: every row stays)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
        ("petitions", "0007_supporters_and_letters_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="lettercampaign", table=None),
        migrations.AlterModelTable(name="lettersubmission", table=None),
        migrations.AlterModelTable(name="letter", table=None),
    ]

"""The tables supporters took over get the app's own names (a rename: every row stays)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0001_initial"),
        ("petitions", "0007_supporters_and_letters_moved"),
        ("campaign", "0006_supporters_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="supporter", table=None),
        migrations.AlterModelTable(name="listsubscription", table=None),
    ]

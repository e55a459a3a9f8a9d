"""Running the retention command in tests, and dating rows back past its cutoff."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import Model
from django.utils import timezone


def purge(*args: str) -> str:
    """What `purge_personal_data` prints, run with these arguments."""
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def age(row: Model, *, days: float, field: str) -> None:
    """Date `field` of this row `days` back, in the database only."""
    type(row).objects.filter(pk=row.pk).update(**{field: timezone.now() - timedelta(days=days)})

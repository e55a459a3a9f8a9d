from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from accounts.retention import retention_rules
from accounts.services import audit_record


class Command(BaseCommand):
    help = (
        "Remove personal data older than RETENTION_DAYS that has done its job "
        "(delivered letters' bodies and addresses, unconfirmed signups). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be removed; change nothing."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override RETENTION_DAYS for this run (at least 1).",
        )

    def handle(self, *args: object, dry_run: bool, days: int | None, **options: object) -> None:
        """Apply every retention rule; each rule runs in its own transaction."""
        days = settings.RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("--days must be at least 1.")
            raise SystemExit(2)
        cutoff = timezone.now() - timedelta(days=days)
        verb = "would clear" if dry_run else "cleared"
        counts: dict[str, int] = {}
        for rule in retention_rules():
            with transaction.atomic():
                counts[rule.name] = rule.purge(cutoff=cutoff, dry_run=dry_run)
            self.stdout.write(f"{rule.name}: {verb} {counts[rule.name]}")
        if not dry_run:
            audit_record(
                actor=None,
                action="retention.purge",
                details={"retention_days": days, "cleared": counts},
            )
        self.stdout.write(
            self.style.SUCCESS(f"Retention: {days} days, {verb} {sum(counts.values())} rows.")
        )

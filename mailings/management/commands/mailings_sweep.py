from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mailings import sending


class Command(BaseCommand):
    help = (
        "Queue again mailing rows left 'sending' by a worker that died, start scheduled "
        "mailings whose time has come, mark finished sends as sent and wake the workers for "
        "any send that has no task left. Safe to run at any time and from several machines "
        "(e.g. from cron each minute). --schedule also starts the self-renewing sweep task."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also make sure the periodic sweep task is waiting in the task queue.",
        )

    def handle(self, *args: Any, schedule: bool, **options: Any) -> None:
        """Sweep once, optionally schedule the sweep task."""
        result = sending.mailings_sweep()
        self.stdout.write(
            f"Re-queued {result['requeued']} row(s), started {result['started']} mailing(s), "
            f"finished {result['finished']}, woke {result['woken']} task(s)."
        )
        if schedule:
            started = sending.sweep_schedule()
            self.stdout.write(
                "Scheduled the sweep task." if started else "The sweep task was already waiting."
            )

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from letters import delivery
from letters.services import sweep_schedule


class Command(BaseCommand):
    help = (
        "Re-queue letters left in 'sending' by a worker that died, then send every due "
        "letter. Safe to run at any time and from several machines (e.g. from cron each "
        "minute). --schedule starts the self-renewing sweep task in the worker instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-deliver",
            action="store_true",
            help="Only re-queue stalled letters; leave sending to the workers.",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also make sure the periodic sweep task is waiting in the task queue.",
        )

    def handle(self, *args: Any, no_deliver: bool, schedule: bool, **options: Any) -> None:
        """Sweep, optionally deliver, optionally schedule the sweep task."""
        requeued = delivery.letters_sweep()
        self.stdout.write(f"Re-queued {requeued} stalled letter(s).")
        if not no_deliver:
            outcomes = delivery.letters_deliver_due()
            by_status: dict[str, int] = {}
            for outcome in outcomes:
                by_status[outcome.status] = by_status.get(outcome.status, 0) + 1
            summary = ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
            self.stdout.write(
                f"Tried {len(outcomes)} due letter(s){': ' + summary if summary else ''}."
            )
        if schedule:
            started = sweep_schedule()
            self.stdout.write(
                "Scheduled the sweep task." if started else "The sweep task was already waiting."
            )

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the reference data and the demo content. Safe to run again."

    def handle(self, *args, **options) -> None:
        """Run each loading step in order; every step is idempotent."""
        for name, args, kwargs in self.steps():
            self.stdout.write(f"== {name}")
            call_command(name, *args, stdout=self.stdout, stderr=self.stderr, **kwargs)
        self.stdout.write(self.style.SUCCESS("Site data is ready."))

    def steps(self) -> list[tuple[str, list, dict]]:
        # Reference data first, then demo content that points at it.
        return [
            ("import_legislators", [], {}),
            ("import_committees", [], {}),
            ("import_zip_districts", [], {}),
            ("load_demo_news", [], {}),
            ("load_demo_events", [], {}),
            ("load_demo_bills", [], {}),
            ("load_demo_petition", [], {}),
            # Letters: demo campaign and example.org office addresses (after the members).
            ("letters_demo", [], {}),
            # Calls: the demo call campaign /call/ shows.
            ("calls_demo", [], {}),
            # Mailings: a draft newsletter to everyone on the newsletter list.
            ("mailings_demo", [], {}),
            # Start the worker's periodic letter sweep (re-queues letters a dead worker left).
            ("letters_sweep", [], {"no_deliver": True, "schedule": True}),
        ]

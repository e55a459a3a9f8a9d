from django.core.management.base import BaseCommand

from campaign.demo import demo_content_load


class Command(BaseCommand):
    help = "Add the demo news posts, topics, campaign pages and site banner. Safe to run again."

    def handle(self, *args, **options) -> None:
        """Create whatever demo content is missing; never overwrites editors' changes."""
        created = demo_content_load()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(f"Demo news and pages: created {summary}.")

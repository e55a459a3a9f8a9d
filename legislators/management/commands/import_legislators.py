from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.clients import congress_legislators
from legislators.management.commands._datafiles import DATA_DIR, read_text
from legislators.services import MIN_MEMBERS, MembersImportReport, legislators_import
from legislators.sources import DataError


class Command(BaseCommand):
    help = (
        "Import members of Congress from the congress-legislators YAML (the shipped snapshot "
        "by default). Idempotent; never touches delivery addresses or staff notes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", help="a legislators-current.yaml file")
        source.add_argument(
            "--url",
            nargs="?",
            const=congress_legislators.DEFAULT_MEMBERS_URL,
            help="fetch legislators-current.yaml from this URL (default: the project's site)",
        )
        social = parser.add_mutually_exclusive_group()
        social.add_argument("--social-file", help="a legislators-social-media.yaml file")
        social.add_argument("--social-url", help="fetch the social media file from this URL")
        parser.add_argument(
            "--min-members",
            type=int,
            default=MIN_MEMBERS,
            help=f"refuse a file listing fewer members (default {MIN_MEMBERS})",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what the import would change, and change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Read the files, import them in one transaction and report what changed."""
        members_yaml, social_yaml = self._read_sources(options)
        source = options["url"] or str(options["file"] or DATA_DIR / "legislators-current.yaml")
        try:
            report = legislators_import(
                members_yaml=members_yaml,
                social_yaml=social_yaml,
                min_members=options["min_members"],
                dry_run=options["dry_run"],
                source=source,
            )
        except DataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("The members file is not usable; nothing was changed.") from None
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for line in change_lines(report):
            self.stdout.write(line)
        prefix = "Dry run, nothing was changed. Would be: " if report.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}Members: {report.added} added, {report.updated} updated, "
                f"{report.retired} retired, {report.unchanged} unchanged."
            )
        )

    def _read_sources(self, options: dict[str, Any]) -> tuple[str, str]:
        try:
            if options["url"]:
                self.stdout.write(f"Fetching {options['url']}")
                members_yaml = congress_legislators.fetch_text(options["url"])
            else:
                members_yaml = read_text(options["file"] or DATA_DIR / "legislators-current.yaml")
            if options["social_url"] or (options["url"] and not options["social_file"]):
                social_url = options["social_url"] or congress_legislators.social_url_for(
                    options["url"]
                )
                self.stdout.write(f"Fetching {social_url}")
                social_yaml = congress_legislators.fetch_text(social_url)
            else:
                social_yaml = read_text(
                    options["social_file"] or DATA_DIR / "legislators-social-media.yaml"
                )
        except congress_legislators.CongressLegislatorsError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        return members_yaml, social_yaml


def change_lines(report: MembersImportReport) -> list[str]:
    """The report's changes, one line each, grouped the way staff check them."""
    lines: list[str] = []
    for change in report.of_kind("arrival"):
        lines.append(f"Arrival: {change['name']} ({change['bioguide_id']}), {change['after']}")
    for change in report.of_kind("departure"):
        lines.append(
            f"Departure: {change['name']} ({change['bioguide_id']}), {change['before']}; "
            f"undelivered letters: {change['letters']}"
        )
    for change in report.of_kind("seat"):
        line = (
            f"Seat change: {change['name']} ({change['bioguide_id']}), "
            f"{change['before']} -> {change['after']}"
        )
        if "letters" in change:  # moved to the other chamber
            line += f"; undelivered letters to the old seat: {change['letters']}"
        if change.get("address_cleared"):
            line += "; office address cleared (enter the new office's)"
        lines.append(line)
    for change in report.of_kind("party"):
        lines.append(
            f"Party change: {change['name']} ({change['bioguide_id']}), "
            f"{change['before']} -> {change['after']}"
        )
    for change in report.of_kind("vacancy"):
        lines.append(f"Vacant seat: {change['seat']}")
    return lines

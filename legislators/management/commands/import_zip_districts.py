from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.congress import sitting_congress
from legislators.management.commands._datafiles import DATA_DIR, read_text
from legislators.services import MIN_ZIP_ROWS, zip_districts_import
from legislators.sources import DataError

# The shipped zccd.csv follows the 119th Congress's map.
SNAPSHOT_CONGRESS = 119


class Command(BaseCommand):
    help = (
        "Load one Congress's ZIP code -> congressional district rows from zccd.csv or a "
        "Census ZCTA relationship file (the shipped 119th snapshot by default). Only the "
        "states the file covers are replaced, in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            help="zccd.csv (state_fips,state_abbr,zcta,cd) or a Census file such as "
            "tab20_cd12020_zcta520_natl.txt (pipe-delimited)",
        )
        parser.add_argument(
            "--congress",
            type=int,
            help="the Congress whose map the file follows, such as 120 (a Census file "
            "names it in its columns; zccd.csv needs it)",
        )
        parser.add_argument(
            "--min-rows",
            type=int,
            default=MIN_ZIP_ROWS,
            help=f"refuse a file with fewer rows (default {MIN_ZIP_ROWS}; lower it for a "
            "file that covers only some states)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the whole file, then swap the covered states' rows in one transaction."""
        congress = options["congress"]
        path = options["file"]
        if not path:
            path = DATA_DIR / "zccd.csv"
            congress = congress or SNAPSHOT_CONGRESS
        self.stdout.write(f"Reading {path}")
        try:
            report = zip_districts_import(
                text=read_text(path),
                congress=congress,
                min_rows=options["min_rows"],
                progress=self._progress,
            )
        except DataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("The ZIP file is not usable; nothing was changed.") from None
        # A national file names 52 states: listing them says nothing.
        states = ", ".join(report.states) if len(report.states) <= 12 else "all in the file"
        if report.replaced:
            self.stdout.write(
                self.style.SUCCESS(
                    f"ZIP codes, {report.congress}th Congress: loaded {report.rows:,} rows "
                    f"for {len(report.states)} states ({states}); removed {report.removed:,} "
                    f"earlier rows; skipped {report.skipped:,} lines without a ZIP code "
                    "or district."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"ZIP codes, {report.congress}th Congress: the table already matches "
                    f"({report.rows:,} rows for {states})."
                )
            )
        if report.congress > sitting_congress():
            self.stdout.write(
                f"The {report.congress}th Congress has not begun; lookups use these rows "
                "from noon Eastern on its first day (or set CONGRESS_NUMBER)."
            )

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done:,} / {total:,} rows")

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from legislators.management.commands._datafiles import DATA_DIR, read_text
from legislators.services import MIN_ZIP_ROWS, zip_districts_import
from legislators.sources import DataError


class Command(BaseCommand):
    help = (
        "Replace the ZIP code -> congressional district table with zccd.csv "
        "(the shipped snapshot by default), atomically."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", help="a zccd.csv file (state_fips,state_abbr,zcta,cd)")
        parser.add_argument(
            "--min-rows",
            type=int,
            default=MIN_ZIP_ROWS,
            help=f"refuse a file with fewer rows (default {MIN_ZIP_ROWS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the whole file, then swap the table's rows in one transaction."""
        path = options["file"] or DATA_DIR / "zccd.csv"
        self.stdout.write(f"Reading {path}")
        try:
            report = zip_districts_import(
                csv_text=read_text(path), min_rows=options["min_rows"], progress=self._progress
            )
        except DataError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("The ZIP file is not usable; nothing was changed.") from None
        if report.replaced:
            self.stdout.write(self.style.SUCCESS(f"ZIP codes: loaded {report.rows:,} rows."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"ZIP codes: the table already matches ({report.rows:,} rows).")
            )

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done:,} / {total:,} rows")

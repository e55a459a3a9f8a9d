"""Workflows of the legislators app: imports and the ZIP lookup."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from legislators.models import Legislator, ZipDistrict
from legislators.sources import (
    IMPORTED_FIELDS,
    SOCIAL_FIELDS,
    parse_members,
    parse_social,
    parse_zip_districts,
)

# Imports bump this number; cached lookups carry it in their keys, so they go stale at once.
DATA_VERSION_KEY = "legislators:data-version"

# A complete members file lists about 540 members; far fewer means a truncated download.
MIN_MEMBERS = 500
# The ZCTA table has about 42,000 rows.
MIN_ZIP_ROWS = 30_000
ZIP_BATCH_SIZE = 5_000


def data_version() -> int:
    return cache.get_or_set(DATA_VERSION_KEY, 1, timeout=None)


def lookup_cache_clear() -> None:
    """Make every cached lookup stale (after the members or the ZIP table change)."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:
        cache.set(DATA_VERSION_KEY, 2, timeout=None)


@dataclass(frozen=True)
class MembersImportReport:
    added: int
    updated: int
    retired: int
    unchanged: int
    warnings: tuple[str, ...] = ()


def legislators_import(
    *, members_yaml: str, social_yaml: str = "", min_members: int = MIN_MEMBERS
) -> MembersImportReport:
    """Create or update members from the congress-legislators YAML; retire the missing.

    Raises sources.DataError, before writing anything, when a file is bad or looks
    truncated. Staff-maintained fields are never written. Runs in one transaction.
    """
    warnings: list[str] = []
    records = parse_members(members_yaml, min_members=min_members, warnings=warnings)
    social = parse_social(social_yaml) if social_yaml else {}
    blank_social = dict.fromkeys(SOCIAL_FIELDS, "")
    now = timezone.now()
    fields = IMPORTED_FIELDS + SOCIAL_FIELDS
    with transaction.atomic():
        existing = {member.bioguide_id: member for member in Legislator.objects.all()}
        to_create: list[Legislator] = []
        to_update: list[Legislator] = []
        unchanged = 0
        for record in records:
            values = {**record, **social.get(record["bioguide_id"], blank_social)}
            member = existing.get(record["bioguide_id"])
            if member is None:
                to_create.append(Legislator(**values, is_serving=True, imported_at=now))
                continue
            changed = not member.is_serving or any(
                getattr(member, field) != values[field] for field in fields
            )
            if not changed:
                unchanged += 1
                continue
            for field in fields:
                setattr(member, field, values[field])
            member.is_serving = True
            to_update.append(member)
        listed = {record["bioguide_id"] for record in records}
        retiring = [
            member.pk
            for bioguide, member in existing.items()
            if bioguide not in listed and member.is_serving
        ]
        Legislator.objects.bulk_create(to_create, batch_size=500)
        Legislator.objects.bulk_update(to_update, [*fields, "is_serving"], batch_size=500)
        Legislator.objects.filter(pk__in=retiring).update(is_serving=False)
        Legislator.objects.filter(bioguide_id__in=listed).update(imported_at=now)
        transaction.on_commit(lookup_cache_clear)
    return MembersImportReport(
        added=len(to_create),
        updated=len(to_update),
        retired=len(retiring),
        unchanged=unchanged,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class ZipImportReport:
    rows: int
    replaced: bool


def zip_districts_import(
    *,
    csv_text: str,
    min_rows: int = MIN_ZIP_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> ZipImportReport:
    """Replace the ZIP -> district table with the rows of zccd.csv, atomically.

    Raises sources.DataError, before writing anything, when the file is bad. When the
    table already holds exactly these rows nothing is written (`replaced` is False).
    `progress(done, total)` is called after each batch.
    """
    rows = parse_zip_districts(csv_text, min_rows=min_rows)
    current = set(ZipDistrict.objects.values_list("zcta", "state_fips", "state", "district"))
    if current == set(rows):
        return ZipImportReport(rows=len(rows), replaced=False)
    with transaction.atomic():
        ZipDistrict.objects.all().delete()
        for start in range(0, len(rows), ZIP_BATCH_SIZE):
            batch = rows[start : start + ZIP_BATCH_SIZE]
            ZipDistrict.objects.bulk_create(
                ZipDistrict(zcta=zcta, state_fips=fips, state=state, district=district)
                for zcta, fips, state, district in batch
            )
            if progress:
                progress(start + len(batch), len(rows))
        transaction.on_commit(lookup_cache_clear)
    return ZipImportReport(rows=len(rows), replaced=True)

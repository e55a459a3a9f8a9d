"""Which Congress is sitting, and which states drew new House maps for it.

Since the 20th Amendment (the 74th Congress, 1935) each Congress begins at noon
US/Eastern on January 3 of an odd year; the 119th began on 2025-01-03, the 120th
begins on 2027-01-03. The ZIP table, the geocoder layer and every cache key follow
the number returned by `sitting_congress()`.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

EASTERN = ZoneInfo("America/New_York")
# The first Congress whose term began on January 3 (the 20th Amendment).
FIRST_JANUARY_CONGRESS = 74
SWEARING_IN = datetime.time(12, 0)

# States that drew a new House map for a Congress, where the ZIP rows of the Congress
# before it must not be used. For the 120th: the states that redrew between the 2024
# and 2026 elections (Ballotpedia's list; Virginia's and Indiana's attempts did not
# change their maps). After the 2030 census every state redraws for the 123rd: list
# them all then, or set CHANGED_MAP_STATES.
CHANGED_MAPS: dict[int, frozenset[str]] = {
    120: frozenset({"AL", "CA", "FL", "LA", "MO", "NC", "OH", "TN", "TX", "UT"}),
}


def congress_start(number: int) -> datetime.datetime:
    """The moment the `number`th Congress begins: noon US/Eastern, January 3 of its first year."""
    if number < FIRST_JANUARY_CONGRESS:
        raise ValueError(f"The {number}th Congress did not begin on January 3.")
    year = 1789 + 2 * (number - 1)
    return datetime.datetime.combine(datetime.date(year, 1, 3), SWEARING_IN, tzinfo=EASTERN)


def congress_at(moment: datetime.datetime) -> int:
    """The number of the Congress sitting at `moment` (an aware datetime)."""
    if timezone.is_naive(moment):
        raise ValueError("congress_at needs an aware datetime.")
    year = moment.astimezone(EASTERN).year
    # The Congress whose first year is this year or the one before.
    number = (year - 1789) // 2 + 1
    if moment < congress_start(number):
        number -= 1
    return number


def sitting_congress() -> int:
    """The Congress sitting now, or the one pinned by the CONGRESS_NUMBER setting."""
    pinned = getattr(settings, "CONGRESS_NUMBER", None)
    return pinned if pinned else congress_at(timezone.now())


def seconds_until_next_congress() -> int:
    """Whole seconds until the next Congress begins, so no cache outlives the sitting one."""
    remaining = congress_start(congress_at(timezone.now()) + 1) - timezone.now()
    return max(0, int(remaining.total_seconds()))


def changed_map_states(congress: int) -> frozenset[str]:
    """States whose House map for `congress` differs from the Congress before it.

    The CHANGED_MAP_STATES setting, when set, names them for the sitting Congress.
    """
    override = getattr(settings, "CHANGED_MAP_STATES", None)
    if override is not None and congress == sitting_congress():
        return frozenset(override)
    return CHANGED_MAPS.get(congress, frozenset())


def term_boundary(day: datetime.date) -> datetime.datetime:
    """A roster `start`/`end` date as the moment it takes effect: noon Eastern that day."""
    return datetime.datetime.combine(day, SWEARING_IN, tzinfo=EASTERN)

"""Which Congress sits at a given moment.

The Nth Congress begins at noon US/Eastern on January 3 of the odd year
1789 + 2 * (N - 1) (the 20th Amendment). The setting CONGRESS_NUMBER, when set,
pins the answer (for a site that must keep answering for one Congress).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

EASTERN = ZoneInfo("America/New_York")
FIRST_YEAR = 1789


def congress_start(number: int) -> datetime.datetime:
    """The moment the `number`th Congress begins: noon Eastern, January 3."""
    return datetime.datetime(FIRST_YEAR + 2 * (number - 1), 1, 3, 12, tzinfo=EASTERN)


def congress_at(moment: datetime.datetime) -> int:
    """The number of the Congress sitting at `moment` (an aware datetime)."""
    pinned = getattr(settings, "CONGRESS_NUMBER", None)
    if pinned:
        return int(pinned)
    eastern = moment.astimezone(EASTERN)
    number = (eastern.year - FIRST_YEAR) // 2 + 1
    if eastern < congress_start(number):
        number -= 1
    return number


def term_boundary(day: datetime.date) -> datetime.datetime:
    """A roster `start`/`end` date as the moment it takes effect: noon Eastern that day."""
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=EASTERN)

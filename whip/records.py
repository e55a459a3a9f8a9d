"""Members' records across the versions of the bill, for the scorecard and the whip board.

A reintroduced bill starts its cosponsors from zero: the members who backed an earlier
version are the first people organizers ask to sign on again, and the scorecard names
them publicly ("cosponsored in the 119th; not yet in the 120th").
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from legislators.models import Bill, Legislator, Stance
from legislators.services import version_records

BACKED = (Stance.SPONSOR, Stance.COSPONSOR)
Records = dict[int, list[tuple[Bill, str]]]


@dataclass(frozen=True)
class EarlierBacking:
    """A member backed `version` (as sponsor or cosponsor) and not yet `bill`."""

    version: Bill
    stance: str
    bill: Bill

    @property
    def summary(self) -> str:
        """One short line: "cosponsored in the 119th; not yet in the 120th"."""
        values = {"then": self.version.congress_ordinal, "now": self.bill.congress_ordinal}
        if self.stance == Stance.SPONSOR:
            return _("sponsored in the %(then)s; not yet in the %(now)s") % values
        return _("cosponsored in the %(then)s; not yet in the %(now)s") % values


def member_records(*, bill: Bill, legislators: Iterable[Legislator]) -> Records:
    """Each member's stance on every version of `bill`'s family, newest Congress first.

    A bill outside any family has no other version: nothing to read, no query.
    """
    legislators = list(legislators)
    if bill.family_id is None:
        return {}
    return version_records(bill=bill, legislators=legislators)


def asks_again(*, bill: Bill, records: Records) -> bool:
    """Whether `bill` is its family's newest version and has an earlier one: only then can
    a member have backed an earlier version and "not yet" this one."""
    congresses = {version.congress for rows in records.values() for version, _s in rows}
    return any(c < bill.congress for c in congresses) and not any(
        c > bill.congress for c in congresses
    )


def backed_an_earlier_version(
    *,
    bill: Bill,
    legislators: Iterable[Legislator],
    records: Records | None = None,
    backers: set[int] | None = None,
) -> dict[int, EarlierBacking]:
    """Members who sponsored or cosponsored an earlier version of `bill` and do not back it.

    {legislator_id: EarlierBacking} with the newest earlier version each backed, judged in
    the member's own chamber. Empty when `bill` is not its family's newest version: "not
    yet" would be wrong about a Congress that is over. Pass `records` (from
    member_records) when the caller has them already, and `backers`, the members the
    caller already counts as sponsor or cosponsor of `bill`: the records judge each
    Congress on one of its versions and that version's companion, so a companion linked
    from one side only would otherwise leave a cosponsor looking like a member to ask.
    """
    legislators = list(legislators)
    if records is None:
        records = member_records(bill=bill, legislators=legislators)
    if not asks_again(bill=bill, records=records):
        return {}
    backing: dict[int, EarlierBacking] = {}
    for member in legislators:
        rows = records.get(member.pk, [])
        now = next((stance for version, stance in rows if version.congress == bill.congress), "")
        if now in BACKED or (backers is not None and member.pk in backers):
            continue
        earlier = next(
            (
                (version, stance)
                for version, stance in rows
                if version.congress < bill.congress and stance in BACKED
            ),
            None,
        )
        if earlier is not None:
            version, stance = earlier
            backing[member.pk] = EarlierBacking(version=version, stance=stance, bill=bill)
    return backing

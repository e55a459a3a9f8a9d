"""Whip status changes, each kept in its history and the audit trail."""

from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from accounts.services import audit_record
from legislators.models import Bill, Legislator
from whip.models import WhipChoice, WhipStatus, WhipStatusChange


def whip_status_update(
    *,
    bill: Bill,
    legislator: Legislator,
    user: AbstractBaseUser | None,
    status: str,
    last_contact: date | None,
    organizer: AbstractBaseUser | None,
    notes: str,
    note: str = "",
) -> WhipStatus:
    """Set a member's whip status on a bill and keep the change in its history.

    `note` is a remark about this change (kept in the history); `notes` are the
    standing notes on the member. "cosponsor" cannot be set: it comes from
    cosponsorships. Nothing is recorded when nothing changed and no note was given.
    """
    if status == WhipChoice.COSPONSOR or status not in WhipChoice.values:
        raise ValueError(f"{status!r} is not a whip status staff can set")
    with transaction.atomic():
        whip, _created = WhipStatus.objects.select_for_update().get_or_create(
            bill=bill, legislator=legislator
        )
        other: list[str] = []
        if whip.last_contact != last_contact:
            other.append(f"last contact: {last_contact.isoformat() if last_contact else '—'}")
        organizer_id = organizer.pk if organizer is not None else None
        if whip.organizer_id != organizer_id:
            other.append(f"organizer: {organizer.get_username() if organizer else '—'}")
        if whip.notes != notes:
            other.append("notes edited")
        note = note.strip()
        if whip.status == status and not other and not note:
            return whip
        old_status = whip.status
        whip.status = status
        whip.last_contact = last_contact
        whip.organizer = organizer
        whip.notes = notes
        whip.save()
        WhipStatusChange.objects.create(
            whip_status=whip,
            changed_by=user,
            old_status=old_status,
            new_status=status,
            other_changes="; ".join(other)[:500],
            note=note,
        )
        audit_record(
            actor=user,
            action="legislators.whipstatus.change",
            target=legislator,
            details={"bill": bill.key, "old_status": old_status, "new_status": status},
        )
    return whip


def whip_statuses_carry_over(*, bill: Bill) -> int:
    """Give returning members on `bill` (and its companion) the status they had on the last
    earlier version in the same chamber; returns how many statuses were carried over.

    Organizers worked on a member for years: a reintroduced bill starts its cosponsors from
    zero, but not what the campaign knows about each member. Members who already have a
    status on the new version keep it, so running this again changes nothing.
    """
    if bill.family_id is None:
        return 0
    family = list(Bill.objects.filter(family_id=bill.family_id))
    carried = 0
    with transaction.atomic():
        for version in [bill, bill.companion] if bill.companion_id else [bill]:
            earlier = sorted(
                (
                    other
                    for other in family
                    if other.chamber == version.chamber and other.congress < version.congress
                ),
                key=lambda other: other.congress,
                reverse=True,
            )
            if not earlier:
                continue
            have = set(
                WhipStatus.objects.filter(bill=version).values_list("legislator_id", flat=True)
            )
            serving = set(
                Legislator.objects.serving()
                .filter(chamber=version.chamber)
                .values_list("pk", flat=True)
            )
            for old in earlier:  # newest first: the latest knowledge wins
                rows = WhipStatus.objects.filter(bill=old, legislator_id__in=serving - have)
                for status in rows.select_related("organizer"):
                    new = WhipStatus.objects.create(
                        bill=version,
                        legislator_id=status.legislator_id,
                        status=status.status,
                        last_contact=status.last_contact,
                        organizer=status.organizer,
                        notes=status.notes,
                    )
                    WhipStatusChange.objects.create(
                        whip_status=new,
                        changed_by=None,
                        old_status=WhipChoice.UNKNOWN,
                        new_status=status.status,
                        note=gettext("Carried over from %(bill)s (%(congress)s Congress).")
                        % {"bill": old.citation, "congress": old.congress_ordinal},
                    )
                    have.add(status.legislator_id)
                    carried += 1
    return carried


def current_bill_changed(*, bill: Bill, **kwargs: Any) -> None:
    """Receiver of legislators.signals.current_bill_changed."""
    whip_statuses_carry_over(bill=bill)

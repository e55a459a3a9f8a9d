"""Whip status changes, each kept in its history and the audit trail."""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

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

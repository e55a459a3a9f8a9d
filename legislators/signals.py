"""Signals the legislators app sends to the apps above it (letters, whip).

legislators never imports those apps; they connect receivers to these signals.
"""

from django.dispatch import Signal

# Sent by `legislators_import` (manage.py import_legislators), inside its transaction,
# once per import that finds members who left office, before the import is committed.
#
# Arguments:
#   sender       the `Legislator` class.
#   legislators  list[Legislator]: the members who left with this import, already saved
#                as not serving (`is_serving` False, `left_office_at` set) and the rest of
#                the roster already written, so a receiver can look up who holds each
#                seat now.
#   dry_run      bool: True when staff only preview the import (`--dry-run`). A receiver
#                should then only count: the whole transaction, the receiver's writes
#                included, is rolled back afterwards and no email may leave.
#
# A receiver may return a dict {legislator_id: number of undelivered letters to that
# member} (the letters it held or stopped, or would on a dry run); the import adds up
# the answers of all receivers and prints them next to each departure. Any other return
# value is ignored. An exception in a receiver aborts the import (nothing is changed).
members_departed = Signal()

# Sent by `legislators_import`, inside its transaction, once per import that finds serving
# members who moved to the other chamber (a representative elected to the Senate), with
# the same arguments and return value as `members_departed`. Their undelivered letters
# were written to their old seat (its title and its constituents), and their old office
# closes; the import has already cleared their delivery address, which was that office's.
members_changed_chamber = Signal()

# Sent by `reintroduction_confirm` (staff confirming a reintroduced bill in the admin),
# inside its transaction, when the campaign's current bill changes to a new version, or
# when the current bill gains its companion in the other chamber.
#
# Arguments:
#   sender    the `Bill` class.
#   bill      Bill: the current bill now (its `previous_version` is the same bill in
#             the same chamber in an earlier Congress, when we know it; its `companion`
#             the other chamber's version, when there is one).
#   previous  Bill | None: the bill that was current until now (`bill` itself when only
#             a companion was added).
#
# The whip app carries whip statuses and notes of returning members over to `bill`.
# Return values are ignored; an exception aborts the confirmation.
current_bill_changed = Signal()

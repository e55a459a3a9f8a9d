"""Signals the supporters app sends to the apps above it.

Apps above `supporters` (petitions, letters, ...) connect receivers in their
`AppConfig.ready`; `supporters` never imports them.
"""

from django.dispatch import Signal

supporter_deleting = Signal()
"""Sent inside the transaction that deletes one supporter, before the delete.

Arguments: `sender` is the Supporter class; `supporter` is the Supporter about to be
deleted (its related rows still exist). Receivers adjust whatever they derived from
those rows (for example petition counters); raising aborts the deletion.
"""

consent_withdrawn = Signal()
"""Sent after the transaction that takes a supporter off one list commits.

Arguments: `sender` is the ListConsent class; `supporter_id` is the supporter's id;
`email_list` is the EmailList value they left. Sent once per list actually left
(repeating an unsubscribe sends nothing).
"""

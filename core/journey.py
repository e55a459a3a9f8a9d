"""Session keys through which one action's pages learn what the supporter did in another.

Letters and calls are sibling apps that never import each other; the key a letter's
"sent" step leaves in the session is named here so the call flow can read it.
"""

# The id of the letter submission this session sent (set by the letter flow).
LETTER_SENT_SESSION_KEY = "letters.sent"

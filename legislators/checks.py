"""Start-up checks of the legislators settings that config/settings.py cannot make alone."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from legislators.states import STATES


@register()
def changed_map_states_are_known(**kwargs: Any) -> list[Error]:
    """CHANGED_MAP_STATES must name real states: a typo would send a redrawn state's
    supporters the old map's representative."""
    unknown = [code for code in settings.CHANGED_MAP_STATES or [] if code not in STATES]
    return [
        Error(
            f"CHANGED_MAP_STATES names {code!r}, which is not a state, DC or territory code.",
            id="legislators.E001",
        )
        for code in unknown
    ]

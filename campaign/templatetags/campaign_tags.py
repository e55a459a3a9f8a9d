from django import template

from accounts.staff import is_organizer
from campaign.home_blocks import letter_start_url as _letter_start_url

register = template.Library()


@register.simple_tag
def letter_start_url() -> str:
    return _letter_start_url()


@register.filter
def may_whip(user: object) -> bool:
    """True for users who may open the whip board (Organizers and superusers)."""
    return is_organizer(user)

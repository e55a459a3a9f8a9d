from django import template

from campaign.home_blocks import letter_start_url as _letter_start_url

register = template.Library()


@register.simple_tag
def letter_start_url() -> str:
    return _letter_start_url()

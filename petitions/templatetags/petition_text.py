"""The petition's plain text as HTML: paragraphs, and lines starting with "- " as a list."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")
_ITEM = re.compile(r"^\s*[-*•]\s+")


def _block_html(block: str) -> str:
    # A block may open with a sentence and go on with items, or be items only.
    parts: list[str] = []
    prose: list[str] = []
    items: list[str] = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        if _ITEM.match(line):
            if prose:
                parts.append("<p>" + "<br>".join(prose) + "</p>")
                prose = []
            items.append("<li>" + escape(_ITEM.sub("", line).strip()) + "</li>")
        else:
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            prose.append(escape(line.strip()))
    if prose:
        parts.append("<p>" + "<br>".join(prose) + "</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)


@register.filter(is_safe=True)
def paragraphs_and_lists(value: str) -> SafeString:
    """Plain text in, escaped HTML out: blank lines part paragraphs, "- " lines make a list."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if not text:
        return mark_safe("")
    return mark_safe("\n".join(_block_html(block) for block in _BLANK_LINES.split(text)))

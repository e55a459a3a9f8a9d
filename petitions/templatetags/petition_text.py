"""The petition's plain text as HTML: paragraphs, and lines starting with "- " as a list."""

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")
_ITEM = re.compile(r"^\s*[-*•]\s+")
_BREAK = SafeString("<br>")
_NEWLINE = SafeString("\n")


def _paragraph(lines: list[str]) -> SafeString:
    return format_html("<p>{}</p>", format_html_join(_BREAK, "{}", ((line,) for line in lines)))


def _list(items: list[str]) -> SafeString:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def _block_html(block: str) -> SafeString:
    # A block may open with a sentence and go on with items, or be items only.
    parts: list[SafeString] = []
    prose: list[str] = []
    items: list[str] = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        if _ITEM.match(line):
            if prose:
                parts.append(_paragraph(prose))
                prose = []
            items.append(_ITEM.sub("", line).strip())
        else:
            if items:
                parts.append(_list(items))
                items = []
            prose.append(line.strip())
    if prose:
        parts.append(_paragraph(prose))
    if items:
        parts.append(_list(items))
    return format_html_join(_NEWLINE, "{}", ((part,) for part in parts))


@register.filter(is_safe=True)
def paragraphs_and_lists(value: str) -> SafeString:
    """Plain text in, escaped HTML out: blank lines part paragraphs, "- " lines make a list."""
    text = str(value or "").replace("\r\n", "\n").strip()
    blocks = _BLANK_LINES.split(text) if text else []
    return format_html_join(_NEWLINE, "{}", ((_block_html(block),) for block in blocks))

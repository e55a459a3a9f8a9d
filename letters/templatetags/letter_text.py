from django import template

register = template.Library()

# letters.emails.letter_body ends every letter with the signature block, whose last part,
# after this line, is the footer to the office (always English).
FOOTER_MARK = "\n--\n"


@register.filter
def letter_parts(body: str) -> tuple[str, str]:
    """(the letter and signature, the footer to the office), so pages can mark the footer
    as English on a Spanish page."""
    text, mark, footer = body.rpartition(FOOTER_MARK)
    if not mark:
        return body, ""
    return f"{text}\n--", footer

"""Share cards: the picture a link to a petition, a letter campaign or a news post shows.

Drawn here with Pillow (the title on the campaign's colours), never by a third-party
service, and kept in the cache: a card is redrawn only when its title changes.
"""

import hashlib
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from PIL import Image, ImageDraw, ImageFont

# The size Open Graph consumers crop least (1.91:1).
WIDTH, HEIGHT = 1200, 630
# The site's colours (static/css/site.css): brand blue, its dark shade, the accent red.
BRAND = "#0b3d91"
BRAND_DARK = "#072a66"
ACCENT = "#b3261e"
WHITE = "#ffffff"
MARGIN = 80
TITLE_SIZES = (76, 64, 54, 46)
MAX_LINES = 4
CACHE_SECONDS = 60 * 60 * 24 * 30
# Bumped when the drawing changes, so cached cards are redrawn.
DESIGN_VERSION = 1


def _font(size: int) -> ImageFont.FreeTypeFont:
    # Pillow's own bundled font: the same card on every machine, no system fonts needed.
    return ImageFont.load_default(size=size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or font.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _title_lines(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    # The largest size that fits; at the smallest, long titles end with an ellipsis.
    for size in TITLE_SIZES:
        font = _font(size)
        lines = _wrap(title, font, width)
        if len(lines) <= MAX_LINES:
            return font, lines
    lines = lines[:MAX_LINES]
    last = lines[-1]
    while last and font.getlength(f"{last}…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = f"{last}…"
    return font, lines


def card_png(*, title: str, label: str) -> bytes:
    """A 1200x630 PNG: `label` (what kind of page) above `title`, the campaign's name below."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 110, WIDTH, HEIGHT), fill=BRAND_DARK)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    text_width = WIDTH - 2 * MARGIN
    label_font = _font(34)
    draw.text((MARGIN, 70), label.upper(), font=label_font, fill=WHITE)
    draw.rectangle((MARGIN, 122, MARGIN + 120, 130), fill=ACCENT)
    font, lines = _title_lines(" ".join(title.split()), text_width)
    line_height = int(font.size * 1.2)
    top = 160 + max(0, (HEIGHT - 110 - 160 - line_height * len(lines)) // 2 - 20)
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * line_height), line, font=font, fill=WHITE)
    draw.text(
        (MARGIN, HEIGHT - 55), settings.CAMPAIGN_NAME, font=_font(38), fill=WHITE, anchor="lm"
    )
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached_card_png(*, title: str, label: str) -> bytes:
    """The card for this title and label, drawn once and then served from the cache."""
    digest = hashlib.sha256(
        f"{DESIGN_VERSION}\0{settings.CAMPAIGN_NAME}\0{label}\0{title}".encode()
    ).hexdigest()
    key = f"og-card:{digest}"
    png = cache.get(key)
    if png is None:
        png = card_png(title=title, label=label)
        cache.set(key, png, CACHE_SECONDS)
    return png

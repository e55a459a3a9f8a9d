"""What counts as "English of ours left on a Spanish page": the catalogue's own sentences.

Every string of ours goes through gettext, so the Spanish catalogue lists them all. A
sentence of ours is a run of at least four words between placeholders and tags in a msgid;
finding one on a Spanish page (or in a Spanish email) means it was not translated. Proper
names, bill titles and members' names never count: they are not msgids, and a run the
translator kept as it is (in its msgstr) is allowed.
"""

import ast
import html
import re
from functools import cache
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MISSING = (
    f"The Spanish catalogue {CATALOGUE.relative_to(settings.BASE_DIR)} is missing: merge the "
    "branch that writes it (git merge catalogue) before running this test."
)

_SPLIT = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{[^}]*\}|<[^>]+>|\n|\\n|&[a-z]+;|“|”|\"")
_WORD = re.compile(r"[A-Za-z\u2019']+")
_VISIBLE_ATTRS = re.compile(
    r'\s(?:alt|title|aria-label|placeholder|content|value)="([^"]*)"', re.IGNORECASE
)


def _entries(text: str) -> list[dict]:
    """msgid / msgstr pairs of a .po file (enough of the format for Django's output)."""
    entries, current, key = [], {}, None
    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = {}, None
            continue
        if line.startswith("#,"):
            current["fuzzy"] = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key = match[1]
            current[key] = ast.literal_eval(match[2])
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    return entries


@cache
def english_sentences() -> tuple[str, ...]:
    """The runs of four or more English words of ours that a Spanish page must not show."""
    if not CATALOGUE.exists():
        raise FileNotFoundError(MISSING)
    runs = set()
    for entry in _entries(CATALOGUE.read_text(encoding="utf-8")):
        msgid = entry.get("msgid", "")
        translated = " ".join(v for k, v in entry.items() if k.startswith("msgstr"))
        if not msgid:
            continue
        for source in filter(None, (msgid, entry.get("msgid_plural", ""))):
            for part in _SPLIT.split(source):
                run = " ".join(part.split()).strip(" .,:;!?()\u00b7-\u2013\u2014")
                if len(_WORD.findall(run)) < 4 or run in translated:
                    continue
                runs.add(run)
    return tuple(sorted(runs))


def visible_text(page: str) -> str:
    """What a reader sees or hears: text, alt texts, labels, titles, meta descriptions."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.IGNORECASE)
    # Text marked as English on purpose: what the office receives, content not yet translated.
    page = re.sub(r'<(?!html\b)(\w+)\b[^>]*\slang="en"[^>]*>.*?</\1>', " ", page, flags=re.S)
    attributes = " ".join(_VISIBLE_ATTRS.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(f"{text} {attributes}").split())


def english_left(page: str) -> list[str]:
    """Our English sentences found in `page` (HTML or plain text)."""
    text = visible_text(page)
    return [run for run in english_sentences() if run in text]

"""The Spanish catalogue is complete: no empty or fuzzy entry, and every string of ours is in it.

The second check runs scripts/update-catalogue (Django's makemessages) on a copy of the
project: a string added to the code or a template but not to the catalogue shows up there as
an empty entry (or a fuzzy guess), and the test names it.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale/es/LC_MESSAGES/django.po")
# What makemessages reads (the apps, templates, settings) and needs to run; not the rest.
LEFT_OUT = {".venv", "var", ".git", "node_modules", "bench", "tests", "docs", "static"}
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path, *flags: str) -> list[str]:
    """The msgids msgattrib selects with `flags` (the header left out)."""
    listed = subprocess.run(
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for block in listed.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        text, reading = "", False
        for line in lines:
            if line.startswith("msgid "):
                reading = True
            elif line.startswith(("msgstr", "msgid_plural", "msgctxt")):
                reading = False
            if reading:
                text += "".join(STRING.findall(line))
        if text:
            found.append(text)
    return found


def problems(po: Path) -> list[str]:
    return [f"empty: {msgid!r}" for msgid in entries(po, "--untranslated")] + [
        f"fuzzy: {msgid!r}" for msgid in entries(po, "--only-fuzzy")
    ]


def copy_sources(destination: Path) -> None:
    for item in ROOT.iterdir():
        if item.name in LEFT_OUT or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, destination / item.name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy2(item, destination / item.name)


def refresh(destination: Path) -> Path:
    """The copy's catalogue brought up to date with the copy's strings."""
    subprocess.run(
        ["scripts/update-catalogue"],
        cwd=destination,
        env={"PY": sys.executable, "PATH": "/usr/bin:/bin:/usr/local/bin", "DEBUG": "1"},
        capture_output=True,
        check=True,
    )
    return destination / CATALOGUE


@pytest.fixture(autouse=True)
def gettext_tools():
    # .ci/run and `make test` install or ask for them (scripts/compile-messages).
    assert shutil.which("msgattrib"), "gettext's tools are missing: apt-get install gettext"


def test_no_entry_of_the_catalogue_is_empty_or_fuzzy():
    assert problems(ROOT / CATALOGUE) == []


def test_every_string_of_ours_is_in_the_catalogue(tmp_path):
    copy_sources(tmp_path)
    missing = problems(refresh(tmp_path))
    assert missing == [], "Run `make catalogue` and translate:\n" + "\n".join(missing)


def test_a_new_string_missing_from_the_catalogue_is_named(tmp_path):
    copy_sources(tmp_path)
    template = tmp_path / "templates" / "404.html"
    template.write_text(
        template.read_text() + '{% translate "A sentence nobody has translated yet" %}\n'
    )
    missing = problems(refresh(tmp_path))
    assert "empty: 'A sentence nobody has translated yet'" in missing

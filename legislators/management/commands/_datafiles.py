from pathlib import Path

from django.core.management.base import CommandError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def read_text(path: Path | str) -> str:
    """A data file's text, or a CommandError that says why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from None

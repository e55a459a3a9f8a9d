"""A local SMTP server that accepts everything and writes down what it got.

Run as its own process: `python -m bench.sink --port N --log FILE [--raw-dir DIR --keep N]`.
Each message adds one line "<Message-ID> TAB recipient,recipient TAB unix time" to the log,
flushed at once so the harness can count while it runs; the first --keep messages are also saved
whole, for the plain smtplib comparison.
"""

import argparse
import re
import signal
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)


def message_id(content: bytes) -> str:
    """The Message-ID header of a raw message ("" when it has none), from the header block."""
    head = re.split(rb"\r?\n\r?\n", content, maxsplit=1)[0]
    match = _MESSAGE_ID.search(head)
    return match[1].decode("ascii", "replace") if match else ""


class RecordingHandler:
    def __init__(self, log_path: Path, raw_dir: Path | None, keep: int) -> None:
        self.log = log_path.open("a", buffering=1)
        self.raw_dir = raw_dir
        self.keep = keep
        self.saved = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.content
        with self.lock:
            if self.raw_dir is not None and self.saved < self.keep:
                self.saved += 1
                (self.raw_dir / f"{self.saved:06d}.eml").write_bytes(content)
            recipients = ",".join(envelope.rcpt_tos)
            self.log.write(f"{message_id(content)}\t{recipients}\t{time.time():.6f}\n")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path)
    parser.add_argument("--keep", type=int, default=0)
    options = parser.parse_args()
    if options.raw_dir:
        options.raw_dir.mkdir(parents=True, exist_ok=True)
    handler = RecordingHandler(options.log, options.raw_dir, options.keep)
    controller = Controller(
        handler, hostname=options.host, port=options.port, data_size_limit=10_000_000
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    print(f"SMTP sink listening on {options.host}:{options.port}", flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

"""The mailing scenario: a newsletter to every generated supporter, sent by two workers.

Measured, in order:
1. starting the send (`mailing_start`: the checks, then the audience snapshot in one
   INSERT ... SELECT), in seconds;
2. the delivery rate of two `db_worker` processes, from the SMTP sink's arrival times up to
   the moment one of them is killed (the first quarter, while they start, left out);
3. one worker killed with SIGKILL halfway through the delivery window and started again at
   once (as systemd's Restart=always would); once its claimed rows are stale,
   `manage.py mailings_sweep` (cron's job in production) hands them on. Messages lost and
   messages that arrived twice are counted by Message-ID; a duplicate is allowed only among
   the rows that were being sent when the worker died (the documented in-flight window);
4. the workers' peak memory (VmHWM);
5. the same messages, byte for byte as the sink received them, sent again by a plain smtplib
   loop over one connection: the ceiling the workers' rate is compared with.

The snapshot covers the whole audience (a million rows at full size); delivery is watched for
DELIVERY_WINDOW messages, then the send is paused as staff would, the batches in flight finish,
and every row the database records as sent is looked for at the sink. Rows still queued are
not lost: resuming would send them. A small audience (the smoke run) is delivered in full.
"""

import json
import smtplib
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import results
from bench.sink import message_id as raw_message_id
from bench.stack import Stack, log

WORKERS = ("mailer-1", "mailer-2")
# Far above what two workers reach here: the throttle takes part (one Redis round trip per
# tenth of a second's allowance) without ever holding a message back.
RATE = 100_000
# The most messages the smtplib ceiling sends again.
BASELINE_MAX = 20_000
# How many messages of a large mailing are delivered and checked (a million would take hours).
DELIVERY_WINDOW = 30_000


class SinkReader:
    """Follows the sink's log from where it stands, counting one mailing's messages."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix
        self.offset = path.stat().st_size if path.exists() else 0
        self.counts: Counter = Counter()
        self.times: list[float] = []
        self.recipients: dict[str, list[str]] = {}

    def poll(self) -> int:
        """Read what arrived since the last call; the distinct messages seen so far."""
        if not self.path.exists():
            return 0
        with self.path.open("rb") as log_file:
            log_file.seek(self.offset)
            for raw in log_file:
                if not raw.endswith(b"\n"):
                    break
                self.offset += len(raw)
                fields = raw.decode("utf-8", "replace").rstrip("\n").split("\t")
                if len(fields) != 3 or not fields[0].startswith(self.prefix):
                    continue
                self.counts[fields[0]] += 1
                self.times.append(float(fields[2]))
                self.recipients.setdefault(fields[0], [r for r in fields[1].split(",") if r])
        return len(self.counts)


def appdata(stack: Stack, env: dict[str, str], *args: str) -> dict[str, Any]:
    output = stack.python("-m", "bench.appdata", *args, env=env)
    return json.loads(output.stdout.strip().splitlines()[-1])


def wait_until(reader: SinkReader, count: int, timeout_s: float, *, stack: Stack) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if reader.poll() >= count:
            return True
        for name in WORKERS:
            stack._check_alive(name)
        time.sleep(0.2)
    return False


def run(stack: Stack, spec: dict[str, Any], *, smoke: bool) -> dict[str, Any]:
    """The whole scenario; the default worker is stopped meanwhile so only two workers send."""
    mailing_id = spec["mailing_id"]
    stale_s = 3 if smoke else 20
    env = {
        "MAILING_WORKERS": str(len(WORKERS)),
        "MAILING_RATE": str(RATE),
        "MAILING_STALE_SECONDS": str(stale_s),
    }
    stack.stop_worker()
    try:
        return _run(stack, mailing_id, env, stale_s)
    finally:
        for name in WORKERS:
            stack.stop(name)
        stack.start_worker()


def _run(stack: Stack, mailing_id: int, env: dict[str, str], stale_s: int) -> dict[str, Any]:
    reader = SinkReader(stack.sink_log, f"<m{mailing_id}.")
    log("mailing: starting the send (audience snapshot)")
    started = appdata(stack, env, "mailing-start", "--mailing-id", str(mailing_id))
    total = started["total"]
    target = min(total, DELIVERY_WINDOW)
    log(f"mailing: {total} recipients in {started['snapshot_s']}s; two workers sending {target}")
    workers_started = time.time()
    for name in WORKERS:
        stack.start_worker(name, env)
    # Generous: at least 20 messages a second, plus start-up.
    timeout_s = 120 + target / 20
    if not wait_until(reader, target // 2, timeout_s, stack=stack):
        raise RuntimeError(
            f"mailing: fewer than {target // 2} messages arrived in {timeout_s:.0f}s"
        )
    killed_at = time.time()
    peaks = [stack.kill(WORKERS[0])]
    at_kill = appdata(stack, env, "mailing-state", "--mailing-id", str(mailing_id))
    in_flight = set(at_kill["sending"])
    log(f"mailing: killed {WORKERS[0]} with SIGKILL; {len(in_flight)} rows were being sent")
    log(f"mailing: {reader.poll()} arrived so far; restarting {WORKERS[0]}")
    reader.poll()
    # The steady rate: the first quarter covers the two workers starting up (a Django process
    # each, whose first message also loads the URLs and compiles the templates).
    before_kill = sorted(at for at in reader.times if at <= killed_at)
    before_kill = before_kill[len(before_kill) // 4 :]
    stack.start_worker(WORKERS[0], env)
    # Once the dead worker's rows are stale the sweep hands them on; then the rest arrives.
    time.sleep(stale_s + 0.5)
    stack.python("manage.py", "mailings_sweep", env=env)
    if not wait_until(reader, target, timeout_s, stack=stack):
        # Another sweep, as cron's next run would, before giving up.
        stack.python("manage.py", "mailings_sweep", env=env)
        wait_until(reader, target, 60, stack=stack)
    if target < total:
        # Enough seen: pause as staff would, and let the batches in flight finish.
        appdata(stack, env, "mailing-pause", "--mailing-id", str(mailing_id))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not appdata(stack, env, "mailing-state", "--mailing-id", str(mailing_id))["sending"]:
                break
            time.sleep(1)
    finished_at = time.time()
    log(f"mailing: {reader.poll()} of {total} arrived")
    peaks += [stack.rss_mb(name) for name in WORKERS]
    final = appdata(stack, env, "mailing-state", "--mailing-id", str(mailing_id), "--with-sent")
    sent = set(final.pop("sent"))
    loss = results.mailing_loss(sent=sent, arrivals=reader.counts, in_flight=in_flight)
    rate = results.arrival_rate(before_kill)
    baseline = smtplib_rate(stack, reader)
    return {
        "recipients": total,
        "snapshot_s": started["snapshot_s"],
        "delivered": len(reader.counts),
        "recorded_sent": len(sent),
        "messages_per_s": round(rate, 1),
        "smtplib_per_s": round(baseline, 1),
        "ratio": round(rate / baseline, 3) if baseline else None,
        "in_flight_at_kill": len(in_flight),
        **loss,
        "state": final["state"],
        "statuses": final["statuses"],
        "peak_worker_mb": round(max(peaks), 1),
        "send_s": round(finished_at - workers_started, 1),
    }


def smtplib_rate(stack: Stack, reader: SinkReader) -> float:
    """The mailing's messages as the sink saved them, sent again over one plain connection."""
    messages = {}
    for path in sorted(stack.sink_raw.glob("*.eml")):
        content = path.read_bytes()
        found = raw_message_id(content)
        # Each message once, though the sink saved the in-flight ones twice.
        if found in reader.recipients and found not in messages:
            messages[found] = (reader.recipients[found], content)
        if len(messages) >= BASELINE_MAX:
            break
    if not messages:
        return 0.0
    log(f"mailing: plain smtplib ceiling with {len(messages)} of the same messages")
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", stack.smtp_port, timeout=30) as smtp:
        for recipients, content in messages.values():
            smtp.sendmail("bench@example.org", recipients, content)
    return len(messages) / (time.perf_counter() - started)

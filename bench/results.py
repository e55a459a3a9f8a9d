"""The results structure, the loss check and the printed table: no servers, no Django."""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.wrk import WrkRun

SCENARIOS = (
    "ceiling",
    "home",
    "news",
    "lookup",
    "lookup_api",
    "petition_page",
    "sign",
    "letters",
    "admin_signatures",
    "call_outcome",
)

# Ratios to the ceiling the issue asks for, and latency limits (milliseconds).
RATIO_TARGETS = {
    "home": 0.8,
    "news": 0.8,
    "petition_page": 0.8,
    # First views of ZIP codes from every ZCTA, on a cold cache (issue 14).
    "lookup": 0.5,
    "lookup_api": 0.7,
    "sign": 0.4,
    "letters": 0.3,
}
LATENCY_TARGETS = {"sign": ("p99_ms", 100.0), "admin_signatures": ("p95_ms", 300.0)}
DELIVERY_TARGET = 0.5
# The mailing scenario (issue 15): snapshot seconds, delivery ratio, worker memory (MiB).
MAILING_TARGETS = {
    "snapshot_s": ("<", 60.0),
    "ratio": (">=", 0.5),
    "peak_worker_mb": ("<", 200.0),
}


def scenario_result(run: WrkRun, ceiling_rps: float | None) -> dict[str, Any]:
    rps = round(run.rps, 1)
    return {
        "rps": rps,
        "p50_ms": round(run.p50_ms, 2),
        "p95_ms": round(run.p95_ms, 2),
        "p99_ms": round(run.p99_ms, 2),
        "errors": run.errors,
        "ratio": round(run.rps / ceiling_rps, 3) if ceiling_rps else None,
        **({"error_kinds": run.error_kinds} if run.errors and run.error_kinds else {}),
    }


def ceiling_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The ceiling's row: the median of its runs (one before each scenario), and its spread."""
    ordered = sorted(runs, key=lambda run: run.get("rps") or 0.0)
    middle = dict(ordered[len(ordered) // 2])
    middle["ratio"] = 1.0
    middle["runs"] = len(runs)
    middle["rps_range"] = [ordered[0].get("rps"), ordered[-1].get("rps")]
    middle["errors"] = sum(run.get("errors") or 0 for run in runs)
    return middle


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots by the processes alive at the second."""
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


def add_cpu(
    result: dict[str, Any],
    *,
    requests: int,
    web_s: float,
    db_s: float,
    ceiling_ms: float | None,
) -> None:
    """CPU per request (web processes and database backends) and its ratio to the ceiling's.

    On a shared machine throughput moves with the neighbours' load; CPU time per request much
    less so, which makes this ratio the steadier estimate of what the page costs.
    """
    if not requests:
        return
    per_request = (web_s + db_s) * 1000 / requests
    result["cpu_ms_per_req"] = round(per_request, 3)
    result["web_cpu_ms_per_req"] = round(web_s * 1000 / requests, 3)
    result["db_cpu_ms_per_req"] = round(db_s * 1000 / requests, 3)
    reference = ceiling_ms if ceiling_ms is not None else per_request
    result["cpu_ratio"] = round(reference / per_request, 3) if per_request else None


def add_spread(
    result: dict[str, Any],
    *,
    requests: int,
    worker_cpu_s: list[float],
    connections: list[int],
    redis_s: float,
) -> None:
    """How the load fell on each web worker: its connections and its share of the CPU.

    A worker holding most of the keep-alive connections does most of the work on one core
    while the other waits: the scenario then runs at half speed. Redis's CPU per request is
    beside it (Redis is not in cpu_ms_per_req, and may serve other clients too).
    """
    if connections:
        result["connections_per_worker"] = sorted(connections, reverse=True)
    total = sum(worker_cpu_s)
    if total > 0:
        result["worker_cpu_shares"] = sorted(
            (round(seconds / total, 2) for seconds in worker_cpu_s), reverse=True
        )
    if requests:
        result["redis_cpu_ms_per_req"] = round(redis_s * 1000 / requests, 3)


def add_neighbours(
    result: dict[str, Any], *, busy_s: float, ours_s: float, duration_s: float
) -> None:
    """Cores the rest of the machine kept busy during the run (not the benchmark's own)."""
    if duration_s > 0:
        result["other_cores"] = round(max(0.0, busy_s - ours_s) / duration_s, 2)


def target_checks(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target of the issue with the measured value and whether it was met."""
    checks: dict[str, dict[str, Any]] = {}
    scenarios = results.get("scenarios", {})
    for name, minimum in RATIO_TARGETS.items():
        measured = scenarios.get(name, {})
        if "ratio" in measured and measured["ratio"] is not None:
            checks[f"{name}.ratio"] = {
                "target": f">= {minimum}",
                "measured": measured["ratio"],
                "met": measured["ratio"] >= minimum,
            }
    for name, (field, limit) in LATENCY_TARGETS.items():
        measured = scenarios.get(name, {})
        if field in measured:
            checks[f"{name}.{field}"] = {
                "target": f"< {limit:g}",
                "measured": measured[field],
                "met": measured[field] < limit,
            }
    for name, measured in scenarios.items():
        if "errors" in measured:
            checks[f"{name}.errors"] = {
                "target": "0",
                "measured": measured["errors"],
                "met": measured["errors"] == 0,
            }
    delivery = results.get("delivery") or {}
    if delivery.get("ratio") is not None:
        checks["delivery.ratio"] = {
            "target": f">= {DELIVERY_TARGET}",
            "measured": delivery["ratio"],
            "met": delivery["ratio"] >= DELIVERY_TARGET,
        }
    mailing = results.get("mailing") or {}
    for key, (sign, limit) in MAILING_TARGETS.items():
        if mailing.get(key) is not None:
            value = mailing[key]
            checks[f"mailing.{key}"] = {
                "target": f"{sign} {limit:g}",
                "measured": value,
                "met": value < limit if sign == "<" else value >= limit,
            }
    for key in ("lost", "duplicated"):
        if results.get(key) is not None:
            checks[key] = {"target": "0", "measured": results[key], "met": results[key] == 0}
    return checks


@dataclass(frozen=True)
class Loss:
    lost: int
    duplicated: int

    def __add__(self, other: "Loss") -> "Loss":
        return Loss(self.lost + other.lost, self.duplicated + other.duplicated)


def signature_loss(*, accepted: int, stored: int, distinct_signers: int) -> Loss:
    """Signatures the server said it took but the database lacks, and signers counted twice.

    `accepted` counts answers that confirmed a signature; `stored` the rows the run created and
    `distinct_signers` the supporters among them. Rows beyond `accepted` are not an error:
    requests still in flight when wrk stops are stored but never counted as answered.
    """
    return Loss(lost=max(0, accepted - distinct_signers), duplicated=stored - distinct_signers)


def call_report_loss(*, accepted: int, stored: int, counted: int, distinct_calls: int) -> Loss:
    """Reports the server took (303) that the counts lack, and reports counted more than once.

    Each accepted report comes from a new browser, so it is one row and one count; `stored` may
    exceed `accepted` by the requests in flight when wrk stopped, never the count exceed the rows.
    """
    return Loss(
        lost=max(0, accepted - min(stored, counted)),
        duplicated=(stored - distinct_calls) + max(0, counted - stored),
    )


def delivery_loss(*, queued: Iterable[str], delivered: Iterable[str]) -> Loss:
    """Letters queued but never seen at the sink, and letters the sink saw more than once.

    Both sides are Message-IDs; messages at the sink that were not queued letters (supporter
    copies, for instance) are ignored.
    """
    wanted = set(queued)
    seen = Counter(message_id for message_id in delivered if message_id in wanted)
    return Loss(
        lost=len(wanted - seen.keys()),
        duplicated=sum(count - 1 for count in seen.values()),
    )


def mailing_loss(*, sent: set[str], arrivals: Counter, in_flight: set[str]) -> dict[str, int]:
    """Messages recorded as sent but never seen at the sink, and those seen more than once.

    `sent` holds the Message-IDs of the rows the database records as sent; `arrivals` counts
    each of the mailing's Message-IDs at the sink; `in_flight` holds the Message-IDs of rows
    being sent when a worker was killed: the only ones allowed twice.
    """
    duplicated = {mid: count - 1 for mid, count in arrivals.items() if count > 1}
    return {
        "lost": len(sent - set(arrivals)),
        "duplicated": sum(duplicated.values()),
        "duplicated_beyond_window": sum(
            extra for mid, extra in duplicated.items() if mid not in in_flight
        )
        + sum(extra - 1 for mid, extra in duplicated.items() if mid in in_flight and extra > 1),
    }


@dataclass(frozen=True)
class SinkEntry:
    message_id: str
    recipients: list[str]
    at: float


def read_sink_log(path: Path, start: int = 0) -> list[SinkEntry]:
    """The messages the SMTP sink wrote down, from byte offset start (partial lines skipped)."""
    entries = []
    with path.open("rb") as log:
        log.seek(start)
        for raw in log:
            if not raw.endswith(b"\n"):
                break
            fields = raw.decode("utf-8", "replace").rstrip("\n").split("\t")
            if len(fields) != 3:
                continue
            message_id, recipients, at = fields
            entries.append(
                SinkEntry(message_id, [r for r in recipients.split(",") if r], float(at))
            )
    return entries


def arrival_rate(times: list[float]) -> float:
    """Messages per second between the first and the last arrival."""
    if len(times) < 2:
        return 0.0
    span = max(times) - min(times)
    return (len(times) - 1) / span if span > 0 else 0.0


def format_table(results: dict[str, Any]) -> str:
    lines = [
        f"{'scenario':<18}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
        f"{'errors':>8}{'ratio':>8}{'cpu ms':>9}{'cpu ratio':>10}",
    ]
    for name in SCENARIOS:
        measured = results["scenarios"].get(name)
        if measured is None:
            continue
        if "skipped" in measured:
            lines.append(f"{name:<18}  skipped: {measured['skipped']}")
            continue
        if "error" in measured:
            lines.append(f"{name:<18}  FAILED: {measured['error'][:200]}")
            continue
        ratio = "" if measured["ratio"] is None else f"{measured['ratio']:.2f}"
        cpu = f"{measured['cpu_ms_per_req']:.2f}" if "cpu_ms_per_req" in measured else ""
        cpu_ratio = f"{measured['cpu_ratio']:.2f}" if measured.get("cpu_ratio") else ""
        lines.append(
            f"{name:<18}{measured['rps']:>10.1f}{measured['p50_ms']:>10.1f}"
            f"{measured['p95_ms']:>10.1f}{measured['p99_ms']:>10.1f}"
            f"{measured['errors']:>8}{ratio:>8}{cpu:>9}{cpu_ratio:>10}"
        )
    delivery = results.get("delivery") or {}
    if "skipped" in delivery:
        lines.append(f"delivery: skipped: {delivery['skipped']}")
    elif delivery:
        lines.append(
            f"delivery: worker {delivery['letters_per_s']:.1f} letters/s, plain smtplib "
            f"{delivery['smtplib_per_s']:.1f}/s, ratio {delivery['ratio']:.2f}"
        )
    mailing = results.get("mailing") or {}
    if "skipped" in mailing or "error" in mailing:
        lines.append(f"mailing: {mailing.get('skipped') or 'FAILED: ' + mailing['error'][:200]}")
    elif mailing:
        ratio = "" if mailing["ratio"] is None else f", ratio {mailing['ratio']:.2f}"
        lines.append(
            f"mailing: {mailing['recipients']} recipients, snapshot {mailing['snapshot_s']:.1f}s, "
            f"two workers {mailing['messages_per_s']:.1f}/s, plain smtplib "
            f"{mailing['smtplib_per_s']:.1f}/s{ratio}; worker killed mid-send: "
            f"lost {mailing['lost']}, twice {mailing['duplicated']} "
            f"(of {mailing['in_flight_at_kill']} in flight), peak worker "
            f"{mailing['peak_worker_mb']:.0f} MiB"
        )
    rss = results.get("peak_rss_mb") or {}
    if rss:
        lines.append(
            f"peak RSS: web {rss.get('web', 0):.0f} MiB, worker {rss.get('worker', 0):.0f} MiB"
        )
    imports = results.get("imports_s") or {}
    if imports:
        lines.append(
            "imports: " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in imports.items())
        )
    lines.append(f"lost: {results.get('lost')}, duplicated: {results.get('duplicated')}")
    missed = [name for name, check in (results.get("targets") or {}).items() if not check["met"]]
    lines.append("targets missed: " + (", ".join(missed) if missed else "none"))
    return "\n".join(lines)


def write(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=2) + "\n")

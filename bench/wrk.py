"""Running wrk and reading what it prints."""

import dataclasses
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.system import apt_install

LUA_DIR = Path(__file__).resolve().parent / "lua"
MARKER = "BENCH_JSON "


@dataclass(frozen=True)
class WrkRun:
    """What one wrk run measured. Latencies in milliseconds."""

    requests: int
    duration_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    socket_errors: int
    status_errors: int
    accepted: int = 0
    unexpected: int = 0
    # Answers without the page cache's hit header, when the scenario counts them.
    uncached: int = 0
    # What went wrong, by kind: wrk's socket errors by name, and the answers the scenario
    # did not want by status ("step:status" in a flow), so a failed run says what happened.
    error_kinds: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        """Socket errors, 4xx/5xx answers and answers the scenario did not expect."""
        return self.socket_errors + self.status_errors + self.unexpected


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_output(output: str) -> WrkRun:
    """Read a wrk run from its output: the JSON line our Lua prints, else wrk's own text.

    The text form (wrk --latency) has no p95, so it is estimated between p90 and p99.
    """
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line.removeprefix(MARKER))
            return WrkRun(
                requests=data["requests"],
                duration_s=data["duration_s"],
                p50_ms=data["p50_ms"],
                p95_ms=data["p95_ms"],
                p99_ms=data["p99_ms"],
                socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
                status_errors=data["status"],
                accepted=data.get("accepted", 0),
                unexpected=data.get("unexpected", 0),
                uncached=data.get("uncached", 0),
                error_kinds={
                    **{
                        kind: data[kind]
                        for kind in ("connect", "read", "write", "timeout")
                        if data[kind]
                    },
                    **{f"answer {what}": count for what, count in data.get("wrong", {}).items()},
                },
            )
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if not total:
        raise ValueError("wrk printed no result")
    percentiles = dict(re.findall(r"^\s+(\d+)%\s+(\S+)$", output, re.MULTILINE))
    if not {"50", "90", "99"} <= percentiles.keys():
        raise ValueError("wrk printed no latency distribution (run it with --latency)")
    p90, p99 = _to_ms(percentiles["90"]), _to_ms(percentiles["99"])
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkRun(
        requests=int(total[1]),
        duration_s=_to_ms(total[2] + total[3]) / 1000,
        p50_ms=_to_ms(percentiles["50"]),
        p95_ms=p90 + (p99 - p90) * 5 / 9,
        p99_ms=p99,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        status_errors=int(status[1]) if status else 0,
    )


def ensure_installed() -> str:
    """The wrk binary, installed from Debian's packages first if missing."""
    found = shutil.which("wrk")
    if found:
        return found
    apt_install("wrk")
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed with apt-get")
    return found


def build_script(scenario_script: str, work_dir: Path) -> Path:
    """Our shared reporting code followed by the scenario's own, as one file for wrk -s."""
    target = work_dir / f"{Path(scenario_script).stem}.lua"
    target.write_text(
        (LUA_DIR / "report.lua").read_text() + "\n" + (LUA_DIR / scenario_script).read_text()
    )
    return target


def run(
    *,
    base_url: str,
    script: Path,
    args: list[str],
    connections: int,
    threads: int,
    duration_s: float,
    timeout_s: float = 10.0,
) -> WrkRun:
    command = [
        ensure_installed(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration_s))}s",
        f"--timeout={round(timeout_s)}s",
        "-s",
        str(script),
        base_url,
        "--",
        *args,
    ]
    started = time.monotonic()
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + timeout_s + 60
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"wrk failed after {time.monotonic() - started:.1f}s: {completed.stderr.strip()}"
        )
    if completed.stderr.strip():
        # Lua errors and wrk's complaints go to stderr without failing the run.
        print("   wrk: " + completed.stderr.strip().replace("\n", "\n   wrk: ")[:2000], flush=True)
    return parse_output(completed.stdout)

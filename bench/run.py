"""The benchmark run: set up the stack, load data, drive each scenario, check, report."""

import argparse
import dataclasses
import json
import os
import secrets
import smtplib
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import mailing, results, wrk
from bench.client import Session, form_fields
from bench.results import SCENARIOS, Loss
from bench.stack import ROOT, Stack, log
from bench.system import children_cpu_seconds, machine_busy_seconds

RESULTS_PATH = ROOT / "bench" / "results.json"
SMOKE_RESULTS_PATH = ROOT / "var" / "bench" / "smoke-results.json"


@dataclass(frozen=True)
class Config:
    size: str
    duration_s: float
    warmup_s: float
    connections: int
    wrk_threads: int
    drain_timeout_s: float
    database: str
    # Load on the ceiling before anything is measured: a fresh stack's first seconds (imports,
    # first database connections, the worker's first sweep) are slower than the rest.
    stack_warmup_s: float


FULL = Config(
    size="full",
    duration_s=20,
    warmup_s=3,
    stack_warmup_s=10,
    connections=32,
    wrk_threads=2,
    drain_timeout_s=240,
    database="pressone_bench",
)
SMOKE = Config(
    size="smoke",
    duration_s=4,
    warmup_s=1,
    stack_warmup_s=2,
    connections=8,
    wrk_threads=1,
    drain_timeout_s=60,
    database="pressone_bench_smoke",
)


def cores() -> int:
    return len(os.sched_getaffinity(0))


class Bench:
    def __init__(self, config: Config, stack: Stack) -> None:
        self.config = config
        self.stack = stack
        self.run_id = secrets.token_hex(3)
        self.organizer_password = secrets.token_urlsafe(16)
        self.accepted: dict[str, int] = {}
        self.accepted_setup: dict[str, int] = {}
        self.results: dict[str, Any] = {"cores": cores(), "scenarios": {}}
        self.ceiling_runs: list[dict[str, Any]] = []
        # Per scenario, files the warm-up reads in place of the measured run's (by argument).
        self.warm_files: dict[str, dict[str, Path]] = {}

    # --- set-up ---------------------------------------------------------------------------------

    def set_up(self) -> dict[str, Any]:
        stack = self.stack
        stack.ensure_postgres()
        stack.ensure_redis()
        stack.fresh_database()
        timings: dict[str, float] = {}
        log("migrate and collectstatic")
        timings["migrate"] = self._timed(lambda: stack.manage("migrate", "--no-input"))
        timings["collectstatic"] = self._timed(lambda: stack.manage("collectstatic", "--no-input"))
        commands = stack.manage("help", "--commands").stdout.split()
        imports: dict[str, float] = {}
        for command in ("import_zip_districts", "import_legislators"):
            if command in commands:
                log(command)
                imports[command] = round(self._timed(lambda c=command: stack.manage(c)), 2)
        self.results["imports_s"] = imports
        log(f"generating the {self.config.size} data set")
        started = time.perf_counter()
        prepared = json.loads(
            stack.python(
                "-m",
                "bench.appdata",
                "prepare",
                "--size",
                self.config.size,
                "--run-id",
                self.run_id,
                # One argument: a generated password may start with "-".
                f"--organizer-password={self.organizer_password}",
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        timings["data"] = round(time.perf_counter() - started, 2)
        self.results["setup_s"] = {
            **timings,
            **{f"data.{k}": v for k, v in prepared["data_s"].items()},
        }
        log("starting the SMTP sink, gunicorn and the worker")
        stack.start_sink()
        stack.start_web()
        stack.start_worker()
        return prepared

    def _timed(self, work: Any) -> float:
        started = time.perf_counter()
        work()
        return round(time.perf_counter() - started, 2)

    # --- scenarios ------------------------------------------------------------------------------

    def wrk_args(self, name: str, spec: dict[str, Any], prepared: dict[str, Any]) -> list[str]:
        work_dir = self.stack.work_dir
        args: list[str] = []
        session = Session(self.stack.base_url)
        if spec.get("login"):
            session.login(prepared["admin_login"], prepared["organizer"], self.organizer_password)
        if spec.get("sessions"):
            # Each connection is its own staff member, logged in once.
            cookies = []
            for organizer in prepared["organizers"][: self.connections(spec)]:
                staff = Session(self.stack.base_url)
                staff.login(prepared["admin_login"], organizer, self.organizer_password)
                cookies.append(staff.cookie_header())
            cookies_file = work_dir / f"{name}.cookies"
            cookies_file.write_text("\n".join(cookies) + "\n")
            args.append(f"cookies_file={cookies_file}")
        if spec["script"] == "get.lua":
            paths = list(spec["paths"])
            if spec.get("cold"):
                # Pages nobody has asked for yet: the warm-up gets its own paths, and each
                # wrk thread walks its own part of the rest, so no page is asked for twice.
                warm_count = max(1, len(paths) // 10)
                warm_file = work_dir / f"{name}.warm.paths"
                warm_file.write_text("\n".join(paths[-warm_count:]) + "\n")
                self.warm_files.setdefault(name, {})["paths_file"] = warm_file
                paths = paths[:-warm_count]
                args.append(f"stride={len(paths) // self.threads(spec)}")
            paths_file = work_dir / f"{name}.paths"
            paths_file.write_text("\n".join(paths) + "\n")
            args.append(f"paths_file={paths_file}")
        elif spec["script"] == "flow.lua":
            return self.flow_args(name, spec)
        else:
            token = session.csrf_token(spec["form_page"])
            body_file = work_dir / f"{name}.body"
            body_file.write_text(spec["body"].replace("{token}", token) + "\n")
            args += [f"path={spec['path']}", f"body_file={body_file}"]
        if session.cookie_header():
            args.append(f"cookie={session.cookie_header()}")
        if spec.get("expect"):
            args.append(f"expect={spec['expect']}")
        if spec.get("hit_header"):
            args.append(f"hit_header={spec['hit_header']}")
        if spec.get("forwarded"):
            args.append("forwarded=1")
        return args

    def connections(self, spec: dict[str, Any]) -> int:
        # A full run uses the scenario's own concurrency; a smoke run no more than its own.
        if self.config.size == "smoke":
            return min(self.config.connections, spec.get("connections", self.config.connections))
        return spec.get("connections", self.config.connections)

    def threads(self, spec: dict[str, Any]) -> int:
        connections = self.connections(spec)
        if spec.get("one_connection_per_thread"):
            return connections
        return min(self.config.wrk_threads, connections)

    def flow_args(self, name: str, spec: dict[str, Any]) -> list[str]:
        """Walk the flow once to learn its forms, then give every connection a session."""
        work_dir = self.stack.work_dir
        session = Session(self.stack.base_url)
        start = session.page(spec["start_path"])
        details = dict(form_fields(start, containing=tuple(spec["details_step"])))
        details.update(spec["details"])
        first = {key: value.replace("{n}", "setup") for key, value in details.items()}
        letters_page = session.page(spec["path"], first)
        send = form_fields(letters_page, containing=tuple(spec["send_step"]))
        status, _ = session.request(spec["path"], send)
        if str(status) != spec["expect"]:
            raise RuntimeError(f"{name}: the final step answered {status}, not {spec['expect']}")
        self.accepted_setup[name] = 1
        # The warm-up and the measured run each get their own sessions: a warm-up request still
        # in flight when the measured run starts would otherwise save its copy of a session
        # over the measured step that just wrote to it, and that step would find it empty.
        sessions = []
        for _ in range(2 * self.connections(spec)):
            browser = Session(self.stack.base_url)
            browser.cookies_from(session, "csrftoken")
            browser.page(spec["start_path"])
            sessions.append(browser.cookie("sessionid"))
        measured, warm = sessions[: len(sessions) // 2], sessions[len(sessions) // 2 :]
        warm_file = work_dir / f"{name}.warm-sessions"
        warm_file.write_text("\n".join(warm) + "\n")
        self.warm_files.setdefault(name, {})["sessions_file"] = warm_file
        files = {
            "details_file": urlencode(details, safe="{}"),
            "send_file": urlencode(send),
            "sessions_file": "\n".join(measured),
        }
        args = [f"start_path={spec['start_path']}", f"path={spec['path']}"]
        for key, text in files.items():
            path = work_dir / f"{name}.{key.removesuffix('_file')}"
            path.write_text(text + "\n")
            args.append(f"{key}={path}")
        args += [f"cookie=csrftoken={session.cookie('csrftoken')}", f"expect_send={spec['expect']}"]
        if spec.get("forwarded"):
            args.append("forwarded=1")
        return args

    def run_scenario(self, name: str, spec: dict[str, Any], prepared: dict[str, Any]) -> None:
        config = self.config
        args = self.wrk_args(name, spec, prepared)
        script = wrk.build_script(spec["script"], self.stack.work_dir)
        connections = self.connections(spec)
        measure: dict[str, Any] = {
            "base_url": self.stack.base_url,
            "script": script,
            "args": args,
            "connections": connections,
            "threads": self.threads(spec),
        }
        log(
            f"{name}: {connections} connections, {config.warmup_s:g}s warm-up, "
            f"{config.duration_s:g}s measured" + (" (cold cache)" if spec.get("cold") else "")
        )
        warm_args = list(args)
        if name in self.warm_files:
            swaps = self.warm_files[name]
            warm_args = [
                f"{key}={swaps[key]}" if key in swaps else arg
                for arg, key in ((arg, arg.split("=", 1)[0]) for arg in args)
                if key != "stride"
            ]
        if spec.get("cold"):
            self.stack.flush_cache()
        # Each wrk run numbers its submissions from 1, so each gets its own prefix: the
        # measured run must not sign again with the warm-up's addresses.
        warm = wrk.run(duration_s=config.warmup_s, **{**measure, "args": [*warm_args, "prefix=w"]})
        cpu_before = self.stack.cpu_snapshot()
        redis_before = self.stack.redis_cpu_seconds()
        machine_before, wrk_before = machine_busy_seconds(), children_cpu_seconds()
        # How the connections are spread over the web workers, a moment into the run.
        spread: dict[int, int] = {}
        sampler = threading.Timer(
            min(2.0, config.duration_s / 2), lambda: spread.update(self.stack.connection_spread())
        )
        sampler.start()
        try:
            measured = wrk.run(
                duration_s=config.duration_s, **{**measure, "args": [*args, "prefix=m"]}
            )
        finally:
            sampler.cancel()
        cpu_after = self.stack.cpu_snapshot()
        redis_after = self.stack.redis_cpu_seconds()
        machine_after, wrk_after = machine_busy_seconds(), children_cpu_seconds()
        self.accepted[name] = warm.accepted + measured.accepted
        if measured.requests == 0:
            # Not one answer in the whole measured time: every connection counts as an error.
            measured = dataclasses.replace(
                measured, socket_errors=measured.socket_errors + connections
            )
        # Each scenario is compared with the ceiling measured just before it.
        reference = self.ceiling_runs[-1] if name != "ceiling" and self.ceiling_runs else {}
        result = results.scenario_result(
            measured, measured.rps if name == "ceiling" else reference.get("rps")
        )
        web_s = results.cpu_used(cpu_before["web"], cpu_after["web"])
        db_s = results.cpu_used(cpu_before["db"], cpu_after["db"])
        results.add_cpu(
            result,
            requests=measured.requests,
            web_s=web_s,
            db_s=db_s,
            ceiling_ms=None if name == "ceiling" else reference.get("cpu_ms_per_req"),
        )
        # What the rest of the machine used meanwhile: other people's work on a shared
        # machine takes cores from the server and moves requests per second with it.
        ours = web_s + db_s + (redis_after - redis_before) + (wrk_after - wrk_before)
        results.add_neighbours(
            result,
            busy_s=machine_after - machine_before,
            ours_s=ours,
            duration_s=measured.duration_s,
        )
        results.add_spread(
            result,
            requests=measured.requests,
            worker_cpu_s=[
                after - cpu_before["web"].get(pid, 0.0)
                for pid, after in cpu_after["web"].items()
                if pid in spread
            ],
            connections=list(spread.values()),
            redis_s=redis_after - redis_before,
        )
        if spec.get("hit_header"):
            result["uncached"] = measured.uncached
        if warm.errors:
            result["warmup_errors"] = warm.errors
        if name == "ceiling":
            self.ceiling_runs.append(result)
            self.results["scenarios"]["ceiling"] = result
        else:
            result["ceiling_rps"] = reference.get("rps")
            self.results["scenarios"][name] = result
        if warm.errors or measured.errors:
            # Kept with the result, so the summary of a failed run still shows them.
            result["server_errors"] = self.stack.server_errors()
        print("   " + json.dumps(result), flush=True)

    def warm_stack(self, prepared: dict[str, Any]) -> None:
        """Load the freshly started stack before the first measurement, then discard it."""
        spec = prepared["scenarios"].get("ceiling", {})
        if "script" not in spec:
            return
        log(f"warming the stack: {self.config.stack_warmup_s:g}s on the ceiling, not measured")
        args = self.wrk_args("ceiling", spec, prepared)
        wrk.run(
            base_url=self.stack.base_url,
            script=wrk.build_script(spec["script"], self.stack.work_dir),
            args=args,
            connections=self.connections(spec),
            threads=self.threads(spec),
            duration_s=self.config.stack_warmup_s,
        )

    def run_all(self, prepared: dict[str, Any], only: set[str] | None) -> None:
        ceiling_spec = prepared["scenarios"].get("ceiling", {})
        self.warm_stack(prepared)
        for name in SCENARIOS:
            spec = prepared["scenarios"].get(name, {"skipped": "not defined"})
            if only and name not in only and name != "ceiling":
                spec = {"skipped": "not selected"}
            if "skipped" in spec:
                log(f"{name}: skipped ({spec['skipped']})")
                self.results["scenarios"][name] = {"skipped": spec["skipped"]}
                continue
            if "error" in spec:
                log(f"{name}: {spec['error']}")
                self.results["scenarios"][name] = {"error": spec["error"]}
                continue
            if name != "ceiling" and self.ceiling_runs:
                # The ceiling again, right before each scenario: on a shared machine the
                # neighbours' load drifts over a run, so each ratio compares two measurements
                # taken a few seconds apart, not one taken minutes earlier.
                try:
                    self.run_scenario("ceiling", ceiling_spec, prepared)
                except (RuntimeError, ValueError, OSError) as error:
                    log(f"ceiling before {name}: failed: {error}")
            if name == "letters":
                # Letters queue up with the worker stopped, so its delivery rate is measured
                # on its own afterwards (see deliver()).
                self.stack.stop_worker()
            try:
                self.run_scenario(name, spec, prepared)
            except (RuntimeError, ValueError, OSError) as error:
                # One broken scenario must not hide the others' numbers.
                log(f"{name}: failed: {error}")
                self.results["scenarios"][name] = {"error": str(error)[:500]}
            finally:
                if name == "letters":
                    self.delivery_started = time.time()
                    self.stack.start_worker()
                    self.let_letters_arrive()
        if self.ceiling_runs:
            self.results["scenarios"]["ceiling"] = results.ceiling_summary(self.ceiling_runs)
        self.results["peak_rss_mb"] = {"web": round(self.stack.web_rss_mb(), 1)}
        if not only or "mailing" in only:
            self.run_mailing(prepared["scenarios"].get("mailing", {"skipped": "not defined"}))

    def run_mailing(self, spec: dict[str, Any]) -> None:
        """The newsletter to every supporter (bench/mailing.py); not a wrk scenario."""
        if "skipped" in spec or "error" in spec:
            log(f"mailing: {spec.get('skipped') or spec.get('error')}")
            self.results["mailing"] = spec
            return
        try:
            measured = mailing.run(self.stack, spec, smoke=self.config.size == "smoke")
        except (RuntimeError, ValueError, OSError) as error:
            log(f"mailing: failed: {error}")
            self.results["mailing"] = {"error": str(error)[:500]}
            return
        print("   " + json.dumps(measured), flush=True)
        self.results["mailing"] = measured

    # --- delivery and loss ----------------------------------------------------------------------

    def count(self) -> dict[str, Any]:
        output = self.stack.python("-m", "bench.appdata", "count", "--run-id", self.run_id)
        return json.loads(output.stdout.strip().splitlines()[-1])

    def check(self) -> None:
        counted = self.count()
        loss = Loss(0, 0)
        signatures = counted.get("signatures")
        if signatures is not None and "sign" in self.accepted:
            loss += results.signature_loss(
                accepted=self.accepted["sign"],
                stored=signatures["stored"],
                distinct_signers=signatures["signers"],
            )
            self.results["signatures"] = {"accepted": self.accepted["sign"], **signatures}
        calls = counted.get("calls")
        if calls is not None and "call_outcome" in self.accepted:
            loss += results.call_report_loss(
                accepted=self.accepted["call_outcome"],
                stored=calls["stored"],
                counted=calls["counted"],
                distinct_calls=calls["callers"],
            )
            self.results["calls"] = {"accepted": self.accepted["call_outcome"], **calls}
        letters = counted.get("letters")
        if letters is not None and "letters" in self.accepted:
            loss += self.deliver(letters)
        sent = self.results.get("mailing") or {}
        if "lost" in sent:
            # Twice within the in-flight window is documented behaviour, not a duplicate.
            loss += Loss(sent["lost"], sent["duplicated_beyond_window"])
        self.results["lost"] = loss.lost
        self.results["duplicated"] = loss.duplicated
        self.results["peak_rss_mb"]["worker"] = round(self.stack.worker_rss_mb(), 1)

    def let_letters_arrive(self) -> None:
        """Let the worker deliver the letters of `letters` before the next scenario starts.

        The delivery rate is taken from these arrivals. Sent during the next scenario, they
        would compete with it for the same cores (and count in its CPU time), while the plain
        smtplib loop they are compared with runs at the end, with nothing else going on.
        """
        if "letters" not in self.accepted:
            return
        letters = self.count().get("letters")
        if letters is not None:
            self.wait_for_letters(set(letters["message_ids"]))

    def wait_for_letters(self, queued: set[str]) -> None:
        log(f"waiting for the worker to deliver {len(queued)} letters")
        deadline = time.monotonic() + self.config.drain_timeout_s
        while time.monotonic() < deadline:
            arrived = {e.message_id for e in results.read_sink_log(self.stack.sink_log)}
            if queued <= arrived:
                return
            time.sleep(0.5)

    def deliver(self, letters: dict[str, Any]) -> Loss:
        """Wait for the worker to deliver every letter of the run; compare with plain smtplib."""
        queued = set(letters["message_ids"])
        self.wait_for_letters(queued)
        log_size = self.stack.sink_log.stat().st_size
        entries = results.read_sink_log(self.stack.sink_log)
        loss = results.delivery_loss(queued=queued, delivered=[e.message_id for e in entries])
        run_entries = [e for e in entries if e.at >= self.delivery_started]
        letter_times = [e.at for e in run_entries if e.message_id in queued]
        worker_rate = results.arrival_rate(letter_times)
        baseline = self.smtplib_rate([e for e in run_entries if e.message_id in queued])
        self.results["delivery"] = {
            "letters_per_s": round(worker_rate, 1),
            "smtplib_per_s": round(baseline, 1),
            "ratio": round(worker_rate / baseline, 3) if baseline else None,
            "letters": len(queued),
            "messages_per_s": round(results.arrival_rate([e.at for e in run_entries]), 1),
        }
        self.stack.sink_log_offset = log_size
        return loss

    def smtplib_rate(self, entries: list[results.SinkEntry]) -> float:
        """The same letters, sent again by a plain smtplib loop over one connection."""
        raw = {}
        for path in sorted(self.stack.sink_raw.glob("*.eml")):
            content = path.read_bytes()
            from bench.sink import message_id

            raw.setdefault(message_id(content), content)
        messages = [(e.recipients, raw[e.message_id]) for e in entries if e.message_id in raw]
        if not messages:
            return 0.0
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", self.stack.smtp_port, timeout=30) as smtp:
            for recipients, content in messages:
                smtp.sendmail("bench@example.org", recipients, content)
        return len(messages) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="small data, a few seconds each")
    parser.add_argument("--duration", type=float, help="seconds measured per scenario")
    parser.add_argument("--connections", type=int)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--workers", type=int, default=cores())
    parser.add_argument(
        "--no-reuse-port",
        dest="reuse_port",
        action="store_false",
        help="one listening socket shared by the web workers (gunicorn's default)",
    )
    parser.add_argument(
        "--only", help="comma-separated scenarios, mailing among them (ceiling always runs)"
    )
    parser.add_argument("--output", type=Path, help=f"default: {RESULTS_PATH.relative_to(ROOT)}")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--database", help="PostgreSQL database to create and use (dropped after)")
    options = parser.parse_args(argv)
    config = SMOKE if options.smoke else FULL
    # A smoke run never overwrites the last full run's numbers.
    output = options.output or (SMOKE_RESULTS_PATH if options.smoke else RESULTS_PATH)
    overrides = {}
    if options.duration:
        overrides["duration_s"] = options.duration
    if options.connections:
        overrides["connections"] = options.connections
    if options.database:
        overrides["database"] = options.database
    if overrides:
        config = Config(**{**config.__dict__, **overrides})
    wrk.ensure_installed()
    started = time.monotonic()
    only = set(options.only.split(",")) if options.only else None
    stack = Stack(
        database=config.database,
        work_dir=options.work_dir,
        workers=options.workers,
        worker_class=options.worker_class,
        threads=options.threads,
        reuse_port=options.reuse_port,
    )
    bench = Bench(config, stack)
    bench.results["config"] = {
        "size": config.size,
        "duration_s": config.duration_s,
        "connections": config.connections,
        "gunicorn": f"{options.workers} x {options.worker_class}"
        + (f" ({options.threads} threads)" if options.worker_class == "gthread" else "")
        + (", reuse-port" if options.reuse_port else ""),
    }
    try:
        with stack:
            prepared = bench.set_up()
            bench.run_all(prepared, only)
            bench.check()
    except KeyboardInterrupt:
        log("interrupted: every process was stopped")
        return 130
    finally:
        if not options.keep_database:
            try:
                stack.drop_database()
            except Exception as error:  # the run's own error matters more than this one
                log(f"could not drop {config.database}: {error}")
    bench.results["targets"] = results.target_checks(bench.results)
    bench.results["elapsed_s"] = round(time.monotonic() - started, 1)
    results.write(bench.results, output)
    print()
    print(results.format_table(bench.results))
    print(f"\nwritten to {output} in {bench.results['elapsed_s']:.0f}s")
    if options.smoke:
        return smoke_verdict(bench.results)
    return 0


def smoke_verdict(measured: dict[str, Any]) -> int:
    """The smoke run checks the harness, not speed: no errors and nothing lost."""
    problems = [
        f"{name}: {values['errors']} errors {json.dumps(values.get('error_kinds', {}))}"
        for name, values in measured["scenarios"].items()
        if values.get("errors")
    ]
    problems += [
        f"{name}: server log: {line}"
        for name, values in measured["scenarios"].items()
        for line in values.get("server_errors", [])
    ]
    problems += [
        f"{name}: {values['error']}"
        for name, values in measured["scenarios"].items()
        if values.get("error")
    ]
    if (measured.get("mailing") or {}).get("error"):
        problems.append(f"mailing: {measured['mailing']['error']}")
    if measured.get("lost"):
        problems.append(f"{measured['lost']} lost")
    if measured.get("duplicated"):
        problems.append(f"{measured['duplicated']} duplicated")
    for problem in problems:
        print(f"bench-smoke: {problem}", file=sys.stderr)
    return 1 if problems else 0

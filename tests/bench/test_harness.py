"""The benchmark harness's pure parts: reading wrk, the results file, the loss check."""

from collections import Counter
from pathlib import Path

import pytest

from bench import results
from bench.run import smoke_verdict
from bench.sink import message_id
from bench.system import parse_vmhwm_mb
from bench.wrk import WrkRun, build_script, parse_output

WRK_TEXT = """\
Running 20s test @ http://127.0.0.1:8000/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.04ms    5.12ms 120.31ms   80.12%
    Req/Sec   760.11     50.33     0.90k    70.00%
  Latency Distribution
     50%   20.00ms
     75%   23.50ms
     90%   28.00ms
     99%    1.10s
  30400 requests in 20.00s, 10.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   1520.00
Transfer/sec:    522.24KB
"""

WRK_JSON = (
    "Running 20s test @ http://127.0.0.1:8000/\n"
    'BENCH_JSON {"duration_s": 20.0, "requests": 4000, "bytes": 1, "connect": 1, "read": 0,'
    ' "write": 0, "status": 2, "timeout": 0, "p50_ms": 7.5, "p95_ms": 30.0, "p99_ms": 61.25,'
    ' "max_ms": 90.0, "accepted": 3990, "unexpected": 4}\n'
)


def test_the_json_line_from_our_lua_wins_over_wrks_text():
    run = parse_output(WRK_JSON)
    assert run.requests == 4000
    assert run.rps == 200.0
    assert (run.p50_ms, run.p95_ms, run.p99_ms) == (7.5, 30.0, 61.25)
    assert run.accepted == 3990
    # socket + 4xx/5xx + answers the scenario did not expect
    assert run.errors == 1 + 2 + 4


def test_a_failed_run_says_which_socket_errors_and_answers_it_got(capsys):
    line = WRK_JSON.replace(
        '"unexpected": 4}', '"unexpected": 4, "wrong": {"3:200": 4, "2:500": 1, "3:429": 1}}'
    )
    run = parse_output(line)
    assert run.error_kinds == {
        "connect": 1,
        "answer 3:200": 4,
        "answer 2:500": 1,
        "answer 3:429": 1,
    }
    result = results.scenario_result(run, ceiling_rps=400.0)
    assert result["error_kinds"] == run.error_kinds
    result["server_errors"] = ["ERROR django.request: Internal Server Error: /write/"]
    assert smoke_verdict({"scenarios": {"letters": result}}) == 1
    printed = capsys.readouterr().err
    assert '"answer 3:200": 4' in printed
    assert "letters: server log: ERROR django.request" in printed


def test_wrks_own_text_is_read_when_no_json_line():
    run = parse_output(WRK_TEXT)
    assert run.requests == 30400
    assert run.duration_s == pytest.approx(20.0)
    assert run.rps == pytest.approx(1520.0)
    assert run.p50_ms == 20.0
    assert run.p99_ms == 1100.0
    assert 28.0 < run.p95_ms < 1100.0
    assert run.errors == 5 + 7


def test_output_without_a_result_is_an_error():
    with pytest.raises(ValueError, match="no result"):
        parse_output("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_scenario_result_has_exactly_the_issues_keys_and_the_ratio_to_the_ceiling():
    run = WrkRun(
        requests=1000,
        duration_s=10,
        p50_ms=1.234,
        p95_ms=2,
        p99_ms=3,
        socket_errors=0,
        status_errors=0,
    )
    result = results.scenario_result(run, ceiling_rps=400.0)
    assert set(result) == {"rps", "p50_ms", "p95_ms", "p99_ms", "errors", "ratio"}
    assert result["rps"] == 100.0
    assert result["ratio"] == 0.25
    assert result["p50_ms"] == 1.23


def test_targets_are_checked_against_the_issues_numbers():
    measured = {
        "scenarios": {
            "home": {"rps": 90, "p95_ms": 5, "p99_ms": 9, "errors": 0, "ratio": 0.9},
            "sign": {"rps": 30, "p95_ms": 50, "p99_ms": 150.0, "errors": 2, "ratio": 0.45},
            "admin_signatures": {
                "rps": 5,
                "p95_ms": 250.0,
                "p99_ms": 400,
                "errors": 0,
                "ratio": 0.05,
            },
            "news": {"skipped": "not on main yet"},
            "lookup": {"rps": 50, "p95_ms": 9, "p99_ms": 9, "errors": 0, "ratio": 0.55},
        },
        "delivery": {"letters_per_s": 40, "smtplib_per_s": 100, "ratio": 0.4},
        "lost": 0,
        "duplicated": 1,
    }
    checks = results.target_checks(measured)
    assert checks["home.ratio"]["met"] is True
    # A national email's lookups, first views over a cold cache: half the ceiling will do.
    assert checks["lookup.ratio"]["met"] is True
    assert checks["sign.ratio"]["met"] is True
    assert checks["sign.p99_ms"]["met"] is False
    assert checks["sign.errors"]["met"] is False
    assert checks["admin_signatures.p95_ms"]["met"] is True
    assert checks["delivery.ratio"]["met"] is False
    assert checks["lost"]["met"] is True
    assert checks["duplicated"]["met"] is False
    assert not any(name.startswith("news") for name in checks)


def test_signature_loss_counts_accepted_answers_missing_from_the_database():
    assert results.signature_loss(accepted=100, stored=100, distinct_signers=100) == (
        results.Loss(0, 0)
    )
    # In flight when wrk stopped: stored, never answered; not a loss.
    assert results.signature_loss(accepted=100, stored=104, distinct_signers=104).lost == 0
    assert results.signature_loss(accepted=100, stored=97, distinct_signers=97).lost == 3
    assert results.signature_loss(accepted=100, stored=101, distinct_signers=100).duplicated == 1


def test_delivery_loss_compares_message_ids_and_ignores_other_mail():
    queued = ["<a@x>", "<b@x>", "<c@x>"]
    delivered = ["<a@x>", "<copy@x>", "<b@x>", "<a@x>", "<copy@x>"]
    loss = results.delivery_loss(queued=queued, delivered=delivered)
    assert loss.lost == 1  # <c@x>
    assert loss.duplicated == 1  # <a@x> twice; the supporter copies are not letters


def test_sink_log_is_read_from_an_offset_and_a_half_written_line_is_left_for_later(
    tmp_path: Path,
):
    log = tmp_path / "sink.log"
    log.write_text(
        "<a@x>\toffice@example.org\t100.0\n"
        "<b@x>\toffice@example.org,copy@example.org\t100.5\n"
        "<c@x>\toffi"
    )
    entries = results.read_sink_log(log)
    assert [e.message_id for e in entries] == ["<a@x>", "<b@x>"]
    assert entries[1].recipients == ["office@example.org", "copy@example.org"]
    offset = len("<a@x>\toffice@example.org\t100.0\n")
    assert [e.message_id for e in results.read_sink_log(log, offset)] == ["<b@x>"]


def test_arrival_rate_is_messages_between_the_first_and_last_arrival():
    assert results.arrival_rate([10.0, 10.5, 11.0, 12.0]) == 1.5
    assert results.arrival_rate([10.0]) == 0.0


def test_the_sink_finds_the_message_id_in_the_headers_only():
    raw = (
        b"Subject: Hello\r\nMessage-ID: <123.456@example.org>\r\nTo: a@example.org\r\n\r\n"
        b"Message-ID: <not-this@example.org>\r\n"
    )
    assert message_id(raw) == "<123.456@example.org>"
    assert message_id(b"Subject: none\n\nbody\n") == ""


def test_peak_memory_is_read_from_proc_status():
    status = "Name:\tgunicorn\nVmPeak:\t  300000 kB\nVmHWM:\t   81920 kB\nVmRSS:\t 70000 kB\n"
    assert parse_vmhwm_mb(status) == 80.0
    assert parse_vmhwm_mb("Name:\tzombie\n") == 0.0


def test_table_lists_measured_and_skipped_scenarios():
    measured = {
        "scenarios": {
            "ceiling": {
                "rps": 1000.0,
                "p50_ms": 1,
                "p95_ms": 2,
                "p99_ms": 3,
                "errors": 0,
                "ratio": 1.0,
            },
            "news": {"skipped": "no URL named 'campaign:news_list' on this branch yet"},
        },
        "lost": 0,
        "duplicated": 0,
        "targets": {"sign.p99_ms": {"met": False}},
    }
    table = results.format_table(measured)
    assert "ceiling" in table and "1000.0" in table
    assert "news                skipped: no URL named" in table
    assert "targets missed: sign.p99_ms" in table


def test_smoke_fails_on_errors_or_loss_but_not_on_speed_or_skips(capsys):
    clean = {
        "scenarios": {
            "ceiling": {"rps": 5.0, "errors": 0, "ratio": 1.0},
            "news": {"skipped": "later"},
        },
        "lost": 0,
        "duplicated": 0,
    }
    assert smoke_verdict(clean) == 0
    assert smoke_verdict({**clean, "lost": 2}) == 1
    broken = {**clean, "scenarios": {"home": {"rps": 5.0, "errors": 3, "ratio": 0.1}}}
    assert smoke_verdict(broken) == 1
    assert "home: 3 errors" in capsys.readouterr().err


def test_wrk_script_is_the_shared_report_code_then_the_scenarios(tmp_path: Path):
    script = build_script("post.lua", tmp_path).read_text()
    assert script.index("function done(") < script.index("function request(")
    assert "BENCH_JSON" in script


def test_cpu_per_request_counts_web_and_database_and_compares_with_the_ceiling():
    before = {10: 1.0, 11: 2.0}
    after = {10: 1.5, 11: 2.5, 12: 0.25}  # 12 started during the run
    assert results.cpu_used(before, after) == 1.25
    ceiling: dict = {}
    results.add_cpu(ceiling, requests=1000, web_s=1.0, db_s=0.0, ceiling_ms=None)
    assert ceiling["cpu_ms_per_req"] == 1.0
    assert ceiling["cpu_ratio"] == 1.0
    page: dict = {}
    results.add_cpu(page, requests=100, web_s=0.3, db_s=0.1, ceiling_ms=1.0)
    assert page["cpu_ms_per_req"] == 4.0
    assert page["db_cpu_ms_per_req"] == 1.0
    assert page["cpu_ratio"] == 0.25


def test_cpu_seconds_are_read_from_proc_stat():
    from bench.system import parse_cpu_seconds

    ticks = __import__("os").sysconf("SC_CLK_TCK")
    stat = f"42 (gunicorn: worker [config.wsgi]) S 41 42 42 0 -1 0 0 0 0 0 {3 * ticks} {ticks} 0"
    assert parse_cpu_seconds(stat) == 4.0


def test_form_fields_are_what_a_browser_would_submit():
    from bench.client import form_fields

    page = """
    <form method="get" action="/search/"><input name="q" value="x"></form>
    <form method="post" action="/write/">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input type="hidden" name="step" value="send">
      <input type="text" name="subject_7" value="Please &amp; thanks">
      <textarea name="body_7">
Dear Sen. Doe,</textarea>
      <select name="state"><option value="">Choose</option>
        <option value="OK" selected>OK</option></select>
      <select name="country"><option value="US">United States</option>
        <option value="CA">Canada</option></select>
      <input type="checkbox" name="list_opt_in" value="1">
      <input type="checkbox" name="show_publicly" value="1" checked>
      <button type="submit" name="go">Send</button>
    </form>
    """
    assert form_fields(page, containing=("step", "send")) == [
        ("csrfmiddlewaretoken", "tok"),
        ("step", "send"),
        ("subject_7", "Please & thanks"),
        ("body_7", "Dear Sen. Doe,"),
        ("state", "OK"),
        ("country", "US"),
        ("show_publicly", "1"),
    ]
    with pytest.raises(ValueError, match="no form with step='details'"):
        form_fields(page, containing=("step", "details"))


def test_a_scenario_whose_set_up_failed_is_shown_and_fails_the_smoke(capsys):
    measured = {
        "scenarios": {
            "ceiling": {
                "rps": 5.0,
                "p50_ms": 1,
                "p95_ms": 1,
                "p99_ms": 1,
                "errors": 0,
                "ratio": 1.0,
            },
            "letters": {"error": "set-up failed: TypeError: unexpected keyword 'targets'"},
        },
        "lost": 0,
        "duplicated": 0,
    }
    assert "letters             FAILED: set-up failed" in results.format_table(measured)
    assert smoke_verdict(measured) == 1
    assert "letters: set-up failed" in capsys.readouterr().err


def test_each_scenario_is_compared_with_the_ceiling_measured_just_before_it(monkeypatch, tmp_path):
    from bench import run as bench_run

    class FakeStack:
        base_url = "http://127.0.0.1:1"
        work_dir = tmp_path

        def cpu_snapshot(self) -> dict:
            return {"web": {}, "db": {}}

        def connection_spread(self) -> dict:
            return {}

        def redis_cpu_seconds(self) -> float:
            return 0.0

        def web_rss_mb(self) -> float:
            return 50.0

        def stop_worker(self) -> None: ...

        def start_worker(self) -> None: ...

    # The machine gets busier as the run goes on: the ceiling falls from 1000 to 500 req/s.
    ceilings = iter([1000, 1000, 500])
    measured: list[str] = []

    def fake_run(*, script: Path, duration_s: float, **kwargs) -> WrkRun:
        name = script.stem
        if duration_s in (bench_run.SMOKE.warmup_s, bench_run.SMOKE.stack_warmup_s):
            requests = 1
        elif name == "ceiling":
            requests = next(ceilings) * int(duration_s)
        else:
            requests = 400 * int(duration_s)
        measured.append(name)
        return WrkRun(requests, duration_s, 1, 2, 3, 0, 0)

    monkeypatch.setattr(bench_run.wrk, "run", fake_run)
    monkeypatch.setattr(bench_run.wrk, "build_script", lambda script, _: tmp_path / script)
    monkeypatch.setattr(bench_run.Bench, "wrk_args", lambda self, name, spec, prepared: [])
    bench = bench_run.Bench(bench_run.SMOKE, FakeStack())
    prepared = {
        "scenarios": {
            "ceiling": {"script": "ceiling"},
            "home": {"script": "home"},
            "news": {"script": "news"},
        }
    }
    bench.run_all(prepared, {"home", "news"})
    scenarios = bench.results["scenarios"]
    # The stack warmed on the ceiling, then ceiling, (ceiling, home), (ceiling, news): a
    # warm-up and a measured run each.
    assert measured[0] == "ceiling"
    assert measured[1::2] == ["ceiling", "ceiling", "home", "ceiling", "news"]
    assert scenarios["home"]["ratio"] == 0.4 and scenarios["home"]["ceiling_rps"] == 1000
    assert scenarios["news"]["ratio"] == 0.8 and scenarios["news"]["ceiling_rps"] == 500
    assert scenarios["ceiling"]["runs"] == 3
    assert scenarios["ceiling"]["rps"] == 1000 and scenarios["ceiling"]["rps_range"] == [500, 1000]


PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1
   1: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 222 1
   2: 0100007F:1F90 0100007F:D432 01 00000000:00000000 00:00000000 00000000  1000        0 333 1
   3: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 444 1
   4: 0100007F:1F90 0100007F:D433 06 00000000:00000000 00:00000000 00000000  1000        0 0 1
"""


def test_connections_to_the_web_port_are_found_in_proc_net_tcp():
    from bench.system import parse_established

    # Port 8080 (0x1F90): the listening socket, the client's own end (local port 54321) and
    # a closing one are not connections a worker serves.
    assert parse_established(PROC_NET_TCP, 8080) == {222, 333}
    assert parse_established(PROC_NET_TCP, 8000) == set()


def test_the_spread_over_workers_shows_one_worker_doing_the_work():
    result: dict = {}
    results.add_spread(
        result, requests=2000, worker_cpu_s=[0.2, 1.8], connections=[2, 30], redis_s=0.5
    )
    assert result["connections_per_worker"] == [30, 2]
    assert result["worker_cpu_shares"] == [0.9, 0.1]
    assert result["redis_cpu_ms_per_req"] == 0.25
    quiet: dict = {}
    results.add_spread(quiet, requests=0, worker_cpu_s=[], connections=[], redis_s=0.0)
    assert quiet == {}


class _RecordingStack:
    """The parts of bench.stack.Stack that run_all uses, recording what happens in order."""

    base_url = "http://127.0.0.1:1"

    def __init__(self, work_dir: Path, events: list[str]) -> None:
        self.work_dir = work_dir
        self.events = events

    def cpu_snapshot(self) -> dict:
        return {"web": {}, "db": {}}

    def connection_spread(self) -> dict:
        return {}

    def redis_cpu_seconds(self) -> float:
        return 0.0

    def web_rss_mb(self) -> float:
        return 50.0

    def flush_cache(self) -> None:
        self.events.append("flush")

    def stop_worker(self) -> None: ...

    def start_worker(self) -> None: ...


def _recording_wrk(monkeypatch, tmp_path: Path, events: list[str]) -> dict[str, list[str]]:
    from bench import run as bench_run

    arguments: dict[str, list[str]] = {}

    def fake_run(*, script: Path, duration_s: float, args: list[str], **kwargs) -> WrkRun:
        prefix = next((a for a in args if a.startswith("prefix=")), "prefix=-")
        label = f"{script.stem}:{prefix.removeprefix('prefix=')}"
        events.append(label)
        arguments[label] = args
        return WrkRun(100 * int(duration_s), duration_s, 1, 2, 3, 0, 0)

    monkeypatch.setattr(bench_run.wrk, "run", fake_run)
    monkeypatch.setattr(bench_run.wrk, "build_script", lambda script, _: tmp_path / script)
    return arguments


def test_the_stack_is_warmed_before_the_first_measurement(monkeypatch, tmp_path):
    from bench import run as bench_run

    events: list[str] = []
    _recording_wrk(monkeypatch, tmp_path, events)
    bench = bench_run.Bench(bench_run.SMOKE, _RecordingStack(tmp_path, events))
    prepared = {
        "scenarios": {
            "ceiling": {"script": "get.lua", "paths": ["/bench/ceiling"]},
            "home": {"script": "get.lua", "paths": ["/"]},
        }
    }
    bench.run_all(prepared, {"home"})
    # An unmeasured run on the ceiling first (no prefix), then warm-up and measured runs.
    assert events[0] == "get:-"
    assert events[1:] == ["get:w", "get:m"] * 3
    assert bench.results["scenarios"]["ceiling"]["runs"] == 2


def test_a_cold_scenario_empties_the_cache_and_never_asks_for_a_page_twice(monkeypatch, tmp_path):
    from bench import run as bench_run

    events: list[str] = []
    arguments = _recording_wrk(monkeypatch, tmp_path, events)
    bench = bench_run.Bench(bench_run.FULL, _RecordingStack(tmp_path, events))
    zips = [f"/find-your-lawmakers/?zip={n:05d}" for n in range(1000)]
    prepared = {
        "scenarios": {
            "ceiling": {"script": "get.lua", "paths": ["/bench/ceiling"]},
            "lookup": {"script": "get.lua", "paths": zips, "cold": True, "hit_header": "X-H"},
        }
    }
    bench.run_all(prepared, {"lookup"})
    # The ceiling runs on a warm cache; the lookup's warm-up starts on an empty one.
    assert events[-3:] == ["flush", "get:w", "get:m"]

    def option(label: str, key: str) -> str:
        return next(a for a in arguments[label] if a.startswith(f"{key}=")).split("=", 1)[1]

    warm = Path(option("get:w", "paths_file")).read_text().split()
    measured = Path(option("get:m", "paths_file")).read_text().split()
    assert not set(warm) & set(measured)
    assert sorted(warm + measured) == sorted(zips)
    # Two wrk threads, each starting on its own half of the measured paths.
    assert int(option("get:m", "stride")) == len(measured) // 2
    assert option("get:m", "hit_header") == "X-H"
    assert "uncached" in bench.results["scenarios"]["lookup"]


def test_the_admin_list_is_read_by_a_few_staff_sessions_even_in_a_full_run():
    from bench import run as bench_run

    admin = {"connections": 4, "one_connection_per_thread": True}
    full = bench_run.Bench(bench_run.FULL, None)
    assert (full.connections(admin), full.threads(admin)) == (4, 4)
    assert (full.connections({}), full.threads({})) == (32, 2)
    smoke = bench_run.Bench(bench_run.SMOKE, None)
    # A smoke run keeps its own small concurrency, and never goes above it.
    assert smoke.connections({"connections": 32}) == 8
    assert smoke.connections(admin) == 4


def test_a_process_is_seen_holding_the_connections_it_accepted():
    import os
    import socket

    from bench.system import established_sockets, socket_inodes

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [server.accept()[0] for _ in clients]
        try:
            held = socket_inodes(os.getpid()) & established_sockets(port)
            assert held == {os.fstat(conn.fileno()).st_ino for conn in accepted}
        finally:
            for conn in clients + accepted:
                conn.close()


def test_the_machines_busy_time_leaves_out_idle_and_io_wait():
    import os

    from bench.system import machine_busy_seconds

    ticks = os.sysconf("SC_CLK_TCK")
    stat = f"cpu  {ticks} 0 {ticks} {50 * ticks} {9 * ticks} 0 {ticks} 0 0 0\ncpu0 1 2 3\n"
    assert machine_busy_seconds(stat) == 3.0


def test_cores_taken_by_other_work_are_what_the_benchmark_did_not_use():
    result: dict = {}
    results.add_neighbours(result, busy_s=30.0, ours_s=20.0, duration_s=20.0)
    assert result["other_cores"] == 0.5
    results.add_neighbours(result, busy_s=19.0, ours_s=20.0, duration_s=20.0)
    assert result["other_cores"] == 0.0


def test_call_report_loss_finds_reports_missing_from_the_counts_or_counted_twice():
    # In-flight reports stored but never answered are neither lost nor duplicated.
    assert results.call_report_loss(
        accepted=100, stored=104, counted=104, distinct_calls=104
    ) == results.Loss(0, 0)
    assert results.call_report_loss(
        accepted=100, stored=98, counted=98, distinct_calls=98
    ) == results.Loss(2, 0)
    assert results.call_report_loss(
        accepted=100, stored=100, counted=101, distinct_calls=100
    ) == results.Loss(0, 1)


def test_mailing_loss_allows_one_repeat_within_the_in_flight_window_only():
    arrivals = Counter({"<a>": 1, "<b>": 2, "<c>": 2, "<d>": 3})
    sent = {"<a>", "<b>", "<c>", "<d>", "<e>"}
    loss = results.mailing_loss(sent=sent, arrivals=arrivals, in_flight={"<b>", "<d>"})
    assert loss == {"lost": 1, "duplicated": 4, "duplicated_beyond_window": 2}


def test_a_row_still_queued_when_the_send_is_paused_is_not_lost():
    arrivals = Counter({"<a>": 1, "<b>": 1})
    loss = results.mailing_loss(sent={"<a>", "<b>"}, arrivals=arrivals, in_flight=set())
    assert loss["lost"] == 0
    # A row the database records as sent that never arrived is lost, however many others did.
    loss = results.mailing_loss(sent={"<a>", "<c>"}, arrivals=arrivals, in_flight=set())
    assert loss["lost"] == 1


def test_mailing_targets_are_checked():
    checks = results.target_checks(
        {"mailing": {"snapshot_s": 41.0, "ratio": 0.42, "peak_worker_mb": 120.0}}
    )
    assert checks["mailing.snapshot_s"]["met"] is True
    assert checks["mailing.ratio"]["met"] is False
    assert checks["mailing.peak_worker_mb"]["met"] is True


def test_a_flows_warm_up_and_measured_run_never_share_a_session(monkeypatch, tmp_path):
    # A warm-up request still in flight when the measured run starts saves its copy of the
    # session over the measured step's, so each run gets sessions of its own.
    from bench import run as bench_run

    made = iter(range(1, 1000))

    class Browser:
        def __init__(self, base_url: str) -> None:
            self.session = f"session-{next(made)}"

        def page(self, path: str, data: dict | None = None) -> str:
            return "<form></form>"

        def request(self, path: str, data: dict) -> tuple[int, str]:
            return 302, ""

        def cookies_from(self, other: object, name: str) -> None: ...

        def cookie(self, name: str) -> str:
            return self.session if name == "sessionid" else "token"

        def cookie_header(self) -> str:
            return ""

    monkeypatch.setattr(bench_run, "Session", Browser)
    monkeypatch.setattr(bench_run, "form_fields", lambda page, containing: [("step", "x")])
    events: list[str] = []
    arguments = _recording_wrk(monkeypatch, tmp_path, events)
    bench = bench_run.Bench(bench_run.SMOKE, _RecordingStack(tmp_path, events))
    flow = {
        "script": "flow.lua",
        "start_path": "/write/?zip=43215",
        "path": "/write/",
        "details_step": ["step", "details"],
        "send_step": ["step", "send"],
        "details": {"email": "w-{n}@example.org"},
        "expect": "302",
        "connections": 4,
        "one_connection_per_thread": True,
    }
    prepared = {
        "scenarios": {
            "ceiling": {"script": "get.lua", "paths": ["/bench/ceiling"]},
            # Any scenario may be a flow; this one has no delivery to wait for afterwards.
            "call_outcome": flow,
        }
    }
    bench.run_all(prepared, {"call_outcome"})

    def sessions(label: str) -> list[str]:
        path = next(a for a in arguments[label] if a.startswith("sessions_file="))
        return Path(path.split("=", 1)[1]).read_text().split()

    warm, measured = sessions("flow:w"), sessions("flow:m")
    assert len(warm) == len(measured) == 4
    assert not set(warm) & set(measured)

"""The production-like stack: PostgreSQL, Redis, gunicorn, one db_worker, an SMTP sink.

Everything listens on loopback. Every process started here is stopped when the `Stack` context
ends, whatever ended it (an error, Ctrl-C or SIGTERM).
"""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType, TracebackType

from bench.system import (
    apt_install,
    as_root,
    children,
    cpu_seconds,
    database_backends,
    established_sockets,
    peak_rss_mb,
    socket_inodes,
)

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


WORKER_COMMAND = [
    sys.executable,
    "manage.py",
    "db_worker",
    "--no-reload",
    "--no-startup-delay",
    "--interval",
    "0.1",
    "--verbosity",
    "0",
]


def log(message: str) -> None:
    print(f"== {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    def __init__(
        self,
        *,
        database: str,
        work_dir: Path,
        workers: int,
        worker_class: str,
        threads: int,
        reuse_port: bool = True,
    ) -> None:
        self.database = database
        self.reuse_port = reuse_port
        self.work_dir = work_dir
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.web_port = free_port()
        self.smtp_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.sink_log = work_dir / "sink.log"
        self.sink_raw = work_dir / "sink-raw"
        self.processes: dict[str, subprocess.Popen] = {}
        self.peak_worker_rss = 0.0
        self.secret = secrets.token_urlsafe(50)
        self._previous_sigterm: object = None

    # --- lifetime -------------------------------------------------------------------------------

    def __enter__(self) -> "Stack":
        # Logs, saved mail and wrk inputs are the last run's only.
        shutil.rmtree(self.work_dir, ignore_errors=True)
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._previous_sigterm = signal.signal(signal.SIGTERM, self._on_sigterm)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)
        signal.signal(signal.SIGTERM, self._previous_sigterm)  # type: ignore[arg-type]

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt("SIGTERM")

    # --- environment ----------------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        return f"{PG_URL}/{self.database}"

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_"))
        }
        env.update(
            {
                "DEBUG": "0",
                "SECRET_KEY": self.secret,
                "ALLOWED_HOSTS": "127.0.0.1",
                "SITE_URL": self.base_url,
                "SECURE_SSL_REDIRECT": "0",
                "SESSION_COOKIE_SECURE": "0",
                "CSRF_COOKIE_SECURE": "0",
                "SECURE_HSTS_SECONDS": "0",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": REDIS_URL,
                "CACHE_URL": REDIS_URL,
                "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
                "BENCHMARK_ENDPOINTS": "1",
                # One trusted proxy: the load generator plays the load balancer and gives
                # each POST its own X-Forwarded-For, so per-address rate limits behave as
                # they would with many supporters.
                "TRUSTED_PROXY_COUNT": "1",
                # The organizer scenario logs in with a password only; the second factor
                # is a login step, not part of what the admin list costs per request.
                "STAFF_2FA_REQUIRED": "0",
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    # --- services -------------------------------------------------------------------------------

    def ensure_postgres(self) -> None:
        if self._pg_ready():
            return
        log("starting PostgreSQL")
        versions = sorted(
            os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )
        subprocess.run(
            as_root(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"]),
            check=False,
        )
        for _ in range(30):
            if self._pg_ready():
                return
            time.sleep(1)
        raise RuntimeError("PostgreSQL is not answering on 127.0.0.1:5432")

    def _pg_ready(self) -> bool:
        return (
            subprocess.run(
                ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
            ).returncode
            == 0
        )

    def psql(self, *statements: str) -> None:
        command = ["psql", f"{PG_URL}/postgres", "-q", "-v", "ON_ERROR_STOP=1"]
        for statement in statements:
            command += ["-c", statement]
        subprocess.run(command, check=True, capture_output=True)

    def fresh_database(self) -> None:
        log(f"fresh database {self.database}")
        self.psql(
            f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)',
            f'CREATE DATABASE "{self.database}"',
        )

    def drop_database(self) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def ensure_redis(self) -> None:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        try:
            client.ping()
        except redis.ConnectionError:
            if not shutil.which("redis-server"):
                apt_install("redis-server")
            log("starting Redis")
            subprocess.run(
                [
                    "redis-server",
                    "--daemonize",
                    "yes",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    "6379",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                check=True,
                capture_output=True,
            )
            for _ in range(20):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.25)
        client.flushdb()

    # --- Django ---------------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}"
            )
        return completed

    def python(
        self, *args: str, timeout: float = 900, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**self.env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"python {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}"
            )
        return completed

    # --- processes ------------------------------------------------------------------------------

    def start(
        self, name: str, command: list[str], env: dict[str, str] | None = None
    ) -> subprocess.Popen:
        output = (self.work_dir / f"{name}.log").open("ab")
        # A session of its own: Ctrl-C reaches only the harness, which stops things in order.
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env(), **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        output.close()
        self.processes[name] = process
        return process

    def stop(self, name: str, grace_s: float = 15) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        if name == "worker":
            self.peak_worker_rss = max(self.peak_worker_rss, peak_rss_mb(process.pid))
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(grace_s)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def start_sink(self) -> None:
        self.start(
            "sink",
            [
                sys.executable,
                "-m",
                "bench.sink",
                "--port",
                str(self.smtp_port),
                "--log",
                str(self.sink_log),
                "--raw-dir",
                str(self.sink_raw),
                "--keep",
                "200000",
            ],
        )
        self._wait_for_port(self.smtp_port, "SMTP sink")

    def start_web(self) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.web_port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        if self.worker_class == "gthread":
            command += ["--threads", str(self.threads)]
        if self.reuse_port:
            # A listening socket per worker, and the kernel spreads new connections over
            # them. With one shared socket, whichever worker is awake when a client opens
            # its keep-alive connections takes them; after a burst of connections it can
            # hold nearly all of them for good while the other waits idle.
            command.append("--reuse-port")
        self.start("web", command)
        self._wait_for_http("/healthz", "gunicorn")

    def start_worker(self, name: str = "worker", env: dict[str, str] | None = None) -> None:
        self.start(name, WORKER_COMMAND, env)

    def kill(self, name: str) -> float:
        """SIGKILL a process at once, as a crash or the OOM killer would; its peak RSS (MiB)."""
        process = self.processes.pop(name)
        peak = peak_rss_mb(process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        return peak

    def rss_mb(self, name: str) -> float:
        process = self.processes.get(name)
        return peak_rss_mb(process.pid) if process else 0.0

    def stop_worker(self) -> None:
        self.stop("worker")

    def web_rss_mb(self) -> float:
        web = self.processes.get("web")
        if web is None:
            return 0.0
        return max((peak_rss_mb(pid) for pid in children(web.pid)), default=0.0)

    def cpu_snapshot(self) -> dict[str, dict[int, float]]:
        """CPU seconds used so far by each web process and each database backend of ours."""
        web = self.processes.get("web")
        web_pids = [web.pid, *children(web.pid)] if web else []
        return {
            "web": {pid: cpu_seconds(pid) for pid in web_pids},
            "db": {pid: cpu_seconds(pid) for pid in database_backends(self.database)},
        }

    def web_workers(self) -> list[int]:
        web = self.processes.get("web")
        return children(web.pid) if web else []

    def connection_spread(self) -> dict[int, int]:
        """Open client connections to the web port held by each web worker, from /proc."""
        established = established_sockets(self.web_port)
        return {pid: len(socket_inodes(pid) & established) for pid in self.web_workers()}

    def redis_cpu_seconds(self) -> float:
        """CPU time Redis has used so far (shared with whatever else uses this server)."""
        import redis

        try:
            info = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).info("cpu")
        except redis.RedisError:
            return 0.0
        return float(info.get("used_cpu_user", 0.0)) + float(info.get("used_cpu_sys", 0.0))

    def flush_cache(self) -> None:
        """Empty the site's cache database, as for a page nobody has asked for yet."""
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()

    def worker_rss_mb(self) -> float:
        worker = self.processes.get("worker")
        current = peak_rss_mb(worker.pid) if worker else 0.0
        return max(self.peak_worker_rss, current)

    def server_errors(self, limit: int = 5) -> list[str]:
        """The first distinct error lines in the web log, to say why a scenario failed."""
        path = self.work_dir / "web.log"
        if not path.exists():
            return []
        found: list[str] = []
        for line in path.read_text(errors="replace").splitlines():
            if ("ERROR" in line or line.startswith(("django.", "Exception"))) and line not in found:
                found.append(line)
            if len(found) >= limit:
                break
        return found

    def _check_alive(self, name: str) -> None:
        process = self.processes.get(name)
        if process is not None and process.poll() is not None:
            tail = (self.work_dir / f"{name}.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{tail}")

    def _wait_for_port(self, port: int, what: str, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self._check_alive("sink")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{what} did not start listening on port {port}")

    def _wait_for_http(self, path: str, what: str, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self._check_alive("web")
            try:
                with urllib.request.urlopen(self.base_url + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"{what} did not answer {path} within {timeout_s:.0f}s")

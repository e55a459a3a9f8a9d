"""Small helpers for processes and the machine."""

import os
import shutil
import subprocess
from pathlib import Path


def as_root(command: list[str]) -> list[str]:
    """The command as root: directly when we are root, else through passwordless sudo."""
    if os.geteuid() == 0 or not shutil.which("sudo"):
        return command
    return ["sudo", "-n", *command]


def apt_install(package: str) -> None:
    """Install a Debian package as root, refreshing the package lists only if needed."""
    print(f"== installing {package} (Debian package)", flush=True)
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", package]
    if subprocess.run(as_root(install), env=env, capture_output=True).returncode != 0:
        subprocess.run(as_root(["apt-get", "update"]), env=env, capture_output=True, check=True)
        subprocess.run(as_root(install), env=env, capture_output=True, check=True)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB; 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return parse_vmhwm_mb(status)


def parse_vmhwm_mb(status: str) -> float:
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """Direct child processes of pid, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent id follows it.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far; 0 when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    return parse_cpu_seconds(stat)


def parse_cpu_seconds(stat: str) -> float:
    # Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    fields = stat.rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends(database: str) -> list[int]:
    """PostgreSQL server processes serving connections to this database."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        # Backends retitle themselves "postgres: <cluster>: <user> <database> <client> ..."
        if command.startswith(b"postgres: ") and f" {database} ".encode() in command:
            found.append(int(entry.name))
    return found


def socket_inodes(pid: int) -> set[int]:
    """Inodes of the sockets the process has open (its fds link to "socket:[N]")."""
    found = set()
    try:
        entries = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return found
    for entry in entries:
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(int(target[8:-1]))
    return found


def established_sockets(local_port: int, table: str | None = None) -> set[int]:
    """Inodes of the established TCP connections whose local port is local_port."""
    if table is None:
        try:
            table = Path("/proc/net/tcp").read_text()
        except OSError:
            return set()
    return parse_established(table, local_port)


def parse_established(table: str, local_port: int) -> set[int]:
    found = set()
    # Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
    for line in table.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10:
            continue
        port = int(fields[1].rsplit(":", 1)[1], 16)
        if port == local_port and fields[3] == "01":  # 01: ESTABLISHED
            found.add(int(fields[9]))
    return found


def machine_busy_seconds(stat: str | None = None) -> float:
    """CPU time all cores have spent busy since boot (everything but idle and I/O wait)."""
    if stat is None:
        stat = Path("/proc/stat").read_text()
    # "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
    fields = [int(value) for value in stat.splitlines()[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time used by the child processes this process has waited for (wrk, here)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

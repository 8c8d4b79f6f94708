"""Start, watch and stop the gunicorn servers of a benchmark run.

Each server runs in a process group of its own, so stopping it ends the master and
every worker, also when the run is interrupted.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    """A gunicorn master listening on 127.0.0.1:``port``; its output goes to ``log_path``."""

    name: str
    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    """A TCP port nobody listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _no_control_socket() -> list[str]:
    """gunicorn 23+ opens a control socket at one fixed path per user: two servers (or
    someone else's) would fight over it, and the benchmark does not use it."""
    from gunicorn.config import KNOWN_SETTINGS

    known = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in known else []


def start_gunicorn(name: str, target: str, env: dict[str, str], workers: int,
                   log_dir: Path) -> Server:
    """``gunicorn -w WORKERS -b 127.0.0.1:PORT TARGET`` from the repository root.

    The app and the floor get exactly these settings, so they differ only in code.
    """
    port = free_port()
    log_path = log_dir / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), *_no_control_socket(),
               target]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Server(name, process, port, log_path)


def wait_ready(server: Server, path: str, timeout: float = 60.0) -> None:
    """Wait until ``path`` answers 200, or raise with the end of the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped (exit {server.process.returncode}):\n"
                               f"{server.log_tail()}")
        try:
            if requests.get(server.base_url + path, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {path} within {timeout:.0f} s:\n"
                       f"{server.log_tail()}")


def wait_idle(server: Server, path: str, quick: float = 1.0, timeout: float = 60.0) -> None:
    """Wait until ``path`` (a cheap page) answers within ``quick`` seconds twice in a row.

    When wrk stops, gunicorn still works off the requests queued in its backlog; the
    next endpoint must not be measured against that leftover work. While the backlog
    lasts, the cheap page waits behind it for seconds; a merely busy machine slows it
    by milliseconds.
    """
    deadline = time.monotonic() + timeout
    quick_in_a_row = 0
    while quick_in_a_row < 2 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            requests.get(server.base_url + path, timeout=10)
        except requests.RequestException:
            pass
        quick_in_a_row = quick_in_a_row + 1 if time.monotonic() - started < quick else 0


def worker_pids(server: Server) -> list[int]:
    """The gunicorn workers: the master's child processes, read from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # The command name in parentheses may hold spaces: the fields follow the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server.process.pid:
            children.append(int(entry.name))
    return sorted(children)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def stop(server: Server, grace: float = 10.0) -> None:
    """End the server's process group: TERM (gunicorn's graceful stop), then KILL."""
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=grace)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        pass
    # A worker that outlived its master (or a master that ignored TERM) goes too.
    try:
        os.killpg(server.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.process.wait()

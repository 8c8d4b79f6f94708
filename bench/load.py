"""Drive load at one URL for a fixed time: wrk with a Lua script, or a Python fallback.

The Lua script sends the session cookie, counts answers other than 200 (wrk itself
only counts 4xx and 5xx, and a redirect to the sign-in page must count as an error
here) and prints its figures as one JSON line that :func:`run_wrk` reads back.
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

RESULT_MARK = "BENCH_JSON "

LUA_TEMPLATE = """\
-- Written by bench/load.py for one run.
%(headers)s
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  not_ok = 0
end
function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
function done(summary, latency, requests)
  local not_ok_total = 0
  for _, thread in ipairs(threads) do not_ok_total = not_ok_total + thread:get("not_ok") end
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "not_200": %%d, "p50_us": %%d, ' ..
    '"p90_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    not_ok_total, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
end
"""


@dataclass
class LoadResult:
    """What one timed run at one URL measured."""

    client: str
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    # Socket errors and timeouts by kind, plus answers other than 200.
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": round(self.rps, 1), "error_count": self.error_count}


def find_wrk(install: bool = True) -> str | None:
    """The wrk binary; installed with apt-get when missing and we may (root on Debian)."""
    path = shutil.which("wrk")
    if path or not install:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install -y wrk", flush=True)
        quiet = {"check": False, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        if subprocess.run(["apt-get", "install", "-y", "wrk"], **quiet).returncode:
            # A fresh machine may not have read the package lists yet.
            subprocess.run(["apt-get", "update"], **quiet)
            subprocess.run(["apt-get", "install", "-y", "wrk"], **quiet)
    return shutil.which("wrk")


def _lua_string(value: str) -> str:
    if any(ord(char) < 32 or ord(char) > 126 for char in value):
        raise ValueError("header values must be printable ASCII")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(headers: dict[str, str]) -> str:
    """The wrk script that sends ``headers`` and reports as JSON."""
    lines = "\n".join(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}"
                      for name, value in headers.items())
    return LUA_TEMPLATE % {"headers": lines, "mark": RESULT_MARK}


def run_wrk(wrk: str, url: str, headers: dict[str, str], seconds: int, connections: int,
            threads: int, timeout: int = 10) -> LoadResult:
    """``wrk -c CONNECTIONS -t THREADS -d SECONDS --latency -s script URL``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(headers))
    try:
        completed = subprocess.run(
            [wrk, f"-c{connections}", f"-t{threads}", f"-d{seconds}s", f"--timeout={timeout}s",
             "--latency", "-s", script.name, url],
            capture_output=True, text=True, timeout=seconds + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((line for line in completed.stdout.splitlines()
                 if line.startswith(RESULT_MARK)), None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed (exit {completed.returncode}) at {url}:\n"
                           f"{completed.stdout}\n{completed.stderr}")
    figures = json.loads(line[len(RESULT_MARK):])
    errors = {kind: figures[kind] for kind in ("connect", "read", "write", "timeout")}
    # "status" (4xx/5xx) is a subset of "not_200": count each bad answer once.
    errors["not_200"] = figures["not_200"]
    return LoadResult(
        client="wrk", requests=figures["requests"], seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000, p90_ms=figures["p90_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000, max_ms=figures["max_us"] / 1000,
        errors={kind: count for kind, count in errors.items() if count})


def run_python(url: str, headers: dict[str, str], seconds: int, connections: int,
               timeout: int = 10) -> LoadResult:
    """The fallback without wrk: one thread per connection, each sending request after
    request. Slower than wrk (the client shares the GIL), so only a rough figure."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            kind = None
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                        timeout=timeout)
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    kind = "not_200"
            except TimeoutError:
                kind = "timeout"
            except OSError:
                kind = "read"
            elapsed = time.perf_counter() - started
            with lock:
                if kind:
                    errors[kind] = errors.get(kind, 0) + 1
                if kind in (None, "not_200"):  # answered: its latency counts, as in wrk
                    latencies.append(elapsed)

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    ordered = sorted(latencies) or [0.0]

    def percentile(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return LoadResult(client="python", requests=len(latencies),
                      seconds=elapsed, p50_ms=percentile(0.50), p90_ms=percentile(0.90),
                      p99_ms=percentile(0.99), max_ms=ordered[-1] * 1000, errors=errors)

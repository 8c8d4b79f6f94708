"""The SQL behind each endpoint: statements sent, their time, and the slowest ones' plans.

Runs the app in this process through Flask's test client (no load, one request at a
time), times every statement with SQLAlchemy's cursor events, and asks PostgreSQL to
``EXPLAIN (ANALYZE, BUFFERS)`` the slowest SELECTs with the parameters they were sent
with. pg_stat_statements would need a server restart; this needs nothing. A cProfile
of one more request names the app's functions and templates where the rest goes.
"""
from __future__ import annotations

import cProfile
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
PROCURE_DIR = ROOT / "procure"


@dataclass
class TimedStatement:
    """One statement as the driver received it, and how long it took (ms)."""

    sql: str
    parameters: Any
    ms: float

    def short(self, width: int = 160) -> str:
        return " ".join(self.sql.split())[:width]


@contextmanager
def timed_statements(engine: Engine) -> Iterator[list[TimedStatement]]:
    """Every statement ``engine`` sends inside the block, with its duration."""
    log: list[TimedStatement] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):
        started = conn.info["bench_started"].pop()
        log.append(TimedStatement(statement, parameters, (time.perf_counter() - started) * 1000))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


@dataclass
class EndpointProfile:
    """One request to an endpoint: its statements, its time, and where Python spent it."""

    statements: list[TimedStatement]
    request_ms: float
    # (function in the repository, cumulative ms) from one request under cProfile.
    hot_spots: list[tuple[str, float]]

    @property
    def sql_ms(self) -> float:
        return sum(statement.ms for statement in self.statements)


def hot_spots(client, path: str, count: int = 8) -> list[tuple[str, float]]:
    """The app's own functions and templates that took longest in one request of
    ``path`` (cumulative time under cProfile, so inflated, but in the right order)."""
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    found = []
    for (filename, line, function), (_, _, _, cumulative, _) in \
            pstats.Stats(profiler).stats.items():
        if filename.startswith(str(PROCURE_DIR)):
            where = f"{Path(filename).relative_to(ROOT)}:{line} {function}"
            found.append((where, round(cumulative * 1000, 1)))
    return sorted(found, key=lambda spot: -spot[1])[:count]


def profile_endpoints(client, engine: Engine, paths: dict[str, str],
                      repeats: int = 3) -> dict[str, EndpointProfile]:
    """For each named path, its fastest of ``repeats`` requests (after one warm-up
    request, so caches are as warm as under load) and its hot spots."""
    profiles = {}
    for name, path in paths.items():
        client.get(path)
        best = None
        for _ in range(repeats):
            with timed_statements(engine) as log:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code} while profiling")
            if best is None or elapsed < best.request_ms:
                best = EndpointProfile(list(log), elapsed, [])
        best.hot_spots = hot_spots(client, path)
        profiles[name] = best
    return profiles


def _is_query(statement: TimedStatement) -> bool:
    return statement.sql.lstrip().upper().startswith(("SELECT", "WITH"))


def slowest(profiles: dict[str, EndpointProfile], count: int,
            worth_ms: float = 5.0) -> list[tuple[str, TimedStatement]]:
    """The ``count`` slowest distinct SELECTs over all endpoints, and besides them each
    endpoint's own slowest SELECT when it takes ``worth_ms`` or more (so a list page's
    query is explained even when the dashboard's fill the top), slowest first."""
    queries = [(name, statement) for name, profile in profiles.items()
               for statement in profile.statements if _is_query(statement)]
    queries.sort(key=lambda pair: -pair[1].ms)
    chosen: dict[str, tuple[str, TimedStatement]] = {}
    for name, statement in queries:
        if len(chosen) == count:
            break
        chosen.setdefault(statement.sql, (name, statement))
    for name in profiles:
        own = next((pair for pair in queries if pair[0] == name), None)
        if own and own[1].ms >= worth_ms:
            chosen.setdefault(own[1].sql, own)
    return sorted(chosen.values(), key=lambda pair: -pair[1].ms)


def explain_analyze(engine: Engine, statement: TimedStatement) -> str:
    """PostgreSQL's plan of ``statement`` with real timings; rolled back afterwards."""
    if engine.dialect.name != "postgresql":
        return "(EXPLAIN ANALYZE is only run on PostgreSQL)"
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.parameters)
        return "\n".join(row[0] for row in cursor.fetchall())
    finally:
        connection.rollback()
        connection.close()

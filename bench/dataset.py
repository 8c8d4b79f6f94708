"""The benchmark's data: make sure the database holds some, and pick real URLs from it.

An empty database is filled with ``flask --app procure init-db`` and then
``generate-data --scale SCALE`` (``seed-demo`` for ``--scale demo``); a database that
already holds needs is used as it is, so the nation data is generated once.
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from bench.servers import ROOT

COUNTED_TABLES = ("departments", "users", "supplier_organisations", "needs", "need_revisions",
                  "dialogues", "dialogue_registrations", "dialogue_questions", "audit_events")


@dataclass(frozen=True)
class Targets:
    """The real objects the benchmark asks for, picked from the data."""

    officer_emails: tuple[str, ...]
    department_id: int | None
    need_reference: str
    dialogue_id: int | None
    need_list_query: str
    dashboard_query: str
    rare_word: str = ""


def flask(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """``flask --app procure ARGS`` with the benchmark's environment."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "procure", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def create_database_if_missing(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` when it does not exist yet."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        return
    probe = create_engine(url)
    try:
        probe.connect().close()
        return
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
    finally:
        probe.dispose()
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        # The name comes from our own command line, quoted as an identifier.
        name = parsed.database.replace('"', '""')
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def has_needs(engine: Engine) -> bool:
    if not inspect(engine).has_table("needs"):
        return False
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1 FROM needs LIMIT 1")).first() is not None


def ensure_data(url: str, scale: str, env: dict[str, str]) -> bool:
    """Fill an empty database; True when this run generated the data."""
    create_database_if_missing(url)
    engine = create_engine(url)
    try:
        if has_needs(engine):
            return False
        loader = ["seed-demo"] if scale == "demo" else ["generate-data", "--scale", scale]
        if loader[0] == "generate-data" and flask(["generate-data", "--help"], env).returncode:
            raise RuntimeError("this checkout has no 'flask generate-data' command yet: "
                               "use --scale demo, or a database that holds data")
        for args in (["init-db"], loader):
            print(f"$ flask --app procure {' '.join(args)}", flush=True)
            done = flask(args, env)
            if done.returncode:
                raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))
        return True
    finally:
        engine.dispose()


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in the tables that say how big the data is."""
    existing = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in COUNTED_TABLES if table in existing}


def _first(connection, sql: str, **params):
    row = connection.execute(text(sql), params).first()
    return row[0] if row else None


def pick_targets(engine: Engine, email: str | None = None) -> Targets:
    """An officer of the department with the most needs, that department's richest need,
    the busiest published dialogue, and the most common filter values."""
    with engine.connect() as connection:
        if email:
            emails = (email,)
            department_id = _first(connection, "SELECT department_id FROM users WHERE email = :e",
                                   e=email)
        else:
            rows = connection.execute(text(
                "SELECT u.email, u.department_id FROM users u JOIN (SELECT department_id, "
                "count(*) AS needs FROM needs GROUP BY department_id) d "
                "ON d.department_id = u.department_id "
                "WHERE u.role = 'officer' AND u.is_enabled AND NOT u.must_change_password "
                "ORDER BY d.needs DESC, u.id LIMIT 5")).all()
            if not rows:
                raise RuntimeError("the database has no enabled officer of a department with needs")
            emails = tuple(row.email for row in rows)
            department_id = rows[0].department_id
        need = _first(connection,
                      "SELECT n.reference FROM needs n LEFT JOIN (SELECT need_id, count(*) AS "
                      "parts FROM need_requirements GROUP BY need_id) r ON r.need_id = n.id "
                      "WHERE n.department_id = :d AND n.status <> 'draft' "
                      "ORDER BY coalesce(r.parts, 0) DESC, n.id LIMIT 1", d=department_id) \
            or _first(connection, "SELECT reference FROM needs ORDER BY id LIMIT 1")
        dialogue = _first(connection,
                          "SELECT d.id FROM dialogues d LEFT JOIN (SELECT dialogue_id, count(*) "
                          "AS asked FROM dialogue_questions GROUP BY dialogue_id) q "
                          "ON q.dialogue_id = d.id WHERE d.status = 'published' "
                          "ORDER BY coalesce(q.asked, 0) DESC, d.id LIMIT 1")
        status = _first(connection, "SELECT status FROM needs GROUP BY status "
                                    "ORDER BY count(*) DESC, status LIMIT 1")
        division = _first(connection,
                          "SELECT cpv_division FROM needs WHERE status = :s AND cpv_division "
                          "IS NOT NULL GROUP BY cpv_division ORDER BY count(*) DESC, "
                          "cpv_division LIMIT 1", s=status)
        year = _first(connection, "SELECT year FROM needs WHERE department_id = :d GROUP BY "
                                  "year ORDER BY count(*) DESC, year DESC LIMIT 1", d=department_id)
        dashboard_division = _first(
            connection, "SELECT cpv_division FROM needs WHERE department_id = :d AND "
                        "cpv_division IS NOT NULL GROUP BY cpv_division "
                        "ORDER BY count(*) DESC, cpv_division LIMIT 1", d=department_id)
        rare_word = _rare_word(connection)
    return Targets(
        officer_emails=emails, department_id=department_id, need_reference=need,
        dialogue_id=dialogue, rare_word=rare_word,
        need_list_query=urlencode({key: value for key, value in
                                   (("status", status), ("division", division)) if value}),
        dashboard_query=urlencode({key: value for key, value in
                                   (("year", year), ("division", dashboard_division)) if value}))


def _rare_word(connection) -> str:
    """A word of five letters or more found in the titles of few needs (at most ten of a
    sample of a thousand): what a search for one case looks like."""
    titles = [row[0] for row in connection.execute(
        text("SELECT title FROM needs ORDER BY id LIMIT 1000"))]
    counts: dict[str, int] = {}
    for title in titles:
        for word in {w.strip(".,:;()").lower() for w in title.split()}:
            if len(word) >= 5 and word.isalpha():
                counts[word] = counts.get(word, 0) + 1
    rare = sorted((count, word) for word, count in counts.items() if count <= 10)
    return rare[0][1] if rare else "matsvinn"

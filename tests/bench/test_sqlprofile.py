"""The benchmark's SQL profile (bench/sqlprofile.py): it records what an engine sends and
chooses which statements get an EXPLAIN ANALYZE."""
from __future__ import annotations

from sqlalchemy import create_engine, text

from bench.sqlprofile import EndpointProfile, TimedStatement, slowest, timed_statements


def test_timed_statements_records_each_statement_inside_the_block_only():
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        with timed_statements(engine) as log:
            connection.execute(text("SELECT 1"))
            connection.execute(text("SELECT :n"), {"n": 2})
        connection.execute(text("SELECT 3"))

    assert [statement.sql for statement in log] == ["SELECT 1", "SELECT ?"]
    assert log[1].parameters == (2,)
    assert all(statement.ms >= 0 for statement in log)


def profile(*statements: tuple[str, float]) -> EndpointProfile:
    return EndpointProfile([TimedStatement(sql, {}, ms) for sql, ms in statements],
                           request_ms=sum(ms for _, ms in statements), hot_spots=[])


def test_slowest_takes_the_top_queries_and_each_endpoints_own_slowest():
    profiles = {
        "dashboard": profile(("SELECT a", 700), ("SELECT b", 400), ("INSERT INTO x", 900)),
        "need_list": profile(("SELECT c", 40), ("SELECT d", 20)),
        "need_page": profile(("SELECT e", 1)),  # too quick to be worth a plan
    }

    chosen = [(name, statement.sql) for name, statement in slowest(profiles, 2)]

    assert chosen == [("dashboard", "SELECT a"), ("dashboard", "SELECT b"),
                      ("need_list", "SELECT c")]

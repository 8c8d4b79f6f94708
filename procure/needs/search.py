"""Finding needs by words of their title or reference, served by an index on both
databases, with the same results on each.

A word matches where it appears anywhere in the title or the reference, in any case
("matsvinn" finds "Mindre matsvinn i förskolan"); every word must match. A leading
``LIKE '%word%'`` reads every row: at national scale (200,000 needs) a rare word took
390 ms. So:

- PostgreSQL keeps trigram GIN indexes (``pg_trgm``) on ``lower(title)`` and
  ``lower(reference)``, which serve that very ``LIKE``;
- SQLite keeps an FTS5 table with the trigram tokenizer (``needs_fts``, kept by
  triggers), which matches substrings of three characters or more; shorter words there
  fall back to ``LIKE``.

These objects are not in the models' metadata (neither database has the other's kind):
``create_search_objects`` makes them after the table (``create_all``) and in migration
0015, and ``is_search_object`` tells Alembic's comparison to leave them be. A migration
that rebuilds ``needs`` on SQLite (batch mode) loses the triggers with the old table:
it calls ``create_search_objects`` again at its end.
"""
from __future__ import annotations

from sqlalchemy import Connection, ColumnElement, and_, case, event, func, or_, select, text

from procure.needs.models import Need

FTS_TABLE = "needs_fts"
TRIGRAM_INDEXES = {"ix_needs_title_trgm": "title", "ix_needs_reference_trgm": "reference"}
MAX_WORDS = 8
# FTS5's trigram tokenizer matches words of at least three characters.
SHORTEST_INDEXED = 3


def words_of(query: str) -> list[str]:
    """The words searched for: at most eight, without LIKE's wildcards."""
    cleaned = (word.replace("%", "").replace("_", "") for word in query.split())
    return [word for word in cleaned if word][:MAX_WORDS]


def matching(words: list[str], dialect: str) -> ColumnElement[bool]:
    """Needs whose title or reference holds every word."""
    if dialect == "sqlite":
        indexed = [word for word in words if len(word) >= SHORTEST_INDEXED]
        clauses = [_like(word) for word in words if len(word) < SHORTEST_INDEXED]
        if indexed:
            phrase = " AND ".join('"' + word.replace('"', '""') + '"' for word in indexed)
            clauses.append(Need.id.in_(
                select(text("rowid")).select_from(text(FTS_TABLE))
                .where(text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=phrase))))
        return and_(*clauses)
    return and_(*(_like(word) for word in words))


def _like(word: str) -> ColumnElement[bool]:
    pattern = f"%{word.lower()}%"
    return or_(func.lower(Need.title).like(pattern), func.lower(Need.reference).like(pattern))


def relevance(words: list[str]) -> ColumnElement[int]:
    """0 for the need whose reference is the query, 1 for titles that start with its
    first word, 2 for the rest: the order of a search before newest first."""
    first = words[0].lower()
    return case((func.lower(Need.reference) == " ".join(words).lower(), 0),
                (func.lower(Need.title).like(f"{first}%"), 1), else_=2)


# --- the index objects --------------------------------------------------------------------

# Written out (not formatted from FTS_TABLE) so that no statement is built from a string.
_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS needs_fts USING fts5(title, reference, "
    "content='needs', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS needs_fts_insert AFTER INSERT ON needs BEGIN "
    "INSERT INTO needs_fts(rowid, title, reference) "
    "VALUES (new.id, new.title, new.reference); END",
    "CREATE TRIGGER IF NOT EXISTS needs_fts_delete AFTER DELETE ON needs BEGIN "
    "INSERT INTO needs_fts(needs_fts, rowid, title, reference) "
    "VALUES ('delete', old.id, old.title, old.reference); END",
    "CREATE TRIGGER IF NOT EXISTS needs_fts_update AFTER UPDATE OF title, reference "
    "ON needs BEGIN INSERT INTO needs_fts(needs_fts, rowid, title, reference) "
    "VALUES ('delete', old.id, old.title, old.reference); "
    "INSERT INTO needs_fts(rowid, title, reference) "
    "VALUES (new.id, new.title, new.reference); END",
    # Rows already there (a migrated database) are read into the index once.
    "INSERT INTO needs_fts(needs_fts) VALUES ('rebuild')",
)
_POSTGRESQL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(f"CREATE INDEX IF NOT EXISTS {name} ON needs USING gin (lower({column}) gin_trgm_ops)"
      for name, column in TRIGRAM_INDEXES.items()),
)


def create_search_objects(connection: Connection) -> None:
    """Create the search index of ``connection``'s database (safe to run again)."""
    for statement in _statements(connection, _SQLITE, _POSTGRESQL):
        connection.execute(text(statement))


def drop_search_objects(connection: Connection) -> None:
    sqlite = [f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{kind}" for kind in
              ("insert", "delete", "update")] + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
    postgresql = [f"DROP INDEX IF EXISTS {name}" for name in TRIGRAM_INDEXES]
    for statement in _statements(connection, sqlite, postgresql):
        connection.execute(text(statement))


def _statements(connection: Connection, sqlite, postgresql):
    return {"sqlite": sqlite, "postgresql": postgresql}.get(connection.dialect.name, ())


def is_search_object(name: str | None) -> bool:
    """Whether a table or index is this module's (Alembic compares the rest)."""
    return bool(name) and (name.startswith(FTS_TABLE) or name in TRIGRAM_INDEXES)


def include_object(_obj, name, _type, reflected, compare_to) -> bool:
    """Alembic's filter: compare everything but this module's objects, which are made by
    raw DDL (one kind per database) and are not in the models' metadata."""
    return not (reflected and compare_to is None and is_search_object(name))


@event.listens_for(Need.__table__, "after_create")
def _after_create(_table, connection, **_kw) -> None:
    create_search_objects(connection)

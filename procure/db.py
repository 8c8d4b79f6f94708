"""The declarative base, its naming convention and small column helpers.

The naming convention is there from the first migration on: Alembic needs stable
constraint names to alter tables later, on SQLite (batch mode) as on PostgreSQL.
"""
from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import DateTime, MetaData, String, TypeDecorator, bindparam, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.sql import operators

# The schema's history: the Alembic migrations the app runs and backups are checked against.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware (used as a callable column default)."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, PostgreSQL's ``timestamptz`` does; this type makes both
    return aware UTC datetimes so comparisons never mix naive and aware values.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


_STATE = re.compile(r"[a-z][a-z_]{0,39}")


class State(TypeDecorator):
    """A state of a domain's lifecycle (``draft``, ``published``...), stored as text.

    Compared with given states, the states are written into the statement rather than
    sent as parameters. PostgreSQL plans a statement that psycopg has prepared once for
    any parameter; states are few and far from even (77,000 reported dialogues, 2,500
    published), so a plan for "any state" was the wrong one for every state: counting
    the published dialogues read all 200,000 needs (18 ms instead of 1)."""

    impl = String
    cache_ok = True

    class comparator_factory(TypeDecorator.Comparator):
        def operate(self, op, *other, **kwargs):
            if op in (operators.eq, operators.ne) and _states([other[0]]):
                other = (bindparam(None, other[0], type_=self.type, literal_execute=True),)
            elif op in (operators.in_op, operators.not_in_op) and _states(other[0]):
                # Sorted: the same states give the same statement in every process.
                other = (bindparam(None, sorted(other[0]), type_=self.type, expanding=True,
                                   literal_execute=True),)
            return super().operate(op, *other, **kwargs)


def _states(values) -> bool:
    """Whether ``values`` are states as the vocabularies write them (``in_review``):
    anything else, such as a stranger's text, is sent as a parameter."""
    return (isinstance(values, list | tuple | set | frozenset)
            and all(isinstance(value, str) and _STATE.fullmatch(value) for value in values))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record):
    """Make SQLite behave like PostgreSQL where it matters to us.

    Foreign keys are enforced, and ``lower()`` folds å, ä, ö and other non-ASCII letters
    (SQLite's own only folds A-Z), so case-insensitive searches agree on both databases.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)


# Whether the transaction on a connection has sent anything but SELECTs (conn.info).
_WROTE = "procure.wrote"


@event.listens_for(Engine, "begin")
def _transaction_begins(connection):
    connection.info[_WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, _cursor, statement, _parameters, _context, _executemany):
    if not statement.lstrip()[:6].upper() == "SELECT":
        note_write(connection)


def note_write(connection) -> None:
    """Mark ``connection``'s transaction as one that wrote: code writing through the
    driver itself (COPY) must call it, as SQLAlchemy's events do not see it."""
    connection.info[_WROTE] = True


def read_only(session: Session) -> bool:
    """Whether ``session`` is in a transaction that has written nothing and holds no
    change to write: ending it with COMMIT or ROLLBACK is the same to the database.

    Requests end such a transaction with COMMIT: psycopg forgets the statements it has
    prepared on the server at every ROLLBACK, so a request ending in one makes the next
    plan every statement again (a need page's key: 2.9 ms planned, 0.5 ms prepared)."""
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active or session.new or session.dirty \
            or session.deleted:
        return False
    return not session.connection().info.get(_WROTE, True)

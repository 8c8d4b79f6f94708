"""Counting the SQL statements a piece of work sends to the database.

``count_queries(engine)`` listens to ``before_cursor_execute`` on the engine while the
``with`` block runs and keeps every statement, so a failing budget test can show what
was sent. Savepoints and transaction control are not statements a page asks for (some
drivers send them through the cursor, others do not): they are left out of the count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine

_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT)\b", re.IGNORECASE)


@dataclass
class QueryLog:
    """The statements sent while counting, in order."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements (transaction control left out)."""
        return len(self.statements)

    def report(self) -> str:
        """The statements, numbered, one a line, shortened: for assertion messages."""
        return "\n".join(f"{number:3d} {' '.join(sql.split())[:200]}"
                         for number, sql in enumerate(self.statements, start=1))


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryLog]:
    """Record the statements ``engine`` executes inside the ``with`` block."""
    log = QueryLog()

    def remember(conn, cursor, statement, parameters, context, executemany):
        if not _CONTROL.match(statement):
            log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", remember)

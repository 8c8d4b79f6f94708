"""Which schema a backup was made from: the Alembic revision, from the code and the database."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from procure.db import MIGRATIONS_DIR

VERSION_TABLE = "alembic_version"


def code_revision() -> str:
    """The newest migration this code has (its schema is the metadata's)."""
    return ",".join(sorted(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()))


def database_revision(connection: Connection) -> str | None:
    """The revision the database was migrated to, or None when no migration ran (a
    database made with ``create_all``, as the tests make theirs)."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    # VERSION_TABLE is Alembic's table, a constant: nothing anybody sends reaches this SQL.
    query = sa.text(f"SELECT version_num FROM {VERSION_TABLE}")  # nosec B608
    versions = connection.execute(query).scalars()
    return ",".join(sorted(versions)) or None

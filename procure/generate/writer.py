"""Streaming generated rows into the database in batches.

Rows arrive one at a time as dicts, for any table, in the order the stories make them,
and wait in a buffer per table. Between two stories (when every row a story made is in
the buffers, parents with their children) the caller asks
:meth:`RowWriter.flush_if_full` to write them once ``batch_rows`` are waiting: all
buffers, parents before children (the metadata's dependency order), so a row's foreign
keys always point at rows already written. PostgreSQL gets ``COPY ... FROM STDIN``
through psycopg 3; other databases (SQLite) get SQLAlchemy Core ``insert()`` with
parameter lists. Both write on the caller's connection, inside its transaction.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Table

from procure.db import note_write

BATCH_ROWS = 10_000


class RowWriter:
    """Collects rows per table and writes them in batches (see the module docstring)."""

    def __init__(self, connection: Connection, tables: Iterable[Table],
                 batch_rows: int = BATCH_ROWS):
        self.connection = connection
        self.tables = {table.name: table for table in tables}  # dependency order
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in self.tables}
        self.batch_rows = batch_rows
        self.pending = 0
        self.written: Counter[str] = Counter()
        self._copy = connection.dialect.name == "postgresql"

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.buffers[table].append(row)
        self.pending += 1

    def flush_if_full(self) -> None:
        """Write the waiting rows once there are a batch of them."""
        if self.pending >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write every waiting row, parents first."""
        for name, rows in self.buffers.items():
            if rows:
                (self._copy_rows if self._copy else self._insert_rows)(self.tables[name], rows)
                self.written[name] += len(rows)
                self.buffers[name] = []
        self.pending = 0

    def _insert_rows(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self.connection.execute(table.insert(), rows)

    def _copy_rows(self, table: Table, rows: list[dict[str, Any]]) -> None:
        # Every row of a table carries the same keys: the first one names the columns.
        columns = list(rows[0])
        values = itemgetter(*columns)
        as_json = [index for index, name in enumerate(columns)
                   if isinstance(table.c[name].type, JSON)]
        quoted = ", ".join(f'"{name}"' for name in columns)  # "when" is a keyword
        # Past SQLAlchemy: say so, or a request's end would take the transaction for a
        # reading one (procure.db.read_only).
        note_write(self.connection)
        cursor = self.connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                record = values(row)
                if len(columns) == 1:
                    record = (record,)
                if as_json:
                    record = list(record)
                    for index in as_json:
                        record[index] = json.dumps(record[index], ensure_ascii=False)
                copy.write_row(record)

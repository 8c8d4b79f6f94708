"""Writing a backup: every table of the metadata from one consistent snapshot, then the
uploaded files its rows name.

The file is written as it is read, a batch of rows at a time, so a large database is
never held in memory: one row per line, in primary-key order. Which files go in is
read from the rows inside the snapshot, not from the folder: a file uploaded after the
snapshot began has no row in the backup and stays out, and a row whose file is missing
refuses the export rather than making a backup that cannot be restored whole.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from procure.backup import FORMAT, VERSION, BackupRefused
from procure.backup.codecs import row_encoder
from procure.backup.schema import code_revision, database_revision
from procure.db import utcnow
from procure.uploads import stored_path

BATCH_ROWS = 1000
# Base64 turns 3 bytes into 4 characters: chunks of a multiple of 3 bytes encode on
# their own and join into the encoding of the whole file.
FILE_CHUNK = 3 * 64 * 1024
# Files being written by an upload or a restore right now (see procure.uploads.store_pdf).
PARTIAL_SUFFIX = ".part"
# The columns whose values name a file in the upload folder (procure.uploads.store_pdf's
# stored names): the files a backup carries.
STORED_FILE_COLUMNS = (("dialogue_input_files", "stored_name"),)
# How many missing files a refusal names before it only counts the rest.
NAMED_IN_MESSAGE = 10


@dataclass(frozen=True)
class ExportSummary:
    tables: int
    rows: int
    files: int
    bytes: int
    sha256: str
    schema_revision: str


class _HashingWriter:
    """Passes text on as UTF-8 to a binary stream, counting and hashing what it wrote."""

    def __init__(self, out: BinaryIO):
        self._out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        self._out.write(data)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see the database at one moment.

    PostgreSQL: one REPEATABLE READ, read-only transaction (what ``pg_dump`` uses), so
    changes committed while the backup runs are not in it, whichever table they touch.
    SQLite: one explicit read transaction; its lock keeps writers from committing until
    the tables are read (they wait, as for any long read).
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ",
                                         postgresql_readonly=True)
        elif connection.dialect.name == "sqlite":
            # pysqlite only begins a transaction before a write: begin the read one here.
            connection.exec_driver_sql("BEGIN")
        try:
            yield connection
        finally:
            connection.rollback()  # nothing was written: ending the snapshot is all


def stored_file_names(connection: Connection, metadata: sa.MetaData) -> list[str]:
    """The stored names of the uploaded files the database's rows name, in a stable
    order (read with ``connection``: inside the snapshot, they are the snapshot's)."""
    names: set[str] = set()
    for table_name, column_name in STORED_FILE_COLUMNS:
        column = metadata.tables[table_name].c[column_name]
        names.update(connection.execute(sa.select(column).where(column.is_not(None))).scalars())
    return sorted(names)


def named_files(names: list[str]) -> str:
    """``names`` for a message: how many, the first few, then how many more."""
    shown = ", ".join(names[:NAMED_IN_MESSAGE])
    more = len(names) - NAMED_IN_MESSAGE
    return f"({len(names)}): {shown}" + (f" and {more} more" if more > 0 else "")


def check_stored_files(names: list[str], folder: str | os.PathLike) -> None:
    """Refuse a backup of rows whose files are not in the upload folder."""
    missing = []
    for name in names:
        try:
            path = stored_path(folder, name)
        except ValueError:
            raise BackupRefused(f"The database names an uploaded file {name!r}, which is not "
                                "a name procure stores files under.") from None
        if not path.is_file():
            missing.append(name)
    if missing:
        raise BackupRefused(
            f"The database names uploaded files that are not in the upload folder {folder} "
            + named_files(missing) + ". Nothing was exported: put the files back (from a "
            "copy of the folder) or check UPLOAD_FOLDER, then export again.")


def write_backup(out: BinaryIO, engine: Engine, metadata: sa.MetaData,
                 upload_folder: str | os.PathLike, *, with_files: bool = True) -> ExportSummary:
    """Write a backup of every table of ``metadata`` and of the uploaded files to ``out``.

    The files are those the rows name (``STORED_FILE_COLUMNS``); a missing one refuses
    the backup before anything is written. With ``with_files`` false the files are only
    referenced (path, size, SHA-256): the restore then checks that the upload folder,
    copied by other means, matches them.
    """
    writer = _HashingWriter(out)
    rows = 0
    tables = metadata.sorted_tables
    with snapshot(engine) as connection:
        files = stored_file_names(connection, metadata)
        check_stored_files(files, upload_folder)
        revision = database_revision(connection) or code_revision()
        writer.write("{" + ",".join(f"{_json(key)}:{_json(value)}" for key, value in (
            ("format", FORMAT), ("version", VERSION), ("schema_revision", revision),
            ("created_at", utcnow().isoformat()))) + ',\n"tables":{')
        for number, table in enumerate(tables):
            writer.write(("," if number else "") + f"\n{_json(table.name)}:")
            rows += _write_table(writer, connection, table)
    writer.write('\n},\n"files":[')
    for number, name in enumerate(files):
        writer.write(("," if number else "") + "\n")
        _write_file(writer, Path(upload_folder), Path(name), with_files)
    writer.write("\n]}\n")
    return ExportSummary(tables=len(tables), rows=rows, files=len(files), bytes=writer.size,
                         sha256=writer.digest.hexdigest(), schema_revision=revision)


def _write_table(writer: _HashingWriter, connection: Connection, table: sa.Table) -> int:
    columns = list(table.columns)
    encode = row_encoder(columns)
    writer.write('{"columns":' + _json([column.name for column in columns]) + ',"rows":[')
    # yield_per: a server-side cursor on PostgreSQL, fetched a batch at a time.
    query = (sa.select(*columns).order_by(*table.primary_key.columns)
             .execution_options(yield_per=BATCH_ROWS))
    result = connection.execute(query)
    count = 0
    for row in result:
        writer.write(("," if count else "") + "\n" + _json(encode(tuple(row))))
        count += 1
    writer.write("]}")
    return count


def _write_file(writer: _HashingWriter, root: Path, relative: Path, with_content: bool) -> None:
    """One file's entry; the content is encoded a chunk at a time while it is hashed."""
    digest = hashlib.sha256()
    size = 0
    writer.write("{" + f'"path":{_json(relative.as_posix())}')
    if with_content:
        writer.write(',"content":"')
    try:
        handle = open(root / relative, "rb")
    except FileNotFoundError:
        # Checked at the start: the attachment was removed while the tables were read.
        raise BackupRefused(f"The uploaded file {relative} was removed while the backup was "
                            "written: export again.") from None
    with handle:
        while chunk := handle.read(FILE_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if with_content:
                writer.write(base64.b64encode(chunk).decode("ascii"))
    if with_content:
        writer.write('"')
    writer.write(f',"size":{size},"sha256":{_json(digest.hexdigest())}' + "}")

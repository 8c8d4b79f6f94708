"""Restoring a backup into an empty database: all or nothing.

Everything that can be checked is checked before the first row is written: the
format and its version, the schema revision, the tables and their columns, every
file's checksum, that every file the rows name is in the backup or already in the
upload folder, and that the database is empty. The rows then go in, table by table
in dependency order, in the one transaction of the session, which the caller commits
(the command line does). Files are written under temporary names first and put in
place just before that commit, so committed rows never name a file that is not there;
if the commit fails the caller removes the files it placed (:func:`remove_placed`),
and a restore that dies in between leaves only files identical to the backup's, which
the next attempt accepts as they are.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from procure.audit.services import record
from procure.backup import FORMAT, VERSION, BackupRefused
from procure.backup.codecs import row_decoder
from procure.backup.export import BATCH_ROWS, PARTIAL_SUFFIX, STORED_FILE_COLUMNS, named_files
from procure.backup.schema import code_revision, database_revision


@dataclass(frozen=True)
class BackupFile:
    path: PurePosixPath
    size: int
    sha256: str
    content: bytes | None  # None: only referenced (exported with --no-files)


@dataclass(frozen=True)
class Backup:
    schema_revision: str
    created_at: str
    tables: dict[str, dict[str, list]]
    files: list[BackupFile]


@dataclass(frozen=True)
class StagedFile:
    """A file of the backup written beside where it belongs, waiting to be placed."""

    partial: Path
    final: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    files: int
    staged: list[StagedFile]  # placed by place_files(), or discarded by discard_files()


def read_backup(stream: BinaryIO) -> Backup:
    """Parse a backup and check its format, version and files (not yet the database)."""
    try:
        data = json.load(stream)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupRefused(f"This is not a procure backup (not JSON: {error}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupRefused(f'This is not a procure backup (its "format" is not "{FORMAT}").')
    if data.get("version") != VERSION:
        raise BackupRefused(f"This backup has format version {data.get('version')!r}; this "
                            f"procure reads version {VERSION} only.")
    tables = data.get("tables")
    if not isinstance(tables, dict) or not all(
            isinstance(table, dict) and isinstance(table.get("columns"), list)
            and isinstance(table.get("rows"), list) for table in tables.values()):
        raise BackupRefused('The backup\'s "tables" are damaged.')
    return Backup(schema_revision=str(data.get("schema_revision")),
                  created_at=str(data.get("created_at")), tables=tables,
                  files=[_checked_file(entry) for entry in data.get("files") or []])


def _safe_path(raw: Any) -> PurePosixPath:
    path = PurePosixPath(str(raw))
    if (not raw or path.is_absolute() or "\\" in str(raw)
            or any(part in ("", ".", "..") for part in path.parts)):
        raise BackupRefused(f"The backup names a file outside the upload folder: {raw!r}.")
    return path


def _checked_file(entry: dict) -> BackupFile:
    """A file entry whose content (when included) matches its size and SHA-256."""
    path = _safe_path(entry.get("path"))
    size, sha256 = entry.get("size"), entry.get("sha256")
    content = None
    if entry.get("content") is not None:
        try:
            content = base64.b64decode(entry["content"], validate=True)
        except (binascii.Error, ValueError):
            raise BackupRefused(f"The content of the file {path} is damaged.") from None
        if len(content) != size or hashlib.sha256(content).hexdigest() != sha256:
            raise BackupRefused(f"The file {path} does not match its checksum in the backup.")
    return BackupFile(path=path, size=size, sha256=sha256, content=content)


def _file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def check_schema(backup: Backup, session: Session, metadata: sa.MetaData) -> None:
    """Refuse a backup of another schema revision, or with other tables or columns."""
    ours = code_revision()
    if backup.schema_revision != ours:
        raise BackupRefused(f"The backup is of schema revision {backup.schema_revision}; this "
                            f"procure is at {ours}. Restore it with the procure version that "
                            "made it.")
    migrated_to = database_revision(session.connection())
    if migrated_to is not None and migrated_to != ours:
        raise BackupRefused(f"The database is at schema revision {migrated_to}, not {ours}: "
                            "run `flask --app procure init-db` first.")
    known = {table.name for table in metadata.sorted_tables}
    if set(backup.tables) != known:
        unknown, missing = set(backup.tables) - known, known - set(backup.tables)
        raise BackupRefused("The backup's tables differ from the schema's: "
                            f"unknown {sorted(unknown)}, missing {sorted(missing)}.")
    for table in metadata.sorted_tables:
        columns = backup.tables[table.name]["columns"]
        if sorted(columns) != sorted(table.columns.keys()):
            raise BackupRefused(f"The backup's columns of {table.name} differ from the "
                                f"schema's: {columns} against {list(table.columns.keys())}.")


def check_empty(session: Session, metadata: sa.MetaData) -> None:
    """Refuse to restore into a database that has rows, naming the tables that do."""
    filled = [table.name for table in metadata.sorted_tables
              if session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first()]
    if filled:
        raise BackupRefused("The database is not empty: " + ", ".join(filled) + " have rows. "
                            "Restore into a new, empty database (made with init-db).")


def check_files(backup: Backup, folder: Path) -> list[BackupFile]:
    """The files to write; refuses a referenced file missing from the folder, and a file
    in the folder that differs from the backup's."""
    to_write = []
    for entry in backup.files:
        target = folder / entry.path
        if target.exists():
            if _file_digest(target) != (entry.size, entry.sha256):
                raise BackupRefused(f"The upload folder already has a different {entry.path}.")
        elif entry.content is None:
            raise BackupRefused(f"The backup only references {entry.path}, which is not in the "
                                f"upload folder {folder}: copy the folder there first.")
        else:
            to_write.append(entry)
    return to_write


def check_named_files(backup: Backup, folder: Path) -> None:
    """Refuse a backup whose rows name an uploaded file that is neither in the backup
    nor in the upload folder: restored, its download would fail."""
    carried = {entry.path.as_posix() for entry in backup.files}
    missing = []
    for table_name, column_name in STORED_FILE_COLUMNS:
        data = backup.tables[table_name]
        position = data["columns"].index(column_name)
        for row in data["rows"]:
            name = row[position]
            if name is not None and name not in carried \
                    and not (folder / _safe_path(name)).is_file():
                missing.append(name)
    if missing:
        raise BackupRefused(
            "The backup's rows name uploaded files that are neither in the backup nor in "
            f"the upload folder {folder} " + named_files(sorted(set(missing)))
            + ". Copy them into the upload folder first, or restore a backup made with "
            "its files.")


def restore(backup: Backup, session: Session, metadata: sa.MetaData,
            upload_folder: str | os.PathLike) -> RestoreSummary:
    """Check ``backup`` and insert it into the session's transaction. The caller then
    calls :func:`place_files`, commits, and calls :func:`remove_placed` if the commit
    failed; when anything before the commit fails, :func:`place_files` or this function
    has already discarded the staged files."""
    folder = Path(upload_folder)
    check_schema(backup, session, metadata)
    check_empty(session, metadata)
    check_named_files(backup, folder)
    staged = stage_files(check_files(backup, folder), folder)
    try:
        rows = sum(insert_table(session, table, backup.tables[table.name])
                   for table in metadata.sorted_tables)
        if session.get_bind().dialect.name == "postgresql":
            advance_sequences(session, metadata)
        record("backup.imported", object_type="backup", schema_revision=backup.schema_revision,
               created_at=backup.created_at, rows=rows, files=len(backup.files))
        session.flush()
    except BaseException:
        discard_files(staged)
        raise
    return RestoreSummary(tables=len(metadata.sorted_tables), rows=rows,
                          files=len(backup.files), staged=staged)


def insert_table(session: Session, table: sa.Table, data: dict[str, list]) -> int:
    """Insert one table's rows, a batch at a time; returns how many."""
    decode = row_decoder([table.c[name] for name in data["columns"]])
    rows = data["rows"]
    for start in range(0, len(rows), BATCH_ROWS):
        session.execute(table.insert(), [decode(row) for row in rows[start:start + BATCH_ROWS]])
    return len(rows)


def advance_sequences(session: Session, metadata: sa.MetaData) -> None:
    """Rows inserted with their ids leave PostgreSQL's id sequences behind: move them on,
    so the next row made in the app gets the next free id."""
    for table in metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        highest = sa.func.max(column)
        session.execute(sa.select(sa.func.setval(
            sa.func.pg_get_serial_sequence(table.name, column.name),
            sa.func.coalesce(highest, 1), highest.is_not(None))))


def stage_files(entries: list[BackupFile], folder: Path) -> list[StagedFile]:
    """Write each file under a temporary name beside where it belongs."""
    staged = []
    try:
        for entry in entries:
            final = folder / entry.path
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(final.name + PARTIAL_SUFFIX)
            staged.append(StagedFile(partial, final, entry.size, entry.sha256))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(entry.content)
    except BaseException:
        discard_files(staged)
        raise
    return staged


def place_files(staged: list[StagedFile]) -> list[Path]:
    """Move the staged files into place; returns the paths this call placed.

    A file that appeared meanwhile is accepted if it is the backup's (an earlier
    attempt placed it) and refused otherwise. On any failure nothing of this call is
    left: the files it placed are removed and the rest discarded.
    """
    placed: list[Path] = []
    try:
        for file in staged:
            if file.final.exists():
                if _file_digest(file.final) != (file.size, file.sha256):
                    raise BackupRefused(f"The upload folder already has a different "
                                        f"{file.final.name}.")
                file.partial.unlink(missing_ok=True)
                continue
            os.replace(file.partial, file.final)
            placed.append(file.final)
    except BaseException:
        remove_placed(placed)
        discard_files(staged)
        raise
    return placed


def remove_placed(placed: list[Path]) -> None:
    """Remove the files :func:`place_files` placed (their rows were not committed)."""
    for path in placed:
        path.unlink(missing_ok=True)


def discard_files(staged: list[StagedFile]) -> None:
    for file in staged:
        file.partial.unlink(missing_ok=True)

"""Restoring a backup into an empty database: all or nothing, in constant memory.

Everything that can be checked is checked before the first row is written: the
format and its version, the schema revision, the tables and their columns, every
row's number of values, every file's checksum, that every file the rows name is in the
backup or already in the upload folder, and that the database is empty. The backup is
read twice, as a stream, never whole: the first pass (:func:`read_backup`) checks it
and writes the files it carries to a working folder; the second pass inserts the rows,
table by table in dependency order, a batch at a time, in the one transaction of the
session, which the caller commits (the command line does). A backup on standard input
is first copied to a file in the working folder, so it can be read twice. Files are
written under temporary names beside where they belong and put in place just before
that commit, so committed rows never name a file that is not there; if the commit
fails the caller removes the files it placed (:func:`remove_placed`), and a restore
that dies in between leaves only files identical to the backup's, which the next
attempt accepts as they are.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import ijson
import sqlalchemy as sa
from sqlalchemy.orm import Session

from procure.audit.services import record
from procure.backup import FORMAT, VERSION, BackupRefused
from procure.backup.codecs import row_decoder
from procure.backup.export import BATCH_ROWS, PARTIAL_SUFFIX, STORED_FILE_COLUMNS, named_files
from procure.backup.schema import code_revision, database_revision

# How much of standard input is copied at a time to the working folder.
SPOOL_CHUNK = 1024 * 1024
_SCALARS = frozenset(("null", "boolean", "integer", "double", "number", "string"))
_STARTS = frozenset(("start_map", "start_array"))
_ENDS = frozenset(("end_map", "end_array"))


@dataclass(frozen=True)
class BackupFile:
    path: PurePosixPath
    size: int
    sha256: str
    spooled: Path | None  # the checked content in the working folder; None: only referenced


@dataclass
class BackupTable:
    columns: list[str]
    rows: int = 0


@dataclass
class Backup:
    """What the first pass learnt of a backup file; the rows stay in the file."""

    source: Path
    schema_revision: str
    created_at: str
    tables: dict[str, BackupTable]
    files: list[BackupFile]
    # The values of STORED_FILE_COLUMNS in the rows: the uploaded files the rows name.
    named: set[str] = field(default_factory=set)


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


def spool(stream: BinaryIO, workdir: Path) -> Path:
    """Copy a backup that can only be read once (standard input) to a file in ``workdir``."""
    path = workdir / "backup.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        while chunk := stream.read(SPOOL_CHUNK):
            out.write(chunk)
    return path


def _not_json(error: Exception) -> BackupRefused:
    return BackupRefused(f"This is not a procure backup (not JSON: {error}).")


def _events(handle: BinaryIO) -> Iterator[tuple[str, str, Any]]:
    """The backup's JSON as (prefix, event, value), read a buffer at a time; numbers
    with a fraction as floats, as ``json.load`` reads them."""
    return ijson.parse(handle, use_float=True)


def _damaged_tables() -> BackupRefused:
    return BackupRefused('The backup\'s "tables" are damaged.')


class _FirstPass:
    """Reads the whole backup once, as events, keeping only what the checks need."""

    def __init__(self, source: Path, workdir: Path):
        self.source, self.workdir = source, workdir
        self.header: dict[str, Any] = {}
        self.tables: dict[str, BackupTable] = {}
        self.files: list[BackupFile] = []
        self.named: set[str] = set()
        self.has_tables = False
        self.named_positions = {table: column for table, column in STORED_FILE_COLUMNS}

    def run(self) -> Backup:
        try:
            with open(self.source, "rb") as handle:
                self._walk(_events(handle))
        except (ijson.JSONError, UnicodeDecodeError) as error:
            raise _not_json(error) from None
        self._check_header(final=True)
        if not self.has_tables:
            raise _damaged_tables()
        return Backup(source=self.source, schema_revision=str(self.header.get("schema_revision")),
                      created_at=str(self.header.get("created_at")), tables=self.tables,
                      files=self.files, named=self.named)

    def _check_header(self, final: bool = False) -> None:
        header = self.header
        if (final or "format" in header) and header.get("format") != FORMAT:
            raise BackupRefused(
                f'This is not a procure backup (its "format" is not "{FORMAT}").')
        if (final or "version" in header) and header.get("version") != VERSION:
            raise BackupRefused(f"This backup has format version {header.get('version')!r}; "
                                f"this procure reads version {VERSION} only.")

    def _walk(self, events: Iterator[tuple[str, str, Any]]) -> None:
        first = next(events, None)
        if first is None or first[1] != "start_map":
            raise BackupRefused(
                f'This is not a procure backup (its "format" is not "{FORMAT}").')
        for prefix, event, value in events:
            if prefix == "" and event == "map_key":
                if value == "tables":
                    self._tables(events)
                elif value == "files":
                    self._files(events)
                else:
                    self.header[value] = self._value(events, value)
                    self._check_header()

    @staticmethod
    def _value(events: Iterator[tuple[str, str, Any]], prefix: str) -> Any:
        """The value that starts with the next event, built whole (a header's: small)."""
        builder = ijson.ObjectBuilder()
        depth = 0
        for _prefix, event, value in events:
            builder.event(event, value)
            if event in _STARTS:
                depth += 1
            elif event in _ENDS:
                depth -= 1
            if depth == 0:
                return builder.value
        raise _not_json(ValueError("the file ends early"))

    def _tables(self, events: Iterator[tuple[str, str, Any]]) -> None:
        self.has_tables = True
        _prefix, event, _value = next(events)
        if event != "start_map":
            raise _damaged_tables()
        for prefix, event, value in events:
            if event == "end_map" and prefix == "tables":
                return
            if event != "map_key" or prefix != "tables":
                raise _damaged_tables()
            if value in self.tables:
                raise BackupRefused(f"The backup has the table {value} twice.")
            self._table(events, value)

    def _table(self, events: Iterator[tuple[str, str, Any]], name: str) -> None:
        here = f"tables.{name}"
        _prefix, event, _value = next(events)
        if event != "start_map":
            raise _damaged_tables()
        columns: list[str] | None = None
        rows_seen = False
        for prefix, event, value in events:
            if prefix == here and event == "end_map":
                break
            if prefix != here or event != "map_key":
                raise _damaged_tables()
            if value == "columns":
                columns = self._value(events, f"{here}.columns")
                if not isinstance(columns, list) or not all(
                        isinstance(column, str) for column in columns):
                    raise _damaged_tables()
            elif value == "rows":
                # The columns come first (export-data writes them so): each row is
                # checked against them as it goes by.
                if columns is None:
                    raise _damaged_tables()
                self.tables[name] = table = BackupTable(columns=columns)
                self._rows(events, here + ".rows", table, name)
                rows_seen = True
            else:
                self._value(events, f"{here}.{value}")
        if columns is None or not rows_seen:
            raise _damaged_tables()

    def _rows(self, events: Iterator[tuple[str, str, Any]], here: str, table: BackupTable,
              name: str) -> None:
        _prefix, event, _value = next(events)
        if event != "start_array":
            raise _damaged_tables()
        item, value_prefix = here + ".item", here + ".item.item"
        width = len(table.columns)
        named_column = self.named_positions.get(name)
        named_at = (table.columns.index(named_column)
                    if named_column in table.columns else None)
        count = position = 0
        for prefix, event, value in events:
            if prefix == value_prefix:
                if event in _SCALARS:
                    if position == named_at and value is not None:
                        if not isinstance(value, str):
                            raise _damaged_tables()
                        self.named.add(value)
                    position += 1
                elif event in _STARTS:
                    position += 1
            elif prefix == item:
                if event == "start_array":
                    position = 0
                elif event == "end_array":
                    if position != width:
                        raise BackupRefused(
                            f"Row {count + 1} of the table {name} in the backup has "
                            f"{position} values for {width} columns.")
                    count += 1
                else:
                    raise _damaged_tables()
            elif prefix == here and event == "end_array":
                table.rows = count
                return

    def _files(self, events: Iterator[tuple[str, str, Any]]) -> None:
        _prefix, event, _value = next(events)
        if event == "null":
            return
        if event != "start_array":
            raise BackupRefused('The backup\'s "files" are damaged.')
        entry: dict[str, Any] = {}
        for prefix, event, value in events:
            if prefix == "files" and event == "end_array":
                return
            if prefix == "files.item":
                if event == "start_map":
                    entry = {}
                elif event == "end_map":
                    self.files.append(self._checked_file(entry))
                elif event == "map_key" and value == "content":
                    # The one large value of an entry: decoded to the working folder now.
                    _p, content_event, content = next(events)
                    entry["content"] = (None if content_event == "null"
                                        else self._spooled(content, entry.get("path")))
                elif event == "map_key":
                    entry[value] = self._value(events, f"files.item.{value}")
                else:
                    raise BackupRefused('The backup\'s "files" are damaged.')
            else:
                raise BackupRefused('The backup\'s "files" are damaged.')

    def _spooled(self, content: Any, raw_path: Any) -> tuple[Path, int, str]:
        """Decode one file's base64 content into the working folder."""
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise BackupRefused(f"The content of the file {raw_path} is damaged.") from None
        path = self.workdir / f"file-{len(self.files)}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return path, len(data), hashlib.sha256(data).hexdigest()

    @staticmethod
    def _checked_file(entry: dict) -> BackupFile:
        """A file entry whose content (when included) matches its size and SHA-256."""
        path = _safe_path(entry.get("path"))
        size, sha256 = entry.get("size"), entry.get("sha256")
        spooled = None
        if entry.get("content") is not None:
            spooled, real_size, real_sha256 = entry["content"]
            if real_size != size or real_sha256 != sha256:
                raise BackupRefused(
                    f"The file {path} does not match its checksum in the backup.")
        return BackupFile(path=path, size=size, sha256=sha256, spooled=spooled)


def read_backup(source: str | os.PathLike, workdir: str | os.PathLike) -> Backup:
    """The first pass: read the backup file ``source`` as a stream and check its format,
    version, tables, rows and files (not yet the database). The files it carries are
    written to ``workdir`` (the caller's, removed by the caller) once checked."""
    return _FirstPass(Path(source), Path(workdir)).run()


def _safe_path(raw: Any) -> PurePosixPath:
    path = PurePosixPath(str(raw))
    if (not raw or path.is_absolute() or "\\" in str(raw)
            or any(part in ("", ".", "..") for part in path.parts)):
        raise BackupRefused(f"The backup names a file outside the upload folder: {raw!r}.")
    return path


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
        columns = backup.tables[table.name].columns
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
        elif entry.spooled is None:
            raise BackupRefused(f"The backup only references {entry.path}, which is not in the "
                                f"upload folder {folder}: copy the folder there first.")
        else:
            to_write.append(entry)
    return to_write


def check_named_files(backup: Backup, folder: Path) -> None:
    """Refuse a backup whose rows name an uploaded file that is neither in the backup
    nor in the upload folder: restored, its download would fail."""
    carried = {entry.path.as_posix() for entry in backup.files}
    missing = [name for name in backup.named
               if name not in carried and not (folder / _safe_path(name)).is_file()]
    if missing:
        raise BackupRefused(
            "The backup's rows name uploaded files that are neither in the backup nor in "
            f"the upload folder {folder} " + named_files(sorted(set(missing)))
            + ". Copy them into the upload folder first, or restore a backup made with "
            "its files.")


def restore(backup: Backup, session: Session, metadata: sa.MetaData,
            upload_folder: str | os.PathLike) -> RestoreSummary:
    """Check ``backup`` against the database and insert its rows (the second pass over
    its file) into the session's transaction. The caller then calls :func:`place_files`,
    commits, and calls :func:`remove_placed` if the commit failed; when anything before
    the commit fails, :func:`place_files` or this function has already discarded the
    staged files."""
    folder = Path(upload_folder)
    check_schema(backup, session, metadata)
    check_empty(session, metadata)
    check_named_files(backup, folder)
    staged = stage_files(check_files(backup, folder), folder)
    try:
        rows = 0
        for table, values in table_rows(backup, metadata):
            rows += insert_table(session, table, backup.tables[table.name].columns, values)
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


def table_rows(backup: Backup, metadata: sa.MetaData) -> Iterator[tuple[sa.Table, Iterator[list]]]:
    """Each table of ``metadata`` in dependency order with its rows, read from the backup
    file as a stream. export-data writes the tables in that order: one pass reads them
    all. A file with another order is read once per table."""
    order = [table.name for table in metadata.sorted_tables]
    if list(backup.tables) == order:
        with open(backup.source, "rb") as handle:
            events = _events(handle)
            for table in metadata.sorted_tables:
                yield table, _next_rows(events, table.name)
    else:
        for table in metadata.sorted_tables:
            with open(backup.source, "rb") as handle:
                yield table, ijson.items(handle, f"tables.{table.name}.rows.item",
                                         use_float=True)


def _next_rows(events: Iterator[tuple[str, str, Any]], name: str) -> Iterator[list]:
    """The rows of the table ``name``, the next table of the event stream."""
    here = f"tables.{name}.rows"
    for prefix, event, _value in events:
        if prefix == here and event == "start_array":
            break
    item = here + ".item"
    builder: ijson.ObjectBuilder | None = None
    for prefix, event, value in events:
        if prefix == item and event == "start_array":
            builder = ijson.ObjectBuilder()
        if builder is not None:
            builder.event(event, value)
        if prefix == item and event == "end_array":
            yield builder.value
            builder = None
        elif prefix == here and event == "end_array":
            return


def insert_table(session: Session, table: sa.Table, columns: list[str],
                 rows: Iterator[list]) -> int:
    """Insert one table's rows, a batch at a time; returns how many."""
    decode = row_decoder([table.c[name] for name in columns])
    count = 0
    batch: list[dict] = []
    for row in rows:
        batch.append(decode(row))
        if len(batch) == BATCH_ROWS:
            session.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        session.execute(table.insert(), batch)
        count += len(batch)
    return count


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
    """Move each file from the working folder to a temporary name beside where it
    belongs."""
    staged = []
    try:
        for entry in entries:
            final = folder / entry.path
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(final.name + PARTIAL_SUFFIX)
            staged.append(StagedFile(partial, final, entry.size, entry.sha256))
            shutil.move(entry.spooled, partial)
            os.chmod(partial, 0o600)
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

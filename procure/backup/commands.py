"""``flask --app procure export-data`` and ``import-data``: the backup on the command line."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from procure.audit.services import record
from procure.backup import BackupRefused
from procure.backup.export import ExportSummary, write_backup
from procure.backup.restore import place_files, read_backup, remove_placed, restore, spool
from procure.extensions import db


@click.command("export-data")
@click.option("--out", "out_path", required=True,
              type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="The backup file to write; - writes to standard output.")
@click.option("--files/--no-files", "with_files", default=True, show_default=True,
              help="Include the uploaded files, or only reference them by checksum "
                   "(then back up the upload folder by other means).")
@with_appcontext
def export_data(out_path: str, with_files: bool) -> None:
    """Write a backup of every table and of the upload folder (JSON, versioned)."""
    folder = current_app.config["UPLOAD_FOLDER"]
    try:
        if out_path == "-":
            summary = write_backup(sys.stdout.buffer, db.engine, db.metadata,
                                   folder, with_files=with_files)
        else:
            summary = _write_whole(Path(out_path), folder, with_files)
    except BackupRefused as refused:
        raise click.ClickException(str(refused)) from None
    # The event is written after the snapshot, in a transaction of its own: inside the
    # snapshot it would not be in the file anyway (the snapshot cannot see it), and
    # written first it would stand for a backup that may then fail. So the file holds
    # the database as it was just before this export, and the trail says it was made.
    record("backup.exported", object_type="backup", via="cli", with_files=with_files,
           tables=summary.tables, rows=summary.rows, files=summary.files,
           bytes=summary.bytes, sha256=summary.sha256, schema_revision=summary.schema_revision)
    db.session.commit()
    where = "standard output" if out_path == "-" else out_path
    click.echo(f"Wrote {summary.rows} rows of {summary.tables} tables and {summary.files} "
               f"files to {where} (SHA-256 {summary.sha256}).", err=out_path == "-")


def _write_whole(path: Path, folder: str, with_files: bool) -> ExportSummary:
    """Write through a temporary file renamed at the end, so a half-written backup never
    has the backup's name. Readable by the owner only: it holds personal data and
    password hashes."""
    fd, tmp_name = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                    suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            summary = write_backup(handle, db.engine, db.metadata, folder,
                                   with_files=with_files)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return summary


@click.command("import-data")
@click.argument("backup_path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@with_appcontext
def import_data(backup_path: str) -> None:
    """Restore a backup written by export-data into an empty database (all or nothing)."""
    # The working folder holds the files the backup carries between the two passes, and
    # standard input copied to a file (it is read twice); it goes when the import ends.
    with tempfile.TemporaryDirectory(prefix="procure-import-") as workdir:
        _import(backup_path, Path(workdir))


def _import(backup_path: str, workdir: Path) -> None:
    try:
        source = spool(sys.stdin.buffer, workdir) if backup_path == "-" else backup_path
        backup = read_backup(source, workdir)
        summary = restore(backup, db.session, db.metadata, current_app.config["UPLOAD_FOLDER"])
        # The files go in place before the commit: committed rows must never name a file
        # that is not there. Dying in between leaves files without rows, which the next
        # import accepts as its own (they are identical).
        placed = place_files(summary.staged)
    except BackupRefused as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    except BaseException:
        db.session.rollback()
        raise
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        remove_placed(placed)
        raise
    click.echo(f"Restored {summary.rows} rows of {summary.tables} tables and "
               f"{summary.files} files from the backup of {backup.created_at}.")

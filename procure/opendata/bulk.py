"""The bulk file: the whole OCDS release package in one compressed file, for those who
want everything at once. ``flask --app procure export-ocds --bulk`` writes it into
``OPEN_DATA_DIR``; ``/open-data`` says its size and date and serves it.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

BULK_NAME = "ocds-releases.json.gz"
# Beside it: how many releases it holds, for the file of that size.
ABOUT_NAME = "ocds-releases.about.json"


@dataclass(frozen=True)
class BulkFile:
    path: Path
    size_bytes: int
    written_at: datetime
    releases: int | None  # None when the note beside it is missing or of another file


def folder() -> Path:
    return Path(current_app.config["OPEN_DATA_DIR"])


def bulk_file() -> BulkFile | None:
    """The bulk file as published now, or None before the first ``export-ocds --bulk``."""
    path = folder() / BULK_NAME
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return BulkFile(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC),
                    _releases(stat.st_size))


def _releases(size: int) -> int | None:
    try:
        about = json.loads((folder() / ABOUT_NAME).read_text("utf-8"))
        if about["bytes"] == size:
            return int(about["releases"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def write_bulk(write) -> int:
    """Write the bulk file with ``write(text_file)`` (which returns the releases it wrote),
    and the note of its size and releases beside it."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    releases = write_whole(target / BULK_NAME, write)
    size = (target / BULK_NAME).stat().st_size
    write_whole(target / ABOUT_NAME,
                lambda out: out.write(json.dumps({"releases": releases, "bytes": size})))
    return releases


def write_whole(path: Path, write):
    """Call ``write(text_file)`` on a temporary file beside ``path`` and rename it into
    place, so that a reader (the app, or a web server publishing the file) never sees half
    a package; gzip-compressed when ``path`` ends in ``.gz``. Returns what ``write`` did."""
    fd, tmp_name = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                    suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            binary = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) \
                if path.suffix == ".gz" else raw
            with io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as handle:
                result = write(handle)
        os.chmod(tmp_name, 0o644)  # open data: readable by all (mkstemp makes it 0600)
        os.replace(tmp_name, path)
        return result
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise

"""Uploaded files: checked by their bytes, stored under generated names, read back safely.

Pure module (no Flask): the caller passes the folder and the limits from configuration.
A file is never stored under the name a browser sent; that name is only shown, after
:func:`display_name` has taken out paths and control characters.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from procure.errors import Refused

CHUNK = 64 * 1024
# A PDF starts with "%PDF-" and ends with "%%EOF" (followed at most by some whitespace or
# padding). Readers accept the header anywhere in the first kilobyte; we do not, so that a
# web page carrying the marker in a comment is not taken for a PDF.
PDF_HEADER = b"%PDF-"
PDF_TRAILER = b"%%EOF"
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")


class UploadRefused(Refused):
    """``code``: "empty", "too_large" or "not_pdf"."""


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str


def display_name(filename: str | None, fallback: str = "attachment.pdf") -> str:
    """The last path component of what the browser sent, without control characters,
    at most 200 characters, ending in ``.pdf``."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name)
                   if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if not name:
        return fallback
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() != "pdf":
        stem = name
    return stem[:196].rstrip() + ".pdf"


def store_pdf(stream: BinaryIO, folder: str | os.PathLike, max_bytes: int) -> StoredFile:
    """Copy ``stream`` into ``folder`` if it is a PDF of at most ``max_bytes``.

    Written to a temporary name first and renamed when complete, so a half-written
    file is never served; refused files leave nothing behind.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + ".pdf"
    partial = folder / (stored_name + ".part")
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused("too_large")
                if len(head) < 1024:
                    head = (head + chunk)[:1024]
                tail = (tail + chunk)[-1024:]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadRefused("empty")
        if not head.startswith(PDF_HEADER) or PDF_TRAILER not in tail:
            raise UploadRefused("not_pdf")
        os.replace(partial, folder / stored_name)
    finally:
        partial.unlink(missing_ok=True)
    return StoredFile(stored_name, size, digest.hexdigest())


def stored_path(folder: str | os.PathLike, stored_name: str) -> Path:
    """The path of a stored file; a name that is not one we generate is refused, so no
    database value can lead outside the folder."""
    if not STORED_NAME.match(stored_name):
        raise ValueError("not a stored file name")
    return Path(folder) / stored_name


def remove(folder: str | os.PathLike, stored_name: str) -> None:
    stored_path(folder, stored_name).unlink(missing_ok=True)

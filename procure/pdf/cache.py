"""PDFs kept by the hash of what goes into them, so the same content is built once.

A PDF's key is the SHA-256 of a canonical JSON of its content (the builder's data model:
a ``NeedDocument``, a ``ConsultationReport``, a ``Dashboard``...), the code's version
(:func:`builder_version`), the kind of PDF and the language. The builds are
byte-for-byte reproducible (see :mod:`procure.pdf.style`), so a cached file is exactly
what a new build would give.

The cache is a folder of ``<key>.pdf`` files with a size cap: a hit touches the file,
and once the folder grows past the cap the least recently used files go. Several
processes (gunicorn workers, app servers sharing a disk) may read and write it at once:
a file is written to a temporary name in the same folder and moved into place with
``os.replace``, which is atomic, so a reader sees a whole PDF or none; a file pruned
under a reader's feet is a miss, and the PDF is built again. The cache only ever saves
work: a disk that fails to read is a miss and one that fails to write is logged, and
the PDF is served either way.

Pure Python: no Flask, no database.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import babel
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from procure.pdf.style import register_fonts

log = logging.getLogger(__name__)

# The package whose code draws the PDFs: all of it counts towards the builder version.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
SUFFIX = ".pdf"
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
_KEY_CHARS = frozenset("0123456789abcdef")
# A temporary file this old was left by a writer that died mid-write.
STALE_TEMPORARY_SECONDS = 3600


def canonical(value: Any) -> Any:
    """``value`` as plain JSON values, the same for equal content on every run.

    Dataclasses become objects tagged with their class name (two kinds of content with
    the same fields must not share a key); floats, decimals and dates are tagged with
    their kind around their exact text (so none equals a string that reads the same);
    tuples and sets become lists. Anything else is refused rather than hashed by its ``repr``,
    which could hold a memory address and would never hit.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}  # tagged: 0.1 and "0.1" are different content
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime | date):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, Enum):
        return canonical(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: canonical(getattr(value, field.name))
                  for field in dataclasses.fields(value)}
        return {"type": type(value).__qualname__, "fields": fields}
    if isinstance(value, Mapping):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((canonical(item) for item in value), key=json.dumps)
    if hasattr(value, "__html__") or type(value).__name__ == "LazyString":
        return str(value)  # translated text (Markup, a lazy string): its words count
    raise TypeError(f"cannot key a PDF on a {type(value).__name__}")


def content_key(content: Any, *, builder: str, version: str, language: str) -> str:
    """The hex SHA-256 that names the PDF ``builder`` makes of ``content`` in ``language``."""
    document = {"builder": builder, "version": version, "language": language,
                "content": canonical(content)}
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pdf_key(content: Any, builder: str, language: str) -> str:
    """The cache key of the PDF ``builder`` (a name for the kind of PDF, e.g. its
    module's) makes of ``content`` in ``language``, for the code this process runs."""
    return content_key(content, builder=builder, version=builder_version(),
                       language=language)


@functools.cache
def builder_version() -> str:
    """The version of everything that decides how a PDF, or a kept part of a page, looks,
    worked out once per process: every Python source file, template and translation
    catalogue of the ``procure`` package, the font files the PDFs embed, and the versions
    of ReportLab and Babel (which formats the numbers and dates). Any change to the
    layout, the house style, the texts or the formatting gives new keys, so an upgrade
    never serves a PDF or a page part made by the code it replaced.

    All the sources, not a list of the modules a builder uses: a list would fall behind
    the first time a builder imported something new. Files are named relative to their
    folder, so app servers sharing a cache agree on the version wherever they are
    installed.
    """
    digest = hashlib.sha256()
    digest.update(f"reportlab {reportlab.Version}\nbabel {babel.__version__}\n".encode())
    for name, path in (*_source_files(), *_font_files()):
        data = path.read_bytes()
        # The name and length first: no two lists of files can hash alike.
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def _source_files() -> Iterator[tuple[str, Path]]:
    """The package's Python files, its templates and its translation catalogues (the
    words live there), by their path in it, in a stable order."""
    found = [*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.html"),
             *PACKAGE_DIR.rglob("*.po")]
    paths = sorted(found, key=lambda path: path.relative_to(PACKAGE_DIR))
    for path in paths:
        yield path.relative_to(PACKAGE_DIR).as_posix(), path


def _font_files() -> Iterator[tuple[str, Path]]:
    """The TrueType files of the fonts registered for the PDFs (the house style's,
    and any other a builder registered), by their file name."""
    register_fonts()
    files = set()
    for font_name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(font_name)
        if isinstance(font, TTFont):
            files.add(Path(font.face.filename))
    for path in sorted(files, key=lambda path: (path.name, str(path))):
        yield f"fonts/{path.name}", path


class PdfCache:
    """Cached PDFs in ``folder``, at most about ``max_bytes`` of them."""

    def __init__(self, folder: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = Path(folder)
        self.max_bytes = max_bytes

    def path(self, key: str) -> Path:
        # Keys are ours (hex digests), but a name from elsewhere must never reach a path.
        if len(key) != 64 or not set(key) <= _KEY_CHARS:
            raise ValueError("a PDF cache key is a hex SHA-256")
        return self.folder / f"{key}{SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The cached PDF, or None. A hit counts as a use for the pruning.

        A file that cannot be read (never built, pruned meanwhile, a failing disk) is a
        miss: the caller builds the PDF, as if there were no cache.
        """
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("PDF cache: cannot read %s, building it again: %s", path, error)
            return None
        try:
            os.utime(path)
        except OSError:
            pass  # pruned since the read, or a read-only disk: the bytes read are whole
        return data

    def put(self, key: str, data: bytes) -> bool:
        """Store ``data`` under ``key`` atomically, then prune to the size cap.

        Returns whether it was stored. A disk that refuses (full, read-only, gone) is
        logged as a warning, not raised: the caller has the bytes and serves them.
        """
        path = self.path(key)
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
            temporary = None
        except OSError as error:
            log.warning("PDF cache: cannot store %s, serving it uncached: %s", path, error)
            return False
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    Path(temporary).unlink(missing_ok=True)
        try:
            self.prune()
        except OSError as error:
            log.warning("PDF cache: cannot prune %s: %s", self.folder, error)
        return True

    def get_or_build(self, key: str, build: Callable[[], bytes]) -> bytes:
        """The cached PDF for ``key``, or ``build()``'s, stored for next time.

        Two processes missing at once both build; both write the same bytes, and the
        second ``os.replace`` puts an identical file in place of the first.
        """
        data = self.get(key)
        if data is None:
            data = build()
            self.put(key, data)
        return data

    def prune(self) -> None:
        """Remove the least recently used PDFs until the folder is within the cap, and
        temporary files a writer that died left behind."""
        for path in self.folder.glob(".*.tmp"):
            try:
                if time.time() - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue
        entries = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            try:
                status = path.stat()
            except FileNotFoundError:
                continue  # another process pruned it
            entries.append((status.st_mtime, status.st_size, path))
        total = sum(size for _when, size, _path in entries)
        for _when, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size

"""Files handed to the browser to save: the headers every download shares."""
from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from flask import Response, stream_with_context

_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def attachment_disposition(filename: str) -> str:
    """``Content-Disposition`` for saving ``filename``, safe whatever it holds.

    Quotes, semicolons and line breaks cannot reach the header; a name with letters
    beyond ASCII (å, ä, ö) keeps them through RFC 6266's ``filename*``.
    """
    fallback = _UNSAFE_IN_FILENAME.sub("_", filename).strip("._") or "download"
    disposition = f'attachment; filename="{fallback}"'
    if fallback != filename:
        disposition += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return disposition


def csv_response(filename: str, body: bytes | Iterable[bytes]) -> Response:
    """A CSV download (see ``procure.csvexport``): never cached, never shown inline.

    ``body`` is the whole file, or chunks to stream (read while the request lasts, so
    they may still use the database session).
    """
    if not isinstance(body, bytes):
        body = stream_with_context(body)
    return Response(body, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": attachment_disposition(filename),
        # Exports hold personal data: no shared cache and no browser cache keeps them.
        "Cache-Control": "private, no-store",
    })

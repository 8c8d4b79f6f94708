"""Sending a PDF from the content-hash cache, with an ETag the browser can revalidate.

The view builds the content first (the cheap part: a few queries), keys it, and only
on a miss runs the builder (the expensive part: ReportLab lays out the pages). A browser
that already holds the PDF asks with ``If-None-Match`` and gets 304 Not Modified.

The Flask side of :mod:`procure.pdf.cache` (keys come from its ``pdf_key``). Settings,
read by :mod:`procure.config`: ``PDF_CACHE_DIR`` (app servers may share one folder or
keep one each) and ``PDF_CACHE_MAX_BYTES``.

The access check is the view's, before any of this: a person who may not see the PDF
is refused whatever ETag they send, never told 304.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from flask import Response, current_app, request

from procure.core.downloads import attachment_disposition
from procure.extensions import db
from procure.pdf.cache import PdfCache, builder_version, canonical

# The settings whose values a PDF shows or is laid out by: the city's identity (name,
# logo, colours, address...) and the time zone its dates are read in.
IDENTITY_PREFIXES = ("CITY_",)
IDENTITY_SETTINGS = ("BABEL_DEFAULT_TIMEZONE",)
# Between the values of a row, between rows, and in place of NULL (never in stored text).
_VALUE_SEPARATOR, _ROW_SEPARATOR, _NULL = "\x1f", "\x1e", "\x1d"


def pdf_cache() -> PdfCache:
    """The app's PDF cache."""
    config = current_app.config
    return PdfCache(config["PDF_CACHE_DIR"], config["PDF_CACHE_MAX_BYTES"])


def identity() -> dict[str, str]:
    """The settings that shape every PDF (see ``IDENTITY_PREFIXES``), as text."""
    config = current_app.config
    return {name: repr(config[name]) for name in sorted(config)
            if name.startswith(IDENTITY_PREFIXES) or name in IDENTITY_SETTINGS}


def rows_text(table: sa.Table, where: Any, columns: Sequence[sa.Column] | None = None):
    """A scalar subquery: the ``columns`` (all by default) of the rows of ``table`` that
    ``where`` picks, as one text in primary-key order. It changes whenever one of those
    values does, or a row comes or goes."""
    values = [sa.func.coalesce(sa.cast(column, sa.String), _constant(_NULL))
              for column in (columns or list(table.columns))]
    row = values[0]
    for value in values[1:]:
        row = row.op("||")(_constant(_VALUE_SEPARATOR)).op("||")(value)
    # In primary-key order from an ordered subquery: SQLite before 3.44 (Debian 12's
    # Python has 3.40) knows no ORDER BY inside an aggregate.
    ordered = (sa.select(row.label("row")).select_from(table).where(where)
               .order_by(*table.primary_key.columns).subquery())
    return sa.select(sa.func.coalesce(
        sa.func.aggregate_strings(ordered.c.row, _constant(_ROW_SEPARATOR)),
        _constant(""))).scalar_subquery()


def _constant(text: str) -> sa.ColumnElement:
    """``text`` written into the statement, not sent as a parameter: a key's statement
    has a hundred of them, and each parameter costs the driver and SQLAlchemy time on
    every request (a need page's key: 2.5 ms with them as parameters)."""
    return sa.literal_column(f"'{text}'", sa.String)


def tracks_select(tracks: Iterable[tuple]) -> sa.Select:
    """Tracks, (table, condition, columns or None) triples naming rows that a PDF or a
    kept page part shows, as one SELECT of their values (see :func:`tracked_key`)."""
    return sa.select(*(rows_text(table, where, columns) for table, where, columns in tracks))


def tracked_key(builder: str, language: str, known: Any, tracks: sa.Select,
                parameters: dict[str, Any] | None = None) -> str:
    """A PDF cache key (or a kept page part's: ``procure.needs.page_part``) read in one
    statement, without building the content.

    ``known`` is what the caller already holds (the rows it loaded, as plain values);
    ``tracks`` is the :func:`tracks_select` of every other row it shows (a select built
    once may take bound ``parameters``: building it can cost more than reading it).
    Their values are read together and hashed with the builder, the code's version
    (:func:`procure.pdf.cache.builder_version`), the language and the city's identity.
    So a key changes whenever what is shown does, and a cache hit reads a handful of
    rows and builds nothing."""
    read = list(db.session.execute(tracks, parameters or {}).one())
    document = {"builder": builder, "version": builder_version(), "language": language,
                "identity": identity(), "known": canonical(known), "read": read}
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_values(row: Any) -> dict[str, Any]:
    """A loaded row's column values (not its relationships), for ``known``."""
    mapper = sa.inspect(row).mapper
    return {attribute.key: _plain(getattr(row, attribute.key))
            for attribute in mapper.column_attrs}


def _plain(value: Any) -> Any:
    try:
        canonical(value)
    except TypeError:
        return repr(value)
    return value


def cached_pdf_response(key: str, build: Callable[[], bytes], filename: str, *,
                        published: bool = False) -> Response:
    """The PDF for ``key`` as a download: 304 when the browser's copy has this ETag, the
    cached file when there is one, else ``build()``'s bytes, kept for next time.

    Only a ``published`` PDF (one anybody may read) may stay in the browser's cache: a
    draft or staff-only PDF is ``no-store``, so it is not left on a shared computer."""
    if request.if_none_match.contains(key):
        response = Response(status=304)
    else:
        response = Response(pdf_cache().get_or_build(key, build), mimetype="application/pdf")
        response.headers["Content-Disposition"] = attachment_disposition(filename)
    response.set_etag(key)
    # A published PDF: the browser may keep the file but must ask each time (it may have
    # changed); "private": no shared cache between the city and its readers.
    response.headers["Cache-Control"] = "private, no-cache" if published else \
        "private, no-store"
    return response

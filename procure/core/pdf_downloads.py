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

from collections.abc import Callable

from flask import Response, current_app, request

from procure.core.downloads import attachment_disposition
from procure.pdf.cache import PdfCache


def pdf_cache() -> PdfCache:
    """The app's PDF cache."""
    config = current_app.config
    return PdfCache(config["PDF_CACHE_DIR"], config["PDF_CACHE_MAX_BYTES"])


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

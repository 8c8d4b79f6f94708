"""Error pages in the user's language that never show internals."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from procure.extensions import db

log = logging.getLogger(__name__)

SHOWN_CODES = (400, 403, 404, 405, 413, 429, 500, 503)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, csrf_failed: bool = False):
    if _wants_json():
        return jsonify(error=code), code
    return render_template("core/error.html", code=code, csrf_failed=csrf_failed), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, csrf_failed=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code not in SHOWN_CODES:
            return error
        return _render(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Logged with its traceback for operators; the person sees a plain page.
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return _render(InternalServerError.code)

"""Error pages in the user's language that never show internals."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from procure.audit.services import record
from procure.extensions import db

log = logging.getLogger(__name__)

SHOWN_CODES = (400, 403, 404, 405, 413, 429, 500, 503)
PATH_LENGTH = 500  # of a refused request's path kept in its audit event


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, csrf_failed: bool = False):
    if _wants_json():
        return jsonify(error=code), code
    return render_template("core/error.html", code=code, csrf_failed=csrf_failed), code


def record_refusal() -> None:
    """Put a refused request (403) into the audit trail, and never fail doing it.

    Whatever the refused request had changed is rolled back first (it must not be
    committed along with the event, and the session may be in a failed state); if the
    event cannot be written, that is logged and the error page is shown all the same.
    """
    try:
        db.session.rollback()
        actor = current_user if current_user.is_authenticated else None
        record("access.refused", actor=actor, method=request.method,
               path=request.path[:PATH_LENGTH], endpoint=request.endpoint or "")
        db.session.commit()
    except Exception:  # the error page matters more than the event
        # %r: a path may hold line breaks (decoded from %0A), which must not start a log line.
        log.exception("could not record a refused request to %r", request.path)
        db.session.rollback()


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, csrf_failed=True)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code not in SHOWN_CODES:
            return error
        if code == 403:
            record_refusal()
        # 404s are not recorded: they are also this app's "not your business" answer for
        # objects of others, and every crawler and typo would bury the trail in them.
        return _render(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Logged with its traceback for operators; the person sees a plain page.
        log.exception("unhandled error on %s %r", request.method, request.path)
        db.session.rollback()
        return _render(InternalServerError.code)

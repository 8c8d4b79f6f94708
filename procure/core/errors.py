"""Error pages in the user's language that never show internals."""
from __future__ import annotations

import logging
import math
import time

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from procure.audit.services import record
from procure.extensions import db, limiter

log = logging.getLogger(__name__)

SHOWN_CODES = (400, 403, 404, 405, 413, 429, 500, 503)
PATH_LENGTH = 500  # of a refused request's path kept in its audit event


class HiddenFromOthers(NotFound):
    """Another organisation's object, asked for by a signed-in person: answered like one
    that does not exist (its existence is none of theirs), but put on the record as
    ``access.hidden``. No link of the app leads there, so it is someone trying ids.
    """

    def __init__(self, obj) -> None:
        super().__init__()
        # Kept now: the object expires with the rollback before the event is written.
        self.object_type = obj.__tablename__
        self.object_id = obj.id


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, csrf_failed: bool = False, retry_minutes: int | None = None):
    if _wants_json():
        return jsonify(error=code), code
    return render_template("core/error.html", code=code, csrf_failed=csrf_failed,
                           retry_minutes=retry_minutes), code


def retry_minutes() -> int | None:
    """Whole minutes until the rate limit this request broke lets it in again, if known.

    The longest wait of the limits broken: "10 per minute;50 per hour" broken by the hour
    says the hour's remaining minutes, not one.
    """
    try:
        resets = [limit.window.reset_time for limit in limiter.current_limits
                  if limit.breached]
    except Exception:  # the limiter's storage may be what failed: say nothing precise
        log.warning("could not read when the rate limit resets", exc_info=True)
        return None
    if not resets:
        return None
    return max(1, math.ceil((max(resets) - time.time()) / 60))


def record_refusal(hidden: HiddenFromOthers | None = None) -> None:
    """Put a refused request (403, or a hidden object's 404) into the audit trail, and
    never fail doing it.

    Whatever the refused request had changed is rolled back first (it must not be
    committed along with the event, and the session may be in a failed state); if the
    event cannot be written, that is logged and the error page is shown all the same.
    """
    try:
        db.session.rollback()
        actor = current_user if current_user.is_authenticated else None
        if hidden is None:
            record("access.refused", actor=actor, method=request.method,
                   path=request.path[:PATH_LENGTH], endpoint=request.endpoint or "")
        else:
            record("access.hidden", actor=actor, object_type=hidden.object_type,
                   object_id=hidden.object_id, method=request.method,
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
        elif isinstance(error, HiddenFromOthers):
            record_refusal(error)
        if code == 429:
            return _render(code, retry_minutes=retry_minutes())
        # Other 404s are not recorded: every crawler and typo would bury the trail in
        # them. Objects of other organisations are (HiddenFromOthers, above).
        return _render(code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        # Logged with its traceback for operators; the person sees a plain page.
        log.exception("unhandled error on %s %r", request.method, request.path)
        db.session.rollback()
        return _render(InternalServerError.code)

from __future__ import annotations

from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from procure.core import bp
from procure.core.access import public
from procure.core.navigation import back_to
from procure.extensions import db


# The signed-in person's start page: set by procure.workday, which reads the domains
# that core, at the bottom, does not import.
START_PAGE: list = []


@bp.get("/")
@public
def index():
    """The start page: a signed-in person's own work; for others what procure is, and
    each role's way in."""
    if current_user.is_authenticated and START_PAGE:
        page = START_PAGE[0]()
        if page is not None:
            return page
    return render_template("core/index.html")


@bp.get("/accessibility")
@public
def accessibility():
    """The accessibility statement that Swedish public-sector services must publish."""
    return render_template("core/accessibility.html")


@bp.post("/language")
@public
def set_language():
    """Switch the UI language; remembered on the account when signed in."""
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(back_to(url_for("core.index")), code=303)


@bp.get("/healthz")
@public
def healthz():
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not healthy"
        db.session.rollback()
        current_app.logger.warning("health check: database did not answer", exc_info=True)
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="up")

"""``GET /api/v1/ocds/releases.json``: the OCDS release package, open to everybody."""
from __future__ import annotations

from flask import Response, current_app
from flask_login import current_user

from procure.core.access import public
from procure.extensions import db, limiter
from procure.opendata import bp, ocds, services


def _export_limit() -> str:
    return current_app.config["OPEN_DATA_RATE_LIMIT"]


@bp.get("/api/v1/ocds/releases.json")
@public
# Each download is an audited export: a crawler in a loop is slowed, not logged forever.
@limiter.limit(_export_limit)
def releases():
    """Every need that has left draft as an OCDS 1.1 release package (audited)."""
    package = services.export(actor=current_user if current_user.is_authenticated else None,
                              via="api")
    db.session.commit()
    response = Response(ocds.to_json(package), mimetype="application/json")
    # Open data without cookies or credentials: any site may read it from a browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

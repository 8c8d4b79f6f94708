"""``GET /api/v1/ocds/releases.json``: the OCDS release package, open to everybody."""
from __future__ import annotations

from flask import Response
from flask_login import current_user

from procure.auth.access import public
from procure.extensions import db
from procure.opendata import bp, ocds, services


@bp.get("/api/v1/ocds/releases.json")
@public
def releases():
    """Every need that has left draft as an OCDS 1.1 release package (audited)."""
    package = services.export(actor=current_user if current_user.is_authenticated else None,
                              via="api")
    db.session.commit()
    response = Response(ocds.to_json(package), mimetype="application/json")
    # Open data without cookies or credentials: any site may read it from a browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

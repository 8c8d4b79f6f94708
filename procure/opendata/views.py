"""Open data for everybody: ``/open-data`` says what there is; ``GET
/api/v1/ocds/releases.json`` gives the OCDS release packages in pages (``links.next``)
with an optional ``since`` for incremental harvesting, and the bulk file all of it."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, current_app, jsonify, render_template, request, send_file
from flask_login import current_user

from procure.core.access import public
from procure.core.shared_answers import unchanged_or
from procure.dialogues import services as dialogue_services
from procure.extensions import db, limiter
from procure.opendata import bp, bulk, ocds, services


def _export_limit() -> str:
    return current_app.config["OPEN_DATA_RATE_LIMIT"]


def _since(text: str | None) -> datetime | None:
    """``since`` as an ISO 8601 date or date-time (UTC when no offset is given)."""
    if not text:
        return None
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@bp.get("/api/v1/ocds/releases.json")
@public
# Each download is an audited export: a crawler in a loop is slowed, not logged forever.
@limiter.limit(_export_limit)
def releases():
    """One page of the needs that have left draft as an OCDS 1.1 release package
    (audited): ``after`` continues after a reference, ``since`` keeps the releases
    changed at or after a moment; ``links.next`` names the next page."""
    after = (request.args.get("after") or "").strip().upper()[:40] or None
    try:
        since = _since(request.args.get("since"))
    except ValueError:
        return jsonify(error="since must be an ISO 8601 date or date-time, "
                             "e.g. 2026-11-01T00:00:00Z"), 400
    page = services.release_page(after=after, since=since,
                                 limit=current_app.config["OCDS_PAGE_SIZE"])
    next_url = None
    if page.next_after:
        arguments = {"after": page.next_after}
        if request.args.get("since"):
            arguments["since"] = request.args["since"]
        next_url = services.public_url("opendata.releases", **arguments)
    package = ocds.build_package(page.needs, services.publication(uri=_page_uri()), next_url)
    services.export(actor=current_user if current_user.is_authenticated else None,
                    via="api", releases=len(package["releases"]))
    db.session.commit()
    response = Response(ocds.to_json(package), mimetype="application/json")
    # Open data without cookies or credentials: any site may read it from a browser, and
    # any cache may keep it a minute (nothing in it is per person).
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return unchanged_or(response)


def _page_uri() -> str:
    """This page's own address under ``PUBLIC_URL`` (its query included)."""
    arguments = {key: request.args[key] for key in ("after", "since") if request.args.get(key)}
    return services.public_url("opendata.releases", **arguments)


@bp.get("/open-data")
@public
def overview():
    """What the city publishes as open data, and where: the bulk file with its size and
    date, the paged OCDS API, the dialogues API and the feed."""
    return render_template("opendata/overview.html", bulk=bulk.bulk_file(),
                           page_size=current_app.config["OCDS_PAGE_SIZE"],
                           dialogues_page_size=dialogue_services.API_PAGE_SIZE,
                           licence=current_app.config["OCDS_LICENSE"],
                           policy=current_app.config["OCDS_PUBLICATION_POLICY"])


@bp.get(f"/open-data/{bulk.BULK_NAME}")
@public
@limiter.limit(_export_limit)
def bulk_download():
    """The bulk file as a download (audited like the API's pages), with an ETag and
    ranges so a harvester can revalidate or resume."""
    published = bulk.bulk_file()
    if published is None:
        abort(404)
    response = send_file(published.path, mimetype="application/gzip", as_attachment=True,
                         download_name=bulk.BULK_NAME, conditional=True, max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "GET" and response.status_code in (200, 206):  # bytes were sent
        services.export(actor=current_user if current_user.is_authenticated else None,
                        via="bulk download", releases=published.releases or 0)
        db.session.commit()
    return response

"""Market dialogues for everybody: the public listing, its Atom feed and its JSON API.

What an anonymous visitor reads is kept briefly and shared (procure.core.shared_answers),
keyed by the parsed filters: never by what else an address carried.
"""
from __future__ import annotations

import json
from xml.etree import ElementTree as ET  # nosec B405 # builds the Atom feed, parses nothing

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import contains_eager, load_only

from procure.core.access import public
from procure.core.links import public_url
from procure.core.navigation import int_arg
from procure.core.pagination import paginate
from procure.core.request_text import without_untypable
from procure.core.shared_answers import per_person, shared_text, unchanged_or
from procure.departments import services as departments
from procure.dialogues import bp, services
from procure.dialogues.models import Dialogue
from procure.dialogues.vocabulary import KINDS
from procure.extensions import db
from procure.i18n import current_language
from procure.needs.models import Need


def _filters() -> services.PublicFilters:
    """The public filters as the request gives them; a value that is not one is ignored."""
    division = (request.args.get("division") or "")[:2]
    return services.PublicFilters(
        cpv_division=division if division.isdecimal() else None,
        department_id=int_arg("department"),
        kind=request.args.get("kind") if request.args.get("kind") in KINDS else None,
        include_past=request.args.get("past") == "1")


def _arguments(filters: services.PublicFilters) -> dict[str, str | int]:
    """The query arguments that ask for ``filters``: what the answer depends on, never
    what else an address carried."""
    arguments = {"division": filters.cpv_division, "department": filters.department_id,
                 "kind": filters.kind, "past": "1" if filters.include_past else None}
    return {name: value for name, value in arguments.items() if value}


@bp.get("/dialogues/")
@public
def listing():
    # The list is the same for every anonymous visitor: kept briefly, inside a layout
    # rendered for each (its forms carry the visitor's own CSRF token).
    filters, page = _filters(), int_arg("page", 1)
    content = shared_text(lambda: _listing_content(filters, page), filters, page)
    return unchanged_or(render_template(
        "dialogues/list.html", content=Markup(content)))  # nosec B704 # rendered by Jinja


def _listing_content(filters: services.PublicFilters, page: int) -> str:
    # Only the columns a card shows: descriptions and the needs' texts are most of a row.
    cards = services.public_dialogues(filters).options(
        load_only(Dialogue.title, Dialogue.kind, Dialogue.status,
                  Dialogue.registration_deadline),
        contains_eager(Dialogue.need).load_only(Need.reference, Need.department_id))
    pagination = paginate(cards, page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_template("dialogues/_list_content.html", pagination=pagination,
                           filters=filters, kinds=KINDS,
                           departments=departments.department_choices(current_language()))


@bp.get("/dialogues/feed.atom")
@public
def feed():
    """The open dialogues as an Atom feed (RFC 4287)."""
    filters = _filters()
    response = Response(shared_text(lambda: _feed_body(filters), filters),
                        mimetype="application/atom+xml")
    if per_person():
        # In the language a signed-in person or this browser chose: not for shared caches.
        response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    else:
        response.headers["Cache-Control"] = \
            f"public, max-age={current_app.config['FEED_CACHE_SECONDS']}"
    return unchanged_or(response)


def _feed_body(filters: services.PublicFilters) -> str:
    # Plain tags and a literal xmlns: ET's prefix registry is shared by the whole process.
    root = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    dialogues = db.session.execute(services.public_dialogues(filters).limit(100)).scalars().all()
    updated = max((d.published_at for d in dialogues if d.published_at), default=None)
    # Absolute links from PUBLIC_URL, never the Host header (a cache would pass a forged
    # one on to every reader). The filters are part of the feed's identity.
    self_link = public_url("dialogues.feed", **_arguments(filters))
    ET.SubElement(root, "id").text = self_link
    ET.SubElement(root, "title").text = _("Open market dialogues")
    ET.SubElement(root, "updated").text = (updated.isoformat() if updated else
                                           "1970-01-01T00:00:00+00:00")
    ET.SubElement(root, "link", rel="self", href=self_link)
    for dialogue in dialogues:
        entry = ET.SubElement(root, "entry")
        link = public_url("dialogues.show", dialogue_id=dialogue.id)
        ET.SubElement(entry, "id").text = link
        # Text stored before requests were cleaned (or imported) may hold characters XML
        # cannot carry, which would make the whole feed unreadable.
        ET.SubElement(entry, "title").text = without_untypable(dialogue.title)
        ET.SubElement(entry, "updated").text = dialogue.published_at.isoformat()
        ET.SubElement(entry, "link", rel="alternate", href=link)
        ET.SubElement(entry, "summary").text = without_untypable(dialogue.description[:1000])
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = without_untypable(
            dialogue.need.department.name(current_language()))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


@bp.get("/api/v1/dialogues")
@public
def api_list():
    """The open dialogues as JSON, with the same filters as the listing, in pages of
    ``API_PAGE_SIZE``: ``links.next`` continues after the page's last dialogue."""
    try:
        after = services.parse_cursor(request.args.get("after"))
    except ValueError:
        return jsonify(error="after must be a links.next cursor of this API"), 400
    filters = _filters()
    response = Response(shared_text(lambda: _api_page(filters, after), filters, after),
                        mimetype="application/json")
    # The same for everybody: any cache may keep it a minute, and a client that has it
    # gets 304 while it is unchanged.
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return unchanged_or(response)


def _api_page(filters: services.PublicFilters, after) -> str:
    dialogues, cursor = services.public_page(filters, after, services.API_PAGE_SIZE)
    body = {"dialogues": [services.public_view(d) for d in dialogues]}
    if cursor:
        body["links"] = {"next": url_for("dialogues.api_list", after=cursor,
                                         **_arguments(filters))}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

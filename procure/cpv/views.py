from __future__ import annotations

from flask import jsonify, render_template, request

from procure.cpv import bp, services
from procure.cpv.forms import MAX_QUERY_LENGTH, CpvSearchForm
from procure.i18n import current_language

PAGE_RESULTS = 50
JSON_RESULTS = 20
JSON_MAX_RESULTS = 50


@bp.get("")
def search():
    """Find CPV codes by code or by words; a plain GET form that needs no JavaScript."""
    form = CpvSearchForm(request.args)
    query = (form.q.data or "").strip()
    results, more, status = [], False, 200
    if query and not form.validate():
        status = 400
    elif query:
        # One more than shown, to know whether to ask for a narrower search.
        results = services.search_codes(query, current_language(), limit=PAGE_RESULTS + 1)
        more = len(results) > PAGE_RESULTS
        results = results[:PAGE_RESULTS]
    return render_template("cpv/search.html", form=form, query=query, results=results,
                           more=more, imported=services.has_codes()), status


@bp.get("/search.json")
def search_json():
    """The same search as JSON, for a type-ahead: ``?q=...&limit=...`` (at most 50)."""
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH]
    limit = min(max(request.args.get("limit", JSON_RESULTS, type=int), 1), JSON_MAX_RESULTS)
    language = current_language()
    results = services.search_codes(query, language, limit=limit)
    return jsonify(query=query, language=language, results=[
        {"code": found.code, "label": found.label(language), "kind": found.kind,
         "parent": found.parent_code}
        for found in results
    ])

"""The case library: open to everyone, only what the city chose to publish."""
from __future__ import annotations

from flask import abort, current_app, render_template

from procure.auth.access import public
from procure.cases import bp, services
from procure.core.navigation import int_arg
from procure.core.pagination import paginate


@bp.get("/")
@public
def listing():
    pagination = paginate(services.published(), page=int_arg("page", 1),
                          per_page=current_app.config["PAGE_SIZE"])
    return render_template("cases/list.html", pagination=pagination)


@bp.get("/<reference>")
@public
def show(reference: str):
    case = services.case_of(reference)
    if case is None:
        abort(404)
    return render_template("cases/show.html", case=case)

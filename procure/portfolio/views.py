"""The portfolio page, its CSV file, and the resources form of a need."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.audit.services import record
from procure.charts import Chart, Series
from procure.core.downloads import csv_response
from procure.core.navigation import int_arg
from procure.core.refusals import attempt
from procure.csvexport import to_csv
from procure.departments import services as departments
from procure.extensions import db
from procure.i18n import current_language
from procure.needs.views import load_need
from procure.portfolio import bp, services
from procure.portfolio.forms import ResourcesForm
from procure.portfolio.stages import STAGES

FIELDS = ("budget_planned_sek", "budget_used_sek", "hours_planned", "hours_used")


def _filters() -> services.Filters:
    stage = request.args.get("stage")
    division = (request.args.get("division") or "")[:2]
    return services.Filters(department_id=int_arg("department"),
                            stage=stage if stage in STAGES else None, year=int_arg("year"),
                            cpv_division=division if len(division) == 2
                            and division.isdecimal() else None)


def _query(filters: services.Filters) -> dict:
    """The filters as the query string of a link (the CSV file's)."""
    return {name: value for name, value in (("department", filters.department_id),
                                            ("stage", filters.stage), ("year", filters.year),
                                            ("division", filters.cpv_division)) if value}


def stage_label(key: str) -> str:
    return _(STAGES[key]) if key in STAGES else key


def _charts(counts):
    labels = [stage_label(stage) for stage, _n, _sek in counts]
    return [Chart(title=_("Initiatives by stage"), x_labels=labels, kind="bar",
                  series=(Series(_("Initiatives"), [n for _s, n, _sek in counts]),),
                  x_title=_("Stage")),
            Chart(title=_("Budget earmarked by stage"), x_labels=labels, kind="bar",
                  money=True, series=(Series(_("Budget earmarked (SEK)"),
                                             [sek for _s, _n, sek in counts]),),
                  x_title=_("Stage"))]


@bp.get("/portfolio")
def overview():
    filters = _filters()
    rows = services.rows(filters)
    choices = departments.department_choices(current_language())
    return render_template("portfolio/overview.html", rows=rows, filters=filters,
                           departments=choices, stages=STAGES, years=services.years(),
                           csv_query=_query(filters),
                           department_names=choices.names,
                           charts=_charts(services.by_stage(rows)))


@bp.get("/portfolio.csv")
def overview_csv():
    filters = _filters()
    names = departments.department_choices(current_language()).names
    header = [_("Initiative"), _("Title"), _("Stage"), _("Department"), _("Owner"),
              _("Days in stage"), _("Budget earmarked (SEK)"), _("Budget used (SEK)"),
              _("Staff hours planned"), _("Staff hours used"), _("Highest open risk")]
    body = to_csv([[row.key, row.title, stage_label(row.stage),
                    names.get(row.department_id, ""), row.owner, row.days_in_stage,
                    *(getattr(row.resources, name) if row.resources else None
                      for name in FIELDS),
                    row.top_risk.score if row.top_risk else None]
                   for row in services.rows(filters)], header)
    record("export.portfolio_csv", actor=current_user, object_type="export",
           filters=filters.__dict__)
    db.session.commit()
    return csv_response("portfolio.csv", body)


@bp.route("/needs/<reference>/resources", methods=["GET", "POST"])
def resources(reference: str):
    need = load_need(reference)
    if not services.need_services.can_edit(current_user, need):
        abort(403)
    kept = services.resources_of(need)
    form = ResourcesForm(obj=kept)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in FIELDS}
        # The first save racing another (a double click) meets its row's unique key and
        # is run again, now changing that row, as a later save would.
        if attempt(lambda: services.save_resources(need, values, current_user), None).ok:
            flash(_("The resources are saved."), "success")
            return redirect(url_for("portfolio.overview"), code=303)
        return render_template("portfolio/resources.html", need=need, form=form), 409
    status = 400 if form.is_submitted() else 200
    return render_template("portfolio/resources.html", need=need, form=form), status


bp.add_app_template_filter(stage_label, "stage_label")

"""The scenario set of a need: compare, add, copy, edit, remove, choose."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from procure.core.refusals import attempt
from procure.errors import CONFLICT
from procure.extensions import db
from procure.i18n import current_language
from procure.needs.loading import load_need
from procure.scenarios import bp, figures, services
from procure.scenarios.forms import FORM_CHOICES, ChoiceForm, ScenarioForm
from procure.scenarios.model import ScenarioError, sensitivity, term_label
from procure.scenarios.models import ContractScenario
from procure.scenarios.refusals import REFUSALS


# A scenario's assumptions as the overview shows them beside its results: the field, its
# label (the form's), and how its value is written.
ASSUMPTIONS = (
    ("annual_value_sek", _l("Annual contract value (SEK)"), "money"),
    ("investment_sek", _l("The supplier's up-front investment (SEK)"), "money"),
    ("depreciation_years", _l("Depreciation period of the investment (years)"), "number"),
    ("margin_percent", _l("The supplier's margin (%)"), "percent"),
    ("improvement_percent", _l("Yearly improvement once running (%)"), "percent"),
    ("retender_cost_sek", _l("Cost of one re-tender for the city (SEK)"), "money"),
    ("discount_rate_percent", _l("Discount rate (%)"), "percent"),
    ("horizon_years", _l("Horizon (years)"), "number"),
    ("options_exercised", _l("Assume the options are used"), "yes_no"),
)


def _overview_url(need):
    return url_for("scenarios.overview", reference=need.reference)


def _load_scenario(need, scenario_id: int) -> ContractScenario:
    scenario = db.session.get(ContractScenario, scenario_id)
    if scenario is None or scenario.need_id != need.id:
        abort(404)
    return scenario


def _changeable(reference: str):
    need = load_need(reference)
    if not services.can_change(current_user, need):
        abort(403)
    return need


def _choice_form(rows, choice):
    form = ChoiceForm(data={"scenario": choice.scenario_id,
                            "justification": choice.justification,
                            "special_reasons": choice.special_reasons} if choice else None)
    form.scenario.choices = [SelectChoice(row.scenario.id, row.scenario.name) for row in rows]
    return form


@bp.get("/<reference>/scenarios")
def overview(reference: str, choice_form=None, status=200):
    need = load_need(reference)
    rows = services.evaluated(need)
    language = current_language()
    choice = services.choice_of(need)
    return render_template(
        "scenarios/overview.html", need=need, rows=rows, choice=choice,
        charts=figures.charts(rows, language),
        comparison=figures.comparison_table(rows, language),
        sensitivities={row.scenario.id: sensitivity(row.scenario.as_input()) for row in rows},
        assumptions=ASSUMPTIONS,
        choice_form=choice_form or _choice_form(rows, choice),
        can_change=services.can_change(current_user, need),
        invalid=services.invalid_scenarios(need)), status


def _scenario_form_page(need, form, scenario=None, status=200):
    return render_template("scenarios/edit.html", need=need, form=form,
                           scenario=scenario), status


def _model_errors(form, error: ScenarioError) -> None:
    language = current_language()
    for problem in error.problems:
        field = form[problem.field] if problem.field in form else form.name
        field.errors = list(field.errors) + [problem.message(language)]


@bp.route("/<reference>/scenarios/new", methods=["GET", "POST"])
def new_scenario(reference: str):
    need = _changeable(reference)
    form = ScenarioForm(data=None if request.method == "POST" else figures.new_defaults(need))
    if form.validate_on_submit():
        done = attempt(lambda: services.add_scenario(need, form.values(), current_user),
                       REFUSALS, flash_refusal=False)
        if done.ok:
            flash(_("The scenario is added."), "success")
            return redirect(_overview_url(need), code=303)
        if isinstance(done.refused, ScenarioError):
            _model_errors(form, done.refused)
        else:
            flash(REFUSALS.text(done.refused), "error")
            return redirect(_overview_url(need), code=303)
    return _scenario_form_page(need, form, status=400 if form.is_submitted() else 200)


@bp.route("/<reference>/scenarios/<id:scenario_id>/edit", methods=["GET", "POST"])
def edit_scenario(reference: str, scenario_id: int):
    need = _changeable(reference)
    scenario = _load_scenario(need, scenario_id)
    if request.method == "GET":
        form = ScenarioForm(data=figures.form_data(scenario))
        return _scenario_form_page(need, form, scenario)
    form = ScenarioForm()
    if form.validate_on_submit():
        version = form.lock_version.data or ""
        # A version that is not a number can only be stale or tampered with: a conflict.
        expected = int(version) if version.isascii() and version.isdecimal() else -1
        done = attempt(lambda: services.update_scenario(
            scenario, form.values(), expected_version=expected, actor=current_user),
            REFUSALS, flash_refusal=False)
        if isinstance(done.refused, ScenarioError):
            _model_errors(form, done.refused)
        elif not done.ok:
            flash(REFUSALS.text(CONFLICT), "error")
            current = db.session.get(ContractScenario, scenario_id)
            if current is None:  # removed meanwhile
                abort(404)
            form.lock_version.data = str(current.lock_version)
            return _scenario_form_page(need, form, scenario, 409)
        else:
            flash(_("The scenario is saved."), "success")
            return redirect(_overview_url(need), code=303)
    return _scenario_form_page(need, form, scenario, 400)


@bp.post("/<reference>/scenarios/<id:scenario_id>/copy")
def copy_scenario(reference: str, scenario_id: int):
    need = _changeable(reference)
    scenario = _load_scenario(need, scenario_id)
    done = attempt(lambda: services.copy_scenario(scenario, current_user), REFUSALS)
    if not done.ok:
        return redirect(_overview_url(need), code=303)
    return redirect(url_for("scenarios.edit_scenario", reference=need.reference,
                            scenario_id=done.value.id), code=303)


@bp.post("/<reference>/scenarios/<id:scenario_id>/remove")
def remove_scenario(reference: str, scenario_id: int):
    need = _changeable(reference)
    services.remove_scenario(_load_scenario(need, scenario_id), current_user)
    db.session.commit()
    flash(_("The scenario is removed."), "success")
    return redirect(_overview_url(need), code=303)


@bp.post("/<reference>/scenarios/choice")
def choose(reference: str):
    need = _changeable(reference)
    rows = services.evaluated(need)
    form = _choice_form(rows, None)
    if form.validate_on_submit():
        scenario = _load_scenario(need, form.scenario.data)
        done = attempt(lambda: services.choose(
            need, scenario, justification=form.justification.data,
            special_reasons=form.special_reasons.data or "", actor=current_user),
            REFUSALS, flash_refusal=False)
        if not done.ok:
            field = form.special_reasons if done.code == "special_reasons_required" \
                else form.justification
            field.errors = list(field.errors) + [REFUSALS.text(done.refused)]
        else:
            flash(_("The choice and its justification are saved."), "success")
            return redirect(_overview_url(need) + "#choice", code=303)
    return overview(reference, choice_form=form, status=400)


@bp.app_template_global("contract_form_label")
def contract_form_label(form: str) -> str:
    """A contract form's name, the one its form choice shows."""
    return str(next((c.label for c in FORM_CHOICES if c.value == form), form))


@bp.app_template_global("term_text")
def term_text(scenario) -> str:
    return term_label(scenario)


@bp.app_template_global("share_text")
def share_text(share) -> str:
    return figures.percent_text(share, current_language())

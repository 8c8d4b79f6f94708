"""A PCP phase: its suppliers' contracts, criteria, evaluators, the evaluators' own
declarations and scores, the ranking and the gate."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from procure.auth.models import User
from procure.core.converters import MAX_ID
from procure.core.refusals import attempt
from procure.extensions import db
from procure.pcp import bp, services
from procure.pcp.forms import (
    ContractForm,
    CriteriaForm,
    DeclarationForm,
    EvaluatorForm,
    GateForm,
    ScoreForm,
)
from procure.pcp.models import Evaluator, GateDecision, PhaseContract
from procure.pcp.pages import city_today, flash_form_errors, load_phase, load_plan
from procure.pcp.refusals import REFUSALS
from procure.suppliers.models import SupplierOrganisation

PHASE = "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>"


def _back(reference, number, anchor=None):
    return redirect(url_for("pcp.phase", reference=reference, number=number, _anchor=anchor),
                    code=303)


def _phase_of_plan(reference: str, phase_id: int):
    """The need and the phase of its plan with ``phase_id``; 404 for a phase of another
    need's plan, so ids cannot be mixed across needs."""
    need, plan = load_plan(reference, manage=True)
    phase = next((p for p in plan.phases if p.id == phase_id), None) or abort(404)
    return need, phase


def _contract_form(phase) -> ContractForm:
    form = ContractForm()
    if phase.number > 1:
        allowed = services.selected_ids(services.phase_of(phase.plan, phase.number - 1))
        query = db.select(SupplierOrganisation).where(SupplierOrganisation.id.in_(allowed))
    else:
        query = db.select(SupplierOrganisation)
    form.organisation.choices = [SelectChoice(o.id, o.name) for o in db.session.execute(
        query.order_by(SupplierOrganisation.name)).scalars()]
    return form


def _evaluator_form() -> EvaluatorForm:
    form = EvaluatorForm()
    form.user.choices = [SelectChoice(u.id, u.name) for u in db.session.execute(
        db.select(User).where(User.role.in_(("officer", "admin")), User.is_enabled.is_(True))
        .order_by(User.name)).scalars()]
    return form


def _gate_form(phase, corrects=None) -> GateForm:
    form = GateForm(data=None if request.method == "POST" else {
        "decided_on": city_today(), "corrects": str(corrects.id) if corrects else ""})
    form.selected.choices = [SelectChoice(c.organisation_id, c.organisation.name)
                            for c in phase.contracts]
    return form


@bp.get(PHASE)
def phase(reference: str, number: int):
    need, phase = load_phase(reference, number)
    view = services.phase_view(phase)
    managing = services.can_manage(current_user, need)
    criteria_form = CriteriaForm(data={"rows": [
        {"name": c.name, "weight": c.weight} for c in phase.criteria]})
    return render_template(
        "pcp/phase.html", need=need, view=view, phase=phase, managing=managing,
        ranking=services.ranking(phase) if managing else [],
        names={c.organisation_id: c.organisation.name for c in phase.contracts},
        evaluating=services.is_evaluator(phase, current_user),
        contract_form=_contract_form(phase), criteria_form=criteria_form,
        evaluator_form=_evaluator_form(),
        gate_form=_gate_form(phase, view.decision) if managing else None)


@bp.post(f"{PHASE}/contracts")
def add_contract(reference: str, number: int):
    need, phase = load_phase(reference, number, manage=True)
    form = _contract_form(phase)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(need.reference, number, "contracts")
    organisation = db.session.get(SupplierOrganisation, form.organisation.data) or abort(404)
    if attempt(lambda: services.add_contract(
            phase, organisation, amount_sek=form.amount_sek.data, signed_on=form.signed_on.data,
            deliverables=form.deliverables.data or "", actor=current_user), REFUSALS).ok:
        flash(_("The contract is added."), "success")
    return _back(need.reference, number, "contracts")


@bp.post("/needs/<reference>/pcp/contracts/<id:contract_id>/remove")
def remove_contract(reference: str, contract_id: int):
    contract = db.session.get(PhaseContract, contract_id) or abort(404)
    need, phase = _phase_of_plan(reference, contract.phase_id)
    if attempt(lambda: services.remove_contract(contract, current_user), REFUSALS).ok:
        flash(_("The contract is removed."), "success")
    return _back(need.reference, phase.number, "contracts")


@bp.post(f"{PHASE}/criteria")
def set_criteria(reference: str, number: int):
    need, phase = load_phase(reference, number, manage=True)
    form = CriteriaForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(need.reference, number, "criteria")
    # A row counts when it has a name or a weight; the service refuses a half-filled one.
    rows = [((row.form.name.data or "").strip(), row.form.weight.data or 0)
            for row in form.rows.entries
            if (row.form.name.data or "").strip() or row.form.weight.data]
    if attempt(lambda: services.set_criteria(phase, rows, current_user), REFUSALS).ok:
        flash(_("The criteria are saved."), "success")
    return _back(need.reference, number, "criteria")


@bp.post(f"{PHASE}/evaluators")
def add_evaluator(reference: str, number: int):
    need, phase = load_phase(reference, number, manage=True)
    form = _evaluator_form()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(need.reference, number, "evaluators")
    user = db.session.get(User, form.user.data) or abort(404)
    if attempt(lambda: services.assign_evaluator(phase, user, current_user), REFUSALS).ok:
        flash(_("%(name)s evaluates the phase.", name=user.name), "success")
    return _back(need.reference, number, "evaluators")


@bp.post("/needs/<reference>/pcp/evaluators/<id:evaluator_id>/remove")
def remove_evaluator(reference: str, evaluator_id: int):
    evaluator = db.session.get(Evaluator, evaluator_id) or abort(404)
    need, phase = _phase_of_plan(reference, evaluator.phase_id)
    if attempt(lambda: services.unassign_evaluator(evaluator, current_user), REFUSALS).ok:
        flash(_("The evaluator is taken off the phase."), "success")
    return _back(need.reference, phase.number, "evaluators")


@bp.route(f"{PHASE}/evaluation", methods=["GET", "POST"])
def evaluation(reference: str, number: int):
    """An evaluator's own page: the declaration first, then the scores."""
    need, phase = load_phase(reference, number)
    if not services.is_evaluator(phase, current_user):
        abort(403)
    declarations = services.declarations_of(phase, current_user)
    form = DeclarationForm()
    form.conflicts.choices = [SelectChoice(c.organisation_id, c.organisation.name)
                             for c in phase.contracts]
    status = 200
    if declarations and request.method == "POST":
        flash(REFUSALS.text("already_declared"), "error")
        return redirect(request.path, code=303)
    if request.method == "POST":
        if form.validate_on_submit():
            chosen = set(form.conflicts.data or [])
            if attempt(lambda: services.declare(
                    phase, current_user, {c.organisation_id: c.organisation_id in chosen
                                          for c in phase.contracts},
                    form.note.data or ""), REFUSALS).ok:
                flash(_("Your declaration is recorded."), "success")
                return redirect(request.path, code=303)
        status = 400
    return render_template("pcp/evaluation.html", need=need, phase=phase, form=form,
                           declarations=declarations,
                           scores=services.scores_of(phase, current_user),
                           score_forms={o: _score_form(phase, current_user, o)
                                        for o, d in declarations.items() if not d.conflict}
                           ), status


def _score_form(phase, user, organisation_id, formdata=None) -> ScoreForm:
    existing = services.scores_of(phase, user)
    rows = [{"criterion_id": str(c.id),
             "score": existing[(organisation_id, c.id)].score
             if (organisation_id, c.id) in existing else None,
             "justification": existing[(organisation_id, c.id)].justification
             if (organisation_id, c.id) in existing else ""} for c in phase.criteria]
    form = ScoreForm(formdata=formdata, data={"rows": rows}, prefix=f"org{organisation_id}")
    # A row is the criterion at its position, whatever the browser sent: pad or cut the
    # rows to the criteria, and take the ids from the database, never from the form.
    while len(form.rows.entries) < len(phase.criteria):
        form.rows.append_entry()
    del form.rows.entries[len(phase.criteria):]
    for entry, criterion in zip(form.rows.entries, phase.criteria):
        entry.form.criterion_id.data = str(criterion.id)
    return form


@bp.post(f"{PHASE}/evaluation/<id:organisation_id>")
def score(reference: str, number: int, organisation_id: int):
    need, phase = load_phase(reference, number)
    if not services.is_evaluator(phase, current_user):
        abort(403)
    if organisation_id not in {c.organisation_id for c in phase.contracts}:
        abort(404)
    form = _score_form(phase, current_user, organisation_id, formdata=request.form)
    by_criterion = {str(c.id): c.id for c in phase.criteria}
    if form.validate_on_submit():
        given = {by_criterion[row.form.criterion_id.data]:
                 (row.form.score.data, row.form.justification.data or "")
                 for row in form.rows.entries if row.form.criterion_id.data in by_criterion}
        if attempt(lambda: services.save_scores(phase, current_user, organisation_id, given),
                   REFUSALS).ok:
            flash(_("Your scores are saved."), "success")
            return redirect(url_for("pcp.evaluation", reference=need.reference, number=number,
                                    _anchor=f"supplier-{organisation_id}"), code=303)
    declarations = services.declarations_of(phase, current_user)
    forms = {o: _score_form(phase, current_user, o) for o, d in declarations.items()
             if not d.conflict}
    forms[organisation_id] = form
    return render_template("pcp/evaluation.html", need=need, phase=phase,
                           form=DeclarationForm(), declarations=declarations,
                           scores=services.scores_of(phase, current_user),
                           score_forms=forms), 400


@bp.post(f"{PHASE}/gate")
def gate(reference: str, number: int):
    need, phase = load_phase(reference, number, manage=True)
    form = _gate_form(phase)
    corrects = None
    if (form.corrects.data or "").isdecimal() and form.corrects.data.isascii():
        if int(form.corrects.data) > MAX_ID:
            abort(404)
        corrects = db.session.get(GateDecision, int(form.corrects.data))
        if corrects is None or corrects.phase_id != phase.id:
            abort(404)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(need.reference, number, "gate")
    if attempt(lambda: services.decide_gate(
            phase, form.selected.data or [], reasons=form.reasons.data,
            decided_on=form.decided_on.data, actor=current_user, today=city_today(),
            corrects=corrects), REFUSALS).ok:
        flash(_("The gate decision is recorded."), "success")
    return _back(need.reference, number, "gate")

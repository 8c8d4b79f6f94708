"""PCP pages: the plan and its pictures, the phases, evaluation and gates, and the
suppliers' own contracts and results."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import suppliers_only
from procure.core.errors import HiddenFromOthers
from procure.core.refusals import attempt
from procure.errors import CONFLICT
from procure.extensions import db
from procure.i18n import current_language
from procure.needs.loading import load_need
from procure.pcp import bp, pictures, rules, services
from procure.pcp.forms import FollowOnForm, PlanForm
from procure.pcp.messages import finding_text
from procure.pcp.models import PhaseContract
from procure.pcp.pages import city_today, flash_form_errors, load_plan
from procure.pcp.refusals import REFUSALS
from procure.pcp.statement import rights_rows
from procure.pcp.vocabulary import PHASES, STATE_LABELS


@bp.get("/needs/<reference>/pcp")
def overview(reference: str):
    need = load_need(reference)
    plan = services.plan_of(need)
    managing = services.can_manage(current_user, need)
    if plan is None:
        return render_template("pcp/overview.html", need=need, plan=None, managing=managing)
    language = current_language()
    figures = services.phase_figures(plan, language)
    findings = rules.check_plan(services.plan_facts(plan))
    return render_template(
        "pcp/overview.html", need=need, plan=plan, managing=managing,
        findings=[(f, finding_text(f)) for f in findings],
        rights=rights_rows(plan, language),
        views=[services.phase_view(phase) for phase in plan.phases],
        timeline=pictures.timeline(figures, language, city_today()),
        funnel=pictures.funnel(figures, language),
        budget=pictures.budget_chart(figures, language),
        follow_on_form=FollowOnForm(data={"title": plan.follow_on_title,
                                          "url": plan.follow_on_url,
                                          "published": plan.follow_on_published}))


def _phase_values(form: PlanForm) -> list[dict]:
    return [{"number": number, **{name: entry.form[name].data
                                  for name in services.PHASE_FIELDS}}
            for number, entry in zip(PHASES, form.phases.entries)]


@bp.route("/needs/<reference>/pcp/plan", methods=["GET", "POST"])
def edit_plan(reference: str):
    need = load_need(reference)
    if not services.can_manage(current_user, need):
        abort(403)
    plan = services.plan_of(need)
    if request.method == "GET":
        data = {"total_budget_sek": need.estimated_value_sek, "supplies_percent": 0,
                "phases": [{} for _ in PHASES]}
        if plan is not None:
            data = {"total_budget_sek": plan.total_budget_sek,
                    "supplies_percent": plan.supplies_percent,
                    "lock_version": str(plan.lock_version), **services.rights_of(plan),
                    "phases": [{name: getattr(p, name) for name in services.PHASE_FIELDS}
                               for p in plan.phases]}
        form = PlanForm(data=data)
        return render_template("pcp/plan.html", need=need, form=form, broken=[])
    form = PlanForm()
    broken, status = [], 400
    if form.validate_on_submit():
        version = form.lock_version.data or ""
        # A plan created by a request that came first is a save since this form was read.
        done = attempt(lambda: services.save_plan(
            need, total_budget_sek=form.total_budget_sek.data,
            supplies_percent=form.supplies_percent.data, phases=_phase_values(form),
            rights={name: form[name].data for name in services.RIGHTS_FIELDS},
            expected_version=int(version) if version.isdecimal() and version.isascii()
            else None, actor=current_user), REFUSALS)
        if done.ok:
            flash(_("The PCP plan is saved."), "success")
            return redirect(url_for("pcp.overview", reference=need.reference), code=303)
        broken = [finding_text(f) for f in getattr(done.refused, "findings", [])]
        status = done.status
        if done.code == CONFLICT:
            # The next save is based on what is saved now (the page keeps this input).
            latest = services.plan_of(need)
            form.lock_version.data = str(latest.lock_version) if latest else ""
    return render_template("pcp/plan.html", need=need, form=form, broken=broken), status


@bp.post("/needs/<reference>/pcp/follow-on")
def follow_on(reference: str):
    need, plan = load_plan(reference, manage=True)
    form = FollowOnForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: services.set_follow_on(
            plan, title=form.title.data, url=form.url.data or "",
            published=form.published.data, actor=current_user), REFUSALS).ok:
        flash(_("The follow-on procurement is linked."), "success")
    return redirect(url_for("pcp.overview", reference=need.reference, _anchor="follow-on"),
                    code=303)


@bp.get("/pcp/contracts")
@suppliers_only
def my_contracts():
    """The supplier's own PCP contracts, deliverables and results."""
    return render_template("pcp/my_contracts.html",
                           results=services.supplier_results(current_user.organisation_id))


@bp.get("/pcp/contracts/<id:contract_id>")
@suppliers_only
def my_contract(contract_id: int):
    contract = db.session.get(PhaseContract, contract_id)
    if contract is None:
        abort(404)
    if contract.organisation_id != current_user.organisation_id:
        raise HiddenFromOthers(contract)  # another company's contract is not for its eyes
    result = next(r for r in services.supplier_results(current_user.organisation_id)
                  if r.contract.id == contract.id)
    return render_template("pcp/my_contract.html", result=result)



@bp.app_template_filter("pcp_phase_name")
def pcp_phase_name(number: int) -> str:
    return pictures.phase_name(number, current_language())


@bp.app_template_filter("pcp_phase_state")
def pcp_phase_state(state: str) -> str:
    label = STATE_LABELS.get(state)
    return _(label) if label else state

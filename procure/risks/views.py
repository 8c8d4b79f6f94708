"""A need's risks: the register, adding one and editing one."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.extensions import db
from procure.i18n import current_language
from procure.needs.views import load_need
from procure.risks import bp, services
from procure.risks.forms import RiskForm
from procure.risks.models import Risk
from procure.risks.scoring import level_label


def _form(risk: Risk | None = None) -> RiskForm:
    form = RiskForm(obj=risk, data=None if risk else {"owner": current_user.id})
    if risk is not None and not form.is_submitted():
        form.owner.data = risk.owner_id
    form.owner.choices = services.owner_choices()
    return form


def _values(form: RiskForm) -> services.RiskInput:
    return services.RiskInput(
        description=form.description.data, likelihood=form.likelihood.data,
        impact=form.impact.data, owner_id=form.owner.data, mitigation=form.mitigation.data or "",
        status=form.status.data, review_on=form.review_on.data)


def _refusal(code: str) -> str:
    return {"owner": _("The owner must be a member of staff."),
            "description_required": _("Please fill in this field.")}.get(
        code, _("Choose a value from 1 to 5."))


@bp.route("/<reference>/risks", methods=["GET", "POST"])
def risk_list(reference: str):
    need = load_need(reference)
    can_change = services.can_change(current_user, need)
    form = _form()
    status = 200
    if form.is_submitted():
        if not can_change:
            abort(403)
        if form.validate():
            try:
                services.add_risk(need, _values(form), current_user)
            except services.RiskRefused as error:
                db.session.rollback()
                form.owner.errors = [_refusal(error.code)]
            else:
                db.session.commit()
                flash(_("The risk is added."), "success")
                return redirect(url_for("risks.risk_list", reference=need.reference), code=303)
        status = 400
    return render_template("risks/list.html", need=need, risks=services.risks_of(need),
                           form=form, can_change=can_change,
                           today=services.need_services.city_date(services.utcnow())), status


@bp.route("/<reference>/risks/<id:risk_id>/edit", methods=["GET", "POST"])
def edit_risk(reference: str, risk_id: int):
    need = load_need(reference)
    risk = db.session.get(Risk, risk_id)
    if risk is None or risk.need_id != need.id:
        abort(404)
    if not services.can_change(current_user, need):
        abort(403)
    form = _form(risk)
    if form.validate_on_submit():
        try:
            services.update_risk(risk, _values(form), current_user)
        except services.RiskRefused as error:
            db.session.rollback()
            form.owner.errors = [_refusal(error.code)]
        else:
            db.session.commit()
            flash(_("The risk is saved."), "success")
            return redirect(url_for("risks.risk_list", reference=need.reference), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("risks/edit.html", need=need, risk=risk, form=form), status


@bp.app_template_filter("risk_level")
def risk_level(key: str) -> str:
    return level_label(key, current_language())


@bp.app_template_filter("risk_status")
def risk_status(key: str) -> str:
    return {"open": _("Open"), "mitigating": _("Being mitigated"),
            "closed": _("Closed")}.get(key, key)


@bp.app_template_global("highest_open_risk")
def highest_open_risk(need):
    return services.highest_open_risk(need)

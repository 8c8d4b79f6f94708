"""The follow-up page of a need: targets, measurements with charts, and the decision."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.core.refusals import NO_TEXTS, attempt
from procure.errors import CONFLICT
from procure.extensions import db
from procure.followup import bp, services
from procure.followup.figures import outcome_chart
from procure.followup.forms import DecisionForm, MeasurementForm, PublicationForm, TargetForm
from procure.followup.progress import STANDINGS
from procure.followup.units import UNITS
from procure.i18n import current_language
from procure.needs.views import load_need


def _refusal(code: str) -> str:
    return {
        "not_allowed": _("That is not possible for this need now."),
        "outcome": _("Choose an outcome."),
        "unit": _("Choose a unit."),
        "outside_unit": _("The value is outside what the indicator's unit allows."),
        "target_moves": _("The target must differ from the baseline."),
        "no_target": _("Give the outcome its target first."),
        "before_contract": _("That date is before the contract was signed."),
        "future": _("That date has not come yet."),
        "source": _("Please fill in this field."),
        "decision": _("Choose a decision."),
        "scale_count": _("Say to how many it was scaled."),
        "scale_unit": _("Say whether units, sites or users."),
        "lessons": _("Please fill in this field."),
    }.get(code, _("That is not possible for this need now."))


def _refused(form, done, default_field: str) -> int:
    """Put a refused change's reason by its field (a save by someone else in between is
    said above the form); the status to answer with."""
    if done.code == CONFLICT:
        flash(NO_TEXTS.text(CONFLICT), "error")
    else:
        field = getattr(done.refused, "field", None) or default_field
        getattr(form, field).errors = [_refusal(done.code)]
    return done.status


def _target_form(row, formdata=None) -> TargetForm:
    target = row.target
    form = TargetForm(formdata=formdata, prefix=f"o{row.outcome.id}",
                      obj=target, meta={"csrf": formdata is not None})
    form.unit.choices = [(key, _(unit.label)) for key, unit in UNITS.items()]
    return form


def _measurement_form(rows) -> MeasurementForm:
    form = MeasurementForm()
    form.outcome.choices = [(row.outcome.id, f"{row.number}. {row.outcome.description[:80]}")
                            for row in rows if row.target is not None]
    return form


def _charts(need, rows):
    language = current_language()
    start = services.contract_start(need)
    return {row.outcome.id: outcome_chart(
        f"{row.number}. {row.outcome.description[:60]}", row.target.unit,
        row.target.baseline_value, row.target.target_value, start,
        [(m.measured_on, m.value) for m in row.measurements], language)
        for row in rows if row.target is not None and row.measurements}


def _page(need, rows=None, target_forms=None, measurement_form=None, status=200):
    rows = rows if rows is not None else services.follow_up(need)
    forms = {row.outcome.id: _target_form(row) for row in rows}
    forms.update(target_forms or {})
    return render_template(
        "followup/show.html", need=need, rows=rows, target_forms=forms,
        measurement_form=measurement_form or _measurement_form(rows),
        charts=_charts(need, rows), start=services.contract_start(need),
        decision=services.decision_of(need), can_change=services.can_change(current_user, need),
        target_states=services.TARGET_STATES, publication_form=PublicationForm()), status


@bp.get("/<reference>/follow-up")
def show(reference: str):
    return _page(load_need(reference))


def _changeable(reference: str):
    need = load_need(reference)
    if not services.can_change(current_user, need):
        abort(403)
    return need


@bp.post("/<reference>/follow-up/outcomes/<id:outcome_id>/target")
def set_target(reference: str, outcome_id: int):
    from flask import request

    need = _changeable(reference)
    rows = services.follow_up(need)
    row = next((r for r in rows if r.outcome.id == outcome_id), None)
    if row is None:
        abort(404)
    form = _target_form(row, formdata=request.form)
    status = 400
    if form.validate():
        values = services.TargetInput(
            unit=form.unit.data, baseline_value=form.baseline_value.data,
            target_value=form.target_value.data, target_on=form.target_on.data)
        # A first target racing another (a double click) meets its unique key and is run
        # again, now changing that target, as a later save would.
        done = attempt(lambda: services.set_target(need, outcome_id, values, current_user),
                       None, flash_refusal=False)
        if done.ok:
            flash(_("The target is saved."), "success")
            return redirect(url_for("followup.show", reference=need.reference)
                            + f"#outcome-{outcome_id}", code=303)
        status = _refused(form, done, "unit")
        rows = services.follow_up(need)
    return _page(need, rows, target_forms={outcome_id: form}, status=status)


@bp.post("/<reference>/follow-up/measurements")
def add_measurement(reference: str):
    need = _changeable(reference)
    rows = services.follow_up(need)
    form = _measurement_form(rows)
    if form.validate_on_submit():
        try:
            services.add_measurement(need, form.outcome.data, services.MeasurementInput(
                measured_on=form.measured_on.data, value=form.value.data,
                source=form.source.data, comment=form.comment.data or ""), current_user)
        except services.FollowUpRefused as error:
            db.session.rollback()
            getattr(form, error.field or "outcome").errors = [_refusal(error.code)]
        else:
            db.session.commit()
            flash(_("The measurement is saved."), "success")
            return redirect(url_for("followup.show", reference=need.reference), code=303)
    return _page(need, rows, measurement_form=form, status=400)


@bp.route("/<reference>/follow-up/decision", methods=["GET", "POST"])
def decision(reference: str):
    need = _changeable(reference)
    if need.status != "contracted":
        flash(_("The decision closes a contracted need."), "info")
        return redirect(url_for("followup.show", reference=need.reference), code=303)
    form = DecisionForm()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        values = services.DecisionInput(
            decision=form.decision.data, lessons=form.lessons.data,
            decided_on=form.decided_on.data, scale_count=form.scale_count.data,
            scale_unit=form.scale_unit.data or None)
        # Two decisions at once: the second meets the first's unique key (or the need's
        # version) and finds the need closed, as a later click would.
        done = attempt(lambda: services.decide(need, values, current_user), None,
                       flash_refusal=False)
        if done.ok:
            flash(_("The need is closed with its decision."), "success")
            return redirect(url_for("followup.show", reference=need.reference), code=303)
        if need.status != "contracted":
            flash(_("The decision closes a contracted need."), "info")
            return redirect(url_for("followup.show", reference=need.reference), code=303)
        status = _refused(form, done, "decision")
    return render_template("followup/decision.html", need=need, form=form,
                           rows=services.follow_up(need)), status


@bp.post("/<reference>/follow-up/publication")
def publication(reference: str):
    need = _changeable(reference)
    form = PublicationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_published(need, form.publish.data == "1", current_user)
    except services.FollowUpRefused:
        db.session.rollback()
        flash(_("Only a closed need with its decision can be published."), "error")
        return redirect(url_for("followup.show", reference=need.reference), code=303)
    db.session.commit()
    flash(_("The case is published in the case library.") if form.publish.data == "1"
          else _("The case is taken out of the case library."), "success")
    return redirect(url_for("followup.show", reference=need.reference), code=303)


@bp.app_template_filter("standing")
def standing_label(key: str) -> str:
    return _(STANDINGS[key]) if key in STANDINGS else key


@bp.app_template_filter("unit_label")
def unit_label(key: str) -> str:
    return _(UNITS[key].label) if key in UNITS else key


@bp.app_template_filter("decision_label")
def decision_label(key: str) -> str:
    return {"scaled": _("Scaled"), "continued": _("Continued as it is"),
            "stopped": _("Stopped")}.get(key, key)


@bp.app_template_filter("scale_unit")
def scale_unit_label(key: str) -> str:
    return {"units": _("units"), "sites": _("sites"), "users": _("users")}.get(key, key)


@bp.app_template_filter("number")
def number_filter(value) -> str:
    """A measured value as people write it: 1 250,5 in Swedish, 1,250.5 in English."""
    from babel.numbers import format_decimal

    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.####", locale=current_language())

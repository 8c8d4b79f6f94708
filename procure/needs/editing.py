"""Editing a need section by section, with conflicts detected rather than overwritten."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from procure.auth.models import User
from procure.cpv import services as cpv
from procure.cpv.codes import split_codes
from procure.extensions import db
from procure.i18n import current_language
from procure.needs import bp, forms, lifecycle, services
from procure.needs.adviser import ROUTES, route_name
from procure.needs.revisions import compare
from procure.needs.views import advice_for, load_need


class FieldProblem(Exception):
    """A value the form accepted but the need cannot take (an unknown CPV code...)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


# --- one small editor per section: how to fill its form, how to apply it -------------

def _officer_choices(need):
    officers = db.session.execute(
        db.select(User).where(User.department_id == need.department_id,
                              User.role.in_(("officer", "admin")), User.is_enabled.is_(True))
        .order_by(User.name)).scalars().all()
    return [SelectChoice(person.id, person.name) for person in officers]


def _basics(need, form=None):
    if form is None:
        form = forms.BasicsForm(data={"title": need.title, "language": need.language,
                                      "officer": need.officer_id, "timeline": need.timeline,
                                      "estimated_value_sek": need.estimated_value_sek})
    form.officer.choices = _officer_choices(need)
    return form


def _apply_basics(need, form):
    if form.officer.data not in {choice.value for choice in form.officer.choices}:
        raise FieldProblem(form.officer, _("Choose an officer of the department."))
    need.title = form.title.data.strip()
    need.language = form.language.data
    need.officer_id = form.officer.data
    need.estimated_value_sek = form.estimated_value_sek.data
    need.timeline = (form.timeline.data or "").strip()


def _description(need, form=None):
    return form or forms.DescriptionForm(
        data={name: getattr(need, name) for name in services.TEXT_SECTIONS})


def _apply_description(need, form):
    for name in services.TEXT_SECTIONS:
        setattr(need, name, (form[name].data or "").strip())


def _outcomes(need, form=None):
    if form is None:
        rows = [{"position": number, "description": o.description, "indicator": o.indicator,
                 "baseline": o.baseline, "target": o.target, "when": o.when}
                for number, o in enumerate(need.outcomes, 1)]
        form = forms.OutcomesForm(data={"rows": rows + [{}]})
    return form


def _apply_outcomes(need, form):
    services.replace_outcomes(need, [
        {key: row[key].data or "" for key in forms.OutcomeRow.text_fields}
        for row in form.kept_rows()])


def _requirements(need, form=None):
    if form is None:
        numbers = {o.id: n for n, o in enumerate(need.outcomes, 1)}
        rows = [{"position": n, "text": r.text, "must": "must" if r.must else "should",
                 "outcomes": [numbers[o.id] for o in r.outcomes if o.id in numbers]}
                for n, r in enumerate(need.requirements, 1)]
        form = forms.RequirementsForm(data={"rows": rows + [{}]})
    choices = [SelectChoice(n, _("Outcome %(number)d: %(text)s", number=n,
                                 text=_shorten(o.description)))
               for n, o in enumerate(need.outcomes, 1)]
    for row in form.rows:
        row.form.outcomes.choices = choices
    return form


def _apply_requirements(need, form):
    services.replace_requirements(need, [
        {"text": row.text.data or "", "must": row.must.data == "must",
         "outcomes": row.outcomes.data or []} for row in form.kept_rows()])


def _cpv(need, form=None):
    return form or forms.CpvForm(data={
        "cpv_main": need.cpv_main or "",
        "cpv_additional": "\n".join(c.code for c in need.additional_cpv)})


def _apply_cpv(need, form):
    main = split_codes(form.cpv_main.data or "")
    if len(main) > 1:
        raise FieldProblem(form.cpv_main, _("Give one main code; put the others below."))
    additional = split_codes(form.cpv_additional.data or "")
    for field, codes in ((form.cpv_main, main), (form.cpv_additional, additional)):
        unknown = cpv.validate_codes(codes)
        if unknown:
            raise FieldProblem(field, _("Not in the CPV list: %(codes)s",
                                        codes=", ".join(unknown)))
    services.set_cpv_codes(need, main[0] if main else None, additional)


def _procedure(need, form=None):
    if form is None:
        form = forms.ProcedureForm(data={
            "solution_exists": forms.tri_state(need.solution_exists),
            "development_needed": forms.tri_state(need.development_needed),
            "will_buy_result": forms.tri_state(need.will_buy_result),
            "contract_kind": need.contract_kind, "procedure": need.procedure or "",
            "procedure_reason": need.procedure_reason})
    language = current_language()
    form.procedure.choices = [SelectChoice("", _("Not chosen yet"))] + [
        SelectChoice(key, route_name(key, language)) for key in ROUTES]
    return form


def _apply_procedure(need, form):
    for name in ("solution_exists", "development_needed", "will_buy_result"):
        setattr(need, name, forms.from_tri_state(form[name].data))
    need.contract_kind = form.contract_kind.data
    need.procedure = form.procedure.data or None
    need.procedure_reason = (form.procedure_reason.data or "").strip()


# section -> (form class, fill the form from the need, apply the form to the need)
EDITORS = {
    "basics": (forms.BasicsForm, _basics, _apply_basics),
    "description": (forms.DescriptionForm, _description, _apply_description),
    "outcomes": (forms.OutcomesForm, _outcomes, _apply_outcomes),
    "requirements": (forms.RequirementsForm, _requirements, _apply_requirements),
    "cpv": (forms.CpvForm, _cpv, _apply_cpv),
    "procedure": (forms.ProcedureForm, _procedure, _apply_procedure),
}


def _shorten(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _form_buttons(section, form):
    """Buttons that change the form without saving it. True when one was pressed."""
    if section in ("outcomes", "requirements") and "add_row" in request.form:
        form.rows.append_entry()
        return True
    if section == "cpv" and "add_code" in request.form:
        code = request.form["add_code"]
        if not (form.cpv_main.data or "").strip():
            form.cpv_main.data = code
        elif code not in split_codes(form.cpv_additional.data or ""):
            form.cpv_additional.data = ((form.cpv_additional.data or "").rstrip() + "\n" + code).strip()
        return True
    return section == "cpv" and "search" in request.form


def _render(need, section, form, status=200, conflict=None):
    results = []
    if section == "cpv" and (form.cpv_query.data or "").strip():
        results = cpv.search_codes(form.cpv_query.data, current_language())
    advice = advice_for(need, current_language()) if section == "procedure" else None
    return render_template(f"needs/edit_{section}.html", need=need, form=form,
                           section=section, results=results, advice=advice,
                           conflict=conflict), status


@bp.route("/<reference>/edit/<section>", methods=["GET", "POST"])
def edit(reference: str, section: str):
    need = load_need(reference)
    if section not in EDITORS:
        abort(404)
    if not services.can_edit(current_user, need):
        abort(403)
    if not lifecycle.is_editable(need.status):
        flash(_("Only a draft can be changed. Reopen the need as a new version to change it."),
              "error")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    form_class, make_form, apply = EDITORS[section]
    if request.method == "GET":
        form = make_form(need)
        form.lock_version.data = str(need.lock_version)
        return _render(need, section, form)

    form = make_form(need, form_class())
    if _form_buttons(section, form):
        return _render(need, section, form)
    if not form.validate():
        return _render(need, section, form, 400)
    try:
        services.begin_save(need, int(form.lock_version.data))
        apply(need, form)
        services.finish_save(need, current_user, section)
    except services.EditConflict as conflict:
        db.session.rollback()
        changes = compare(conflict.base.content if conflict.base else {},
                          conflict.current.content)
        # Resubmitting this form now saves it over the other change, knowingly.
        form.lock_version.data = str(conflict.current.number)
        return _render(need, section, form, 409, conflict=(conflict.current, changes))
    except FieldProblem as problem:
        db.session.rollback()
        problem.field.errors = list(problem.field.errors) + [problem.message]
        return _render(need, section, form, 400)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("needs.show", reference=need.reference, _anchor=section), code=303)


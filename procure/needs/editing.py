"""Editing a need section by section, with conflicts detected rather than overwritten.

Each section has a form, a way to fill it from the need, and a way to read its values;
:mod:`procure.needs.sections` checks and applies them.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from procure.auth.models import User
from procure.core.refusals import attempt
from procure.cpv import services as cpv
from procure.cpv.codes import split_codes
from procure.errors import CONFLICT
from procure.extensions import db
from procure.i18n import current_language
from procure.needs import bp, forms, lifecycle, sections, services
from procure.needs.adviser import route_name
from procure.needs.loading import advice_for, load_need
from procure.needs.refusals import REFUSALS
from procure.needs.revisions import compare
from procure.needs.vocabulary import PROCEDURES

# --- filling each section's form from the need ----------------------------------------

def _officer_choices(need):
    officers = db.session.execute(
        db.select(User).where(User.department_id == need.department_id,
                              User.role.in_(("officer", "admin")), User.is_enabled.is_(True))
        .order_by(User.name)).scalars().all()
    return [SelectChoice(person.id, person.name) for person in officers]


def _basics(need, form=None):
    form = form or forms.BasicsForm(data={
        "title": need.title, "language": need.language, "officer": need.officer_id,
        "case_number": need.case_number,
        "timeline": need.timeline, "estimated_value_sek": need.estimated_value_sek})
    form.officer.choices = _officer_choices(need)
    return form


def _description(need, form=None):
    return form or forms.DescriptionForm(
        data={name: getattr(need, name) for name in services.TEXT_SECTIONS})


def _outcomes(need, form=None):
    if form is None:
        rows = [{"outcome_id": str(o.id), "position": number, "description": o.description,
                 "indicator": o.indicator, "baseline": o.baseline, "target": o.target,
                 "when": o.when}
                for number, o in enumerate(need.outcomes, 1)]
        form = forms.OutcomesForm(data={"rows": forms.with_blank_row(rows, forms.MAX_OUTCOMES)})
    return form


def _requirements(need, form=None):
    if form is None:
        numbers = {o.id: n for n, o in enumerate(need.outcomes, 1)}
        rows = [{"position": n, "text": r.text, "must": "must" if r.must else "should",
                 "outcomes": [numbers[o.id] for o in r.outcomes if o.id in numbers]}
                for n, r in enumerate(need.requirements, 1)]
        form = forms.RequirementsForm(
            data={"rows": forms.with_blank_row(rows, forms.MAX_REQUIREMENTS)})
    choices = [SelectChoice(n, _("Outcome %(number)d: %(text)s", number=n,
                                 text=_shorten(o.description)))
               for n, o in enumerate(need.outcomes, 1)]
    for row in form.rows:
        row.form.outcomes.choices = choices
    return form


def _cpv(need, form=None):
    return form or forms.CpvForm(data={
        "cpv_main": need.cpv_main or "",
        "cpv_additional": "\n".join(c.code for c in need.additional_cpv)})


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
        SelectChoice(key, route_name(key, language)) for key in PROCEDURES]
    return form


# --- reading each section's values from its form ---------------------------------------

def _basics_values(form):
    return {"title": form.title.data, "language": form.language.data,
            "officer_id": form.officer.data, "timeline": form.timeline.data or "",
            "case_number": form.case_number.data or "",
            "estimated_value_sek": form.estimated_value_sek.data}


def _description_values(form):
    return {name: form[name].data or "" for name in services.TEXT_SECTIONS}


def _outcomes_values(form):
    return {"rows": [{"id": row.outcome_id.data or "",
                      **{key: row[key].data or "" for key in forms.OutcomeRow.text_fields}}
                     for row in form.kept_rows()]}


def _requirements_values(form):
    return {"rows": [{"text": row.text.data or "", "must": row.must.data == "must",
                      "outcomes": row.outcomes.data or []} for row in form.kept_rows()]}


def _cpv_values(form):
    return {"main": split_codes(form.cpv_main.data or ""),
            "additional": split_codes(form.cpv_additional.data or "")}


def _procedure_values(form):
    return {"solution_exists": forms.from_tri_state(form.solution_exists.data),
            "development_needed": forms.from_tri_state(form.development_needed.data),
            "will_buy_result": forms.from_tri_state(form.will_buy_result.data),
            "contract_kind": form.contract_kind.data, "procedure": form.procedure.data or None,
            "procedure_reason": form.procedure_reason.data or ""}


# section -> (form class, fill the form from the need, read the form's values)
EDITORS = {
    "basics": (forms.BasicsForm, _basics, _basics_values),
    "description": (forms.DescriptionForm, _description, _description_values),
    "outcomes": (forms.OutcomesForm, _outcomes, _outcomes_values),
    "requirements": (forms.RequirementsForm, _requirements, _requirements_values),
    "cpv": (forms.CpvForm, _cpv, _cpv_values),
    "procedure": (forms.ProcedureForm, _procedure, _procedure_values),
}


def _shorten(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _form_buttons(section, form):
    """Buttons that change the form without saving it. True when one was pressed."""
    if section in ("outcomes", "requirements") and "add_row" in request.form:
        if len(form.rows) < form.rows.max_entries:
            form.rows.append_entry()
        else:
            form.rows.errors = [_("At most %(max)d rows.", max=form.rows.max_entries)]
        return True
    if section == "cpv" and "add_code" in request.form:
        code = request.form["add_code"]
        if not (form.cpv_main.data or "").strip():
            form.cpv_main.data = code
        elif code not in split_codes(form.cpv_additional.data or ""):
            form.cpv_additional.data = f"{(form.cpv_additional.data or '').rstrip()}\n{code}".strip()
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
    form_class, make_form, read_values = EDITORS[section]
    if request.method == "GET":
        form = make_form(need)
        form.lock_version.data = str(need.lock_version)
        return _render(need, section, form)

    form = make_form(need, form_class())
    if _form_buttons(section, form):
        # Fill again: a row just added needs its choices (the outcomes to tie it to).
        return _render(need, section, make_form(need, form))
    if not form.validate():
        return _render(need, section, form, 400)
    expected = int(form.lock_version.data)
    done = attempt(lambda: sections.save_section(
        need, section, read_values(form), expected_lock_version=expected, actor=current_user),
        REFUSALS, flash_refusal=False)
    if done.code == CONFLICT:
        # Not an EditConflict: another save landed between our check and our write.
        conflict = done.refused if isinstance(done.refused, services.EditConflict) else \
            services.conflict_since(need, expected)
        changes = compare(conflict.base.content if conflict.base else {},
                          conflict.current.content, need.language)
        # Sending this form again now saves it over the other change, knowingly.
        form.lock_version.data = str(conflict.current.number)
        return _render(need, section, form, 409, conflict=(conflict.current, changes))
    if not done.ok:
        field_name = getattr(done.refused, "field", None)
        field = form[field_name] if field_name in form else form.lock_version
        field.errors = list(field.errors) + [REFUSALS.text(done.refused)]
        return _render(need, section, form, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("needs.show", reference=need.reference, _anchor=section), code=303)

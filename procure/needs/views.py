"""The need list, a new need, the need page, status steps and the history."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import load_only

from procure.core.navigation import int_arg
from procure.core.pagination import paginate
from procure.departments import services as departments
from procure.departments.models import Department
from procure.extensions import db
from procure.i18n import current_language
from procure.needs import bp, labels, lifecycle, queries, services
from procure.needs.adviser import AdviserAnswers, Thresholds, advise, route_name
from procure.needs.forms import NewNeedForm, StatusForm
from procure.needs.language_check import check_need
from procure.needs.models import Need, NeedRevision
from procure.needs.revisions import compare


def load_need(reference: str) -> Need:
    """The need, or 404 when it does not exist or the user may not know of it."""
    need = queries.by_reference(reference)
    if need is None or not services.can_view(current_user, need):
        abort(404)
    return need


def thresholds() -> Thresholds:
    config = current_app.config
    return Thresholds(
        direct_award_limit_sek=config["DIRECT_AWARD_LIMIT_SEK"],
        eu_supplies_services_sek=config["EU_THRESHOLD_SUPPLIES_SERVICES_SEK"],
        eu_works_sek=config["EU_THRESHOLD_WORKS_SEK"],
        eu_social_services_sek=config["EU_THRESHOLD_SOCIAL_SEK"],
    )


def advice_for(need: Need, language: str):
    answers = AdviserAnswers(
        estimated_value_sek=need.estimated_value_sek, cpv_codes=tuple(need.cpv_codes),
        solution_exists=need.solution_exists, development_needed=need.development_needed,
        will_buy_result=need.will_buy_result, contract_kind=need.contract_kind)
    return advise(answers, thresholds(), language)


@bp.get("/")
def need_list():
    filters = queries.NeedFilters(
        department_id=int_arg("department"),
        status=request.args.get("status") if request.args.get("status") in lifecycle.STATES else None,
        cpv_division=(request.args.get("division") or "")[:2] or None,
        text=(request.args.get("q") or "")[:200],
    )
    # Only the columns a row shows: a need's texts are most of its size.
    rows = queries.need_list(filters).options(load_only(
        Need.reference, Need.title, Need.language, Need.department_id, Need.status,
        Need.estimated_value_sek))
    pagination = paginate(rows, page=int_arg("page", 1),
                          per_page=current_app.config["PAGE_SIZE"])
    choices = departments.department_choices(current_language())
    return render_template("needs/list.html", pagination=pagination, filters=filters,
                           departments=choices, states=lifecycle.STATES,
                           department_names={c.value: c.label for c in choices})


@bp.route("/new", methods=["GET", "POST"])
def new_need():
    form = NewNeedForm()
    if current_user.is_admin:
        form.department.choices = departments.department_choices(current_language())
    else:
        del form.department
    if form.validate_on_submit():
        department = current_user.department
        if current_user.is_admin and form.department.data:
            department = db.session.get(Department, form.department.data) or department
        need = services.create_need(title=form.title.data, department=department,
                                    officer=current_user, language=form.language.data,
                                    actor=current_user)
        db.session.commit()
        flash(_("Need %(reference)s is created. Describe the problem section by section.",
                reference=need.reference), "success")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("needs/new.html", form=form), status


@bp.get("/<reference>")
def show(reference: str, status_form: StatusForm | None = None, status: int = 200):
    need = load_need(reference)
    document = services.to_document(need, services.cpv_labels(need))
    findings = check_need(document)
    can_edit = services.can_edit(current_user, need)
    advice = advice_for(need, current_language())
    # The chosen route, when the adviser finds that it does not fit (a pilot over the
    # direct-award limit...): shown as a warning next to the choice.
    unfit_choice = next((r for r in advice if r.key == need.procedure and not r.fits), None)
    return render_template("needs/show.html", need=need, document=document, findings=findings,
                           advice=advice, unfit_choice=unfit_choice, can_edit=can_edit,
                           steps=services.available_steps(current_user, need),
                           status_form=status_form or StatusForm(),
                           editable=can_edit and lifecycle.is_editable(need.status)), status


@bp.post("/<reference>/status")
def change_status(reference: str):
    need = load_need(reference)
    if not services.can_edit(current_user, need):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        # A comment past its limit (or no step chosen): the page again, the comment kept.
        return show(reference, status_form=form, status=400)
    try:
        services.change_status(need, form.target.data, current_user, form.comment.data or "",
                               by_hand=True)
    except (lifecycle.LifecycleError, services.NeedError) as error:
        db.session.rollback()
        flash(_step_refused_message(error), "error")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    db.session.commit()
    flash(_("The need is now: %(status)s.", status=status_label(need.status)), "success")
    return redirect(url_for("needs.show", reference=need.reference), code=303)


def _step_refused_message(error) -> str:
    if error.code == "second_person":
        return _("You wrote this need: another officer must approve it.")
    if error.code == "reason_required":
        return _("Say why in the comment: withdrawing ends the need for good.")
    if error.code == "incomplete":
        parts = ", ".join(labels.field_label(name) for name in error.detail.split(","))
        return _("Before review, the need needs: %(parts)s.", parts=parts)
    return _("That step is not possible from here.")


@bp.get("/<reference>/history")
def history(reference: str):
    need = load_need(reference)
    revisions = db.session.execute(
        db.select(NeedRevision).filter_by(need_id=need.id).order_by(NeedRevision.number.desc())
    ).scalars().all()
    return render_template("needs/history.html", need=need, revisions=revisions)


@bp.get("/<reference>/history/compare")
def compare_revisions(reference: str):
    need = load_need(reference)
    first = services.revision(need, int_arg("a", 0))
    second = services.revision(need, int_arg("b", 0))
    if first is None or second is None:
        abort(404)
    if first.number > second.number:
        first, second = second, first
    return render_template("needs/compare.html", need=need, first=first, second=second,
                           changes=compare(first.content, second.content, need.language))


@bp.app_template_filter("need_status")
def status_label(status: str) -> str:
    """A lifecycle state in the user's language."""
    return str(labels.STATUS_LABELS.get(status, status))


bp.add_app_template_global(labels.field_label, "field_label")


@bp.app_template_global("route_label")
def route_label(key: str) -> str:
    """A procedure route's name in the user's language."""
    return route_name(key, current_language())

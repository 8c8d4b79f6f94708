"""The need list, a new need, the need page, status steps and the history."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import load_only

from procure.core.navigation import int_arg
from procure.core.pagination import paginate
from procure.core.refusals import attempt
from procure.departments import services as departments
from procure.departments.models import Department
from procure.extensions import db
from procure.i18n import current_language
from procure.needs import bp, labels, lifecycle, outline, queries, services, vocabulary
from procure.needs.adviser import route_name
from procure.needs.check_views import submit_page, withdraw_page
from procure.needs.forms import AdviserQuestions, NewNeedForm, StatusForm, tri_state
from procure.needs.loading import load_need
from procure.needs.models import Need, NeedRevision
from procure.needs.page_part import page_part, read_statement
from procure.needs.progress import section_progress
from procure.needs.refusals import REFUSALS
from procure.needs.revisions import compare


# The forms of the steps that record something (a lifecycle Transition's ``records``),
# by what they record: the endpoint of a page that takes a need's ``reference``. Filled
# by the factory (procure.register_step_forms) from the domains that keep the records.
STEP_FORMS: dict[str, str] = {}


def step_form_url(need: Need, transition: lifecycle.Transition) -> str | None:
    """Where the step is taken instead of the plain status form, if anywhere."""
    endpoint = STEP_FORMS.get(transition.records or "")
    return url_for(endpoint, reference=need.reference) if endpoint else None


bp.add_app_template_global(step_form_url, "step_form_url")


def adviser_questions(need: Need) -> tuple[AdviserQuestions, bool]:
    """The adviser's GET form, and whether it holds answers being tried (not saved)."""
    prefix = "ask-"
    trying = any(key.startswith(prefix) for key in request.args)
    saved = {name: tri_state(getattr(need, name)) for name in
             ("solution_exists", "development_needed", "will_buy_result")}
    form = AdviserQuestions(formdata=request.args if trying else None, prefix=prefix,
                            data=saved)
    for name in saved:  # an odd value in the address reads as "don't know"
        field = getattr(form, name)
        if field.data not in ("yes", "no", "unknown"):
            field.data = "unknown"
    return form, trying


@bp.get("/")
def need_list():
    filters = queries.NeedFilters(
        department_id=int_arg("department"),
        status=request.args.get("status") if request.args.get("status") in vocabulary.STATES else None,
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
                           departments=choices, states=vocabulary.STATES,
                           department_names=choices.names)


@bp.route("/new", methods=["GET", "POST"])
def new_need():
    form = NewNeedForm()
    if current_user.is_admin:
        form.department.choices = list(departments.department_choices(current_language()))
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
    can_edit = services.can_edit(current_user, need)
    editable = can_edit and lifecycle.is_editable(need.status)
    questions, trying = adviser_questions(need)
    # A need being written shows its progress, section by section, from the statement
    # and its findings: read once for the page. Otherwise only a missing part reads them.
    statement = read_statement(need) if need.status in vocabulary.UNAPPROVED_STATES else None
    part = page_part(need, can_edit, questions, trying, statement)
    return render_template("needs/show.html", need=need, can_edit=can_edit, editable=editable,
                           page_part=Markup(part),  # nosec B704 # rendered by Jinja, signed
                           progress=statement and section_progress(*statement),
                           missing=statement and lifecycle.missing_before_review(statement[0]),
                           steps=services.available_steps(current_user, need),
                           status_form=status_form or StatusForm()), status


@bp.post("/<reference>/status")
def change_status(reference: str):
    need = load_need(reference)
    if not services.can_edit(current_user, need):
        abort(403)
    form = StatusForm()
    withdrawing = form.target.data == "withdrawn"
    if not form.validate_on_submit():
        # A comment past its limit (or no step chosen): the page again, the comment kept.
        if withdrawing:
            return withdraw_page(need, form, 400)
        if form.target.data == "in_review":  # sent from the check page: back to it
            return submit_page(need, form, 400)
        if form.target.errors:  # no step at all: said at the top (a draft has no step form)
            flash(form.target.errors[0], "error")
        return show(reference, status_form=form, status=400)
    if withdrawing and not (form.comment.data or "").strip():
        # Withdrawing is confirmed on its own page, which asks for the reason again.
        form.comment.errors = [_("Say why the need is withdrawn.")]
        return withdraw_page(need, form, 400)
    step = next((t for t in services.available_steps(current_user, need)
                 if t.target == form.target.data), None)
    if step is not None and step_form_url(need, step):
        # This step records something (the tender, the award): taken on its own form.
        return redirect(step_form_url(need, step), code=303)
    if not attempt(lambda: services.change_status(need, form.target.data, current_user,
                                                  form.comment.data or "", by_hand=True),
                   REFUSALS).ok:
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    flash(_("The need is now: %(status)s.", status=status_label(need.status)), "success")
    return redirect(url_for("needs.show", reference=need.reference), code=303)


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
    return vocabulary.status_label(status, current_language())


# Templates ask the vocabulary too ("need.status in need_vocabulary.DIALOGUE_STATES").
bp.add_app_template_global(vocabulary, "need_vocabulary")


bp.add_app_template_global(labels.field_label, "field_label")
# The free-text fields of a need in statement order, e.g. text_fields("description").
bp.add_app_template_global(outline.text_fields, "text_fields")


@bp.app_template_global("route_label")
def route_label(key: str) -> str:
    """A procedure route's name in the user's language."""
    return route_name(key, current_language())

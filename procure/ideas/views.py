"""The idea form (public), the officers' list and page, support, comments and triage."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from procure.auth.access import public
from procure.core.links import public_url
from procure.core.navigation import int_arg
from procure.core.refusals import attempt
from procure.core.pagination import paginate
from procure.departments import services as departments
from procure.extensions import db, limiter
from procure.i18n import current_language
from procure.ideas import bp, lifecycle, services
from procure.ideas.forms import CommentForm, IdeaForm, TriageForm
from procure.ideas.lifecycle import IdeaRefused
from procure.ideas.models import Idea, IdeaComment
from procure.needs.models import Need


def _idea_limit() -> str:
    return current_app.config["IDEA_RATE_LIMIT"]


@bp.route("/new", methods=["GET", "POST"])
@public
@limiter.limit(_idea_limit, methods=["POST"])
def new_idea():
    """Anyone sends in a problem or an idea; no account, nothing asked but the idea."""
    form = IdeaForm()
    form.department.choices = [("", _("I don't know"))] + [
        (str(c.value), c.label) for c in departments.department_choices(current_language())]
    if form.validate_on_submit():
        submission = services.Submission(
            title=form.title.data, problem=form.problem.data, affected=form.affected.data or "",
            frequency=form.frequency.data or "", suggestion=form.suggestion.data or "",
            contact=form.contact.data or "", department_id=form.department_id())
        try:
            idea = services.submit_idea(submission, current_user)
        except IdeaRefused:
            db.session.rollback()
            form.title.errors = [_("This idea has already been sent in, word for word: it is "
                                   "not stored twice.")]
        else:
            db.session.commit()
            flash(_("Thank you: your idea is received. Keep this page's address to see what "
                    "the city decides."), "success")
            return redirect(url_for("ideas.status", token=idea.token), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("ideas/new.html", form=form), status


@bp.get("/status/<token>")
@public
def status(token: str):
    """The submitter's view: the idea, where it stands and the reason; no staff comments."""
    idea = services.by_token(token)
    if idea is None:
        abort(404)
    # Written out on the page, so it can be copied: it is the only way back.
    return render_template("ideas/status.html", idea=idea,
                           address=public_url("ideas.status", token=token))


@bp.get("/")
def idea_list():
    wanted = request.args.get("status")
    pagination = paginate(
        services.idea_list(wanted if wanted in lifecycle.STATES else None,
                           int_arg("department")),
        page=int_arg("page", 1), per_page=current_app.config["PAGE_SIZE"])
    return render_template("ideas/list.html", pagination=pagination, states=lifecycle.STATES,
                           selected_status=wanted, selected_department=int_arg("department"),
                           departments=departments.department_choices(current_language()))


def _load_idea(idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        abort(404)
    return idea


@bp.get("/<id:idea_id>")
def show(idea_id: int, comment_form=None, triage_form=None, status_code=200):
    # The comments with their authors in one statement, not one per comment.
    idea = db.session.execute(db.select(Idea).filter_by(id=idea_id).options(
        selectinload(Idea.comments).joinedload(IdeaComment.author))).scalar_one_or_none()
    if idea is None:
        abort(404)
    return render_template(
        "ideas/show.html", idea=idea, steps=lifecycle.transitions_from(idea.status),
        comment_form=comment_form or CommentForm(), triage_form=triage_form or TriageForm(),
        supported=services.supported_by(idea, current_user)), status_code


@bp.post("/<id:idea_id>/support")
def support(idea_id: int):
    idea = _load_idea(idea_id)
    # A double click: the second vote meets the first's unique key and is run again,
    # finding the vote there, as if it had come after.
    done = attempt(lambda: services.support(idea, current_user), None, flash_refusal=False)
    if not done.ok:
        flash(_("The idea is decided: support is closed."), "error")
    else:
        flash(_("You support this idea.") if done.value else
              _("You already support this idea: one vote per person."),
              "success" if done.value else "info")
    return redirect(url_for("ideas.show", idea_id=idea_id), code=303)


@bp.post("/<id:idea_id>/comments")
def add_comment(idea_id: int):
    idea = _load_idea(idea_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return show(idea_id, comment_form=form, status_code=400)
    services.comment(idea, current_user, form.body.data)
    db.session.commit()
    flash(_("Your comment is saved."), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id) + "#comments", code=303)


def _refusal(code: str) -> str:
    return {
        "not_allowed": _("That step is not possible from here."),
        "reason_required": _("Say why: the submitter reads the reason."),
        "merge_target_required": _("Give the idea number or the need reference to merge into."),
        "merge_target_unknown": _("There is no other idea or need by that number."),
        "merge_target_merged": _("That idea is itself merged: merge into where it went."),
        "department_required": _("Neither the idea nor you have a department: the need needs "
                                 "one."),
    }.get(code, _("That step is not possible from here."))


@bp.post("/<id:idea_id>/triage")
def triage(idea_id: int):
    idea = _load_idea(idea_id)
    form = TriageForm()
    if not form.validate_on_submit():
        return show(idea_id, triage_form=form, status_code=400)
    decision = services.Decision(target=form.target.data, reason=form.reason.data or "",
                                 merge_into=form.merge_into.data or "",
                                 language=form.language.data or current_language())
    try:
        result = services.decide(idea, decision, current_user)
        db.session.commit()
    except IdeaRefused as error:
        db.session.rollback()
        form.reason.errors = [_refusal(error.code)] if error.code == "reason_required" else []
        if error.code != "reason_required":
            flash(_refusal(error.code), "error")
        return show(idea_id, triage_form=form, status_code=400)
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone decided this idea at the same time: here is what it is now."), "info")
        return redirect(url_for("ideas.show", idea_id=idea_id), code=303)
    if isinstance(result, Need) and idea.need_id == result.id:
        flash(_("The idea is accepted: need %(reference)s is drafted from it.",
                reference=result.reference), "success")
        return redirect(url_for("needs.show", reference=result.reference), code=303)
    flash(_("The idea is now: %(status)s.", status=idea_status(idea.status)), "success")
    return redirect(url_for("ideas.show", idea_id=idea.id), code=303)


@bp.app_template_filter("idea_status")
def idea_status(state: str) -> str:
    return {
        "submitted": _("Submitted"), "under_review": _("Under review"),
        "accepted": _("Accepted"), "declined": _("Declined"), "merged": _("Merged"),
    }.get(state, state)


@bp.app_template_global("ideas_of_need")
def ideas_of_need(need: Need) -> dict:
    """The idea a need was made from and the ideas merged into it (for the need page)."""
    return services.ideas_behind(need)

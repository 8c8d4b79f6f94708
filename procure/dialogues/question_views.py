"""Questions answered to all, information shared with all, and the equal-treatment log."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import suppliers_only
from procure.auth.limits import per_user, question_limit
from procure.core.refusals import attempt
from procure.dialogues import bp, messages
from procure.dialogues.forms import AnswerForm, InformationForm, QuestionForm
from procure.dialogues.models import Dialogue, Question
from procure.dialogues.pages import (
    load_managed,
    load_visible,
    own_registration,
)
from procure.dialogues.refusals import REFUSALS
from procure.dialogues.views import show_page
from procure.extensions import db, limiter


@bp.post("/dialogues/<id:dialogue_id>/questions")
@suppliers_only
@limiter.limit(question_limit, key_func=per_user)
def ask(dialogue_id: int):
    dialogue = load_visible(dialogue_id)
    registration = own_registration(dialogue)
    if registration is None:
        flash(_("Register your company for the dialogue first."), "error")
        return _to_questions(dialogue)
    form = QuestionForm()
    if not form.validate_on_submit():
        return show_page(dialogue, False, 400, question_form=form)
    done = attempt(lambda: messages.ask(dialogue, registration, form.question.data,
                                        current_user), REFUSALS)
    if not done.ok:
        return show_page(dialogue, False, done.status, question_form=form)
    flash(_("Your question is sent. The answer will be published to every registered "
            "company, without your company's name."), "success")
    return _to_questions(dialogue)


def _to_questions(dialogue):
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id, _anchor="questions"),
                    code=303)


@bp.route("/dialogues/questions/<id:question_id>/answer", methods=["GET", "POST"])
def answer(question_id: int):
    question = db.session.get(Question, question_id) or abort(404)
    dialogue = load_managed(question.dialogue_id)
    form = AnswerForm() if request.method == "POST" else AnswerForm(
        data={"public_question": question.text})
    if question.answer_id is None and form.validate_on_submit():
        if attempt(lambda: messages.answer(question, form.public_question.data,
                                           form.answer.data, current_user), REFUSALS).ok:
            flash(_("The question and the answer are published to every registered "
                    "company."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id,
                                    _anchor="published"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/answer.html", form=form, dialogue=dialogue,
                           question=question), status


@bp.route("/dialogues/<id:dialogue_id>/information", methods=["GET", "POST"])
def information(dialogue_id: int):
    dialogue = load_managed(dialogue_id)
    form = InformationForm()
    if form.validate_on_submit():
        if attempt(lambda: messages.publish_information(dialogue, form.body.data,
                                                        current_user), REFUSALS).ok:
            flash(_("The information is published to every registered company."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id,
                                    _anchor="published"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/information.html", form=form, dialogue=dialogue), status


@bp.get("/dialogues/<id:dialogue_id>/log")
def equal_treatment_log(dialogue_id: int):
    """Everything published to suppliers, when and to how many: for officers and admins."""
    dialogue = db.session.get(Dialogue, dialogue_id) or abort(404)
    return render_template("dialogues/log.html", dialogue=dialogue,
                           entries=messages.equal_treatment_log(dialogue))

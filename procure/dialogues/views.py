"""Market dialogues: a dialogue's page (public once published, with each visitor's own
parts), a supplier's registration, and the officers' pages (the public listing, feed
and API are in public_views)."""
from __future__ import annotations

import json

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from procure.auth.access import suppliers_only
from procure.core.access import public
from procure.core.refusals import attempt
from procure.core.shared_answers import per_person, shared_text, unchanged_or
from procure.db import utcnow
from procure.dialogues import bp, changes, lifecycle, messages, services, slots, vocabulary
from procure.dialogues.forms import (
    DialogueForm,
    QuestionForm,
    RegistrationForm,
    SlotForm,
)
from procure.dialogues.models import Dialogue
from procure.dialogues.pages import (
    city_timezone,
    load_managed,
    load_visible,
    own_registration,
)
from procure.dialogues.refusals import REFUSALS
from procure.dialogues.vocabulary import KINDS, STATUS_LABELS
from procure.extensions import db
from procure.formatting import format_value_range, from_city_time, to_city_time
from procure.needs.loading import load_need
from procure.needs.services import to_document
from procure.needs.statement import public_document
from procure.needs.vocabulary import DIALOGUE_STATES

DEADLINES = ("registration_deadline", "questions_deadline", "input_deadline")


@bp.get("/dialogues/<id:dialogue_id>")
@public
def show(dialogue_id: int):
    if not per_person():
        # The public part is the same for every anonymous visitor: kept briefly, in a
        # layout rendered for each.
        page = json.loads(shared_text(lambda: _public_page(dialogue_id), dialogue_id))
        return unchanged_or(_in_layout(page["title"], page["content"]))
    dialogue = load_visible(dialogue_id)
    can_manage = current_user.is_authenticated and services.can_manage(current_user,
                                                                       dialogue.need)
    return show_page(dialogue, can_manage)


def _public_page(dialogue_id: int) -> str:
    dialogue = load_visible(dialogue_id)
    return json.dumps({"title": dialogue.title, "content": _show_content(dialogue, False)})


def _in_layout(title: str, content: str):
    return render_template("dialogues/show.html", title=title,
                           content=Markup(content))  # nosec B704 # rendered by Jinja


def show_page(dialogue, can_manage, status=200, **forms):
    """The dialogue as the current person may see it: the public part for everyone, the
    organisation's own part for a registered supplier, everything for its officers."""
    return _in_layout(dialogue.title, _show_content(dialogue, can_manage, **forms)), status


def _show_content(dialogue, can_manage, **forms) -> str:
    registration = own_registration(dialogue)
    taking_part = registration is not None or can_manage
    now = utcnow()
    about = about_the_need(dialogue)
    context = {
        "dialogue": dialogue, "can_manage": can_manage, "now": now, "about": about,
        "about_value": format_value_range(about.estimated_value_sek, about.language)
        if about and about.estimated_value_sek is not None else "",
        "own_registration": registration,
        "registration_form": forms.get("registration_form") or RegistrationForm(),
        "registration_open": dialogue.status == "published"
        and now <= dialogue.registration_deadline,
        "questions_open": dialogue.status == "published" and now <= dialogue.questions_deadline,
        "input_open": dialogue.status == "published" and now <= dialogue.input_deadline,
        "slots": slots.slots_of(dialogue) if dialogue.kind_entry.books_meetings else [],
        # Published answers and information: for those taking part.
        "published": messages.messages_of(dialogue) if taking_part else [],
        "question_form": forms.get("question_form") or QuestionForm(),
        # What changed since the market was first told: for everyone who reads it.
        "told_changes": changes.changes_of(dialogue) if services.is_public(dialogue) else [],
        "describe_changes": changes.describe,
    }
    if registration is not None:
        context["own_bookings"] = {b.slot_id: b for b in slots.live_bookings(registration)}
        context["own_questions"] = messages.questions_of(dialogue, registration)
    if can_manage:
        context.update(
            steps=lifecycle.transitions_from(dialogue.status),
            registrations=services.active_registrations(dialogue),
            bookings=slots.bookings_of(dialogue),
            questions=messages.questions_of(dialogue),
            awaiting_sharing=services.minutes_awaiting_sharing(dialogue),
            slot_form=forms.get("slot_form") or SlotForm())
    return render_template("dialogues/_show_content.html", **context)


def about_the_need(dialogue):
    """What the dialogue page tells about its need: the approved statement the market
    reads once the dialogue is public; the need as it stands while it is a draft."""
    if services.is_public(dialogue):
        return public_document(dialogue.need, sections=False)
    return to_document(dialogue.need)


@bp.post("/dialogues/<id:dialogue_id>/registration")
@suppliers_only
def register(dialogue_id: int):
    dialogue = load_visible(dialogue_id)
    form = RegistrationForm()
    if not form.validate_on_submit():
        return show_page(dialogue, False, 400, registration_form=form)
    # A registration made by a request that came first reads as one made before.
    done = attempt(lambda: services.register(dialogue, current_user, form.attendees.data),
                   REFUSALS, collision="already_registered")
    if not done.ok:
        return show_page(dialogue, False, done.status, registration_form=form)
    flash(_("Your company is registered for the dialogue."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)


@bp.post("/dialogues/<id:dialogue_id>/registration/cancel")
@suppliers_only
def cancel_registration(dialogue_id: int):
    dialogue = load_visible(dialogue_id)
    registration = services.registration_of(dialogue, current_user.organisation_id)
    if registration is None or not registration.is_active:
        abort(404)
    if attempt(lambda: slots.withdraw(registration, current_user), REFUSALS).ok:
        flash(_("Your company's registration is withdrawn."), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)


def _values(form: DialogueForm) -> dict:
    values = {name: form[name].data for name in services.FIELDS if name not in DEADLINES}
    values.update({name: from_city_time(form[name].data, city_timezone()) for name in DEADLINES})
    values["title"] = values["title"].strip()
    values["case_number"] = (values.get("case_number") or "").strip()
    return values


@bp.route("/needs/<reference>/dialogues/new", methods=["GET", "POST"])
def new_dialogue(reference: str):
    need = load_need(reference)
    if not services.can_manage(current_user, need):
        abort(403)
    if need.status not in DIALOGUE_STATES:
        flash(REFUSALS.text("need_not_approved"), "error")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    data = None if request.method == "POST" else {
        "kind": "request_for_information", "title": need.title,
        "description": need.problem}
    form = DialogueForm(data=data)
    if form.validate_on_submit():
        done = attempt(lambda: services.create_dialogue(need, _values(form), current_user),
                       REFUSALS)
        if done.ok:
            flash(_("The dialogue is saved as a draft."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=done.value.id), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/edit.html", form=form, need=need, dialogue=None), status


@bp.route("/dialogues/<id:dialogue_id>/edit", methods=["GET", "POST"])
def edit_dialogue(dialogue_id: int):
    dialogue = load_managed(dialogue_id)
    if request.method == "GET":
        data = {name: getattr(dialogue, name) for name in services.FIELDS}
        data.update({name: to_city_time(getattr(dialogue, name), city_timezone())
                     for name in DEADLINES})
        form = DialogueForm(data={**data, "lock_version": str(dialogue.lock_version)})
        return render_template("dialogues/edit.html", form=form, need=dialogue.need,
                               dialogue=dialogue)
    form = DialogueForm()
    status = 400
    if form.validate_on_submit():
        version = form.lock_version.data or ""
        done = attempt(lambda: services.update_dialogue(
            dialogue, _values(form), actor=current_user,
            expected_version=int(version) if version.isdecimal() and version.isascii() else -1),
            REFUSALS)
        status = done.status
        if done.ok:
            flash(_("The dialogue is saved."), "success")
            return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)
    return render_template("dialogues/edit.html", form=form, need=dialogue.need,
                           dialogue=dialogue), status


@bp.post("/dialogues/<id:dialogue_id>/status")
def change_status(dialogue_id: int):
    dialogue = load_managed(dialogue_id)
    if attempt(lambda: services.change_status(dialogue, request.form.get("target", ""),
                                              current_user), REFUSALS).ok:
        if dialogue.status == "published":
            flash(ngettext("The dialogue is published; %(num)d organisation whose interests "
                           "match was alerted.",
                           "The dialogue is published; %(num)d organisations whose interests "
                           "match were alerted.", dialogue.alerted_on_publish), "success")
        else:
            flash(_("The dialogue is now: %(status)s.",
                    status=dialogue_status(dialogue.status)), "success")
    return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)


@bp.get("/dialogues/<id:dialogue_id>/publish")
def check_publish(dialogue_id: int):
    """Check before publishing: what the public will read, and how many organisations
    are alerted; one button publishes."""
    dialogue = load_managed(dialogue_id)
    if "published" not in {t.target for t in lifecycle.transitions_from(dialogue.status)}:
        flash(_("That step is not possible from here."), "error")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)
    need = dialogue.need
    return render_template("dialogues/check_publish.html", dialogue=dialogue, need=need,
                           alerted=services.alerted_if_published(dialogue),
                           need_ready=need.status in DIALOGUE_STATES,
                           enters_dialogue=need.status == "approved",
                           deadline_passed=min(dialogue.registration_deadline,
                                               dialogue.questions_deadline,
                                               dialogue.input_deadline) <= utcnow(),
                           mail=bool(current_app.config["MAIL_SERVER"]))


# The steps that end a dialogue: each confirmed on a page of its own first.
ENDING_STEPS = {"close": "closed", "cancel": "cancelled"}


@bp.get("/dialogues/<id:dialogue_id>/confirm/<step>")
def confirm_step(dialogue_id: int, step: str):
    """What closing or cancelling will do, and who is told, before it is done."""
    dialogue = load_managed(dialogue_id)
    target = ENDING_STEPS.get(step)
    if target is None:
        abort(404)
    if target not in {t.target for t in lifecycle.transitions_from(dialogue.status)}:
        flash(_("That step is not possible from here."), "error")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)
    registered = len(services.active_registrations(dialogue))
    return render_template("dialogues/confirm_step.html", dialogue=dialogue, step=step,
                           target=target, registered=registered)


# Templates ask the vocabulary too ("dialogue.status in dialogue_vocabulary.EDITABLE_STATES").
bp.add_app_template_global(vocabulary, "dialogue_vocabulary")


@bp.app_template_filter("dialogue_status")
def dialogue_status(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return _(label) if label else status


@bp.app_template_filter("dialogue_kind")
def dialogue_kind(kind: str) -> str:
    """A kind of dialogue's name, the one its form choice shows."""
    entry = KINDS.get(kind)
    return _(entry.choice) if entry else kind


@bp.app_template_global("dialogues_of")
def dialogues_of(need) -> list[Dialogue]:
    """A need's dialogues, for its page."""
    return list(db.session.execute(db.select(Dialogue).filter_by(need_id=need.id)
                                   .order_by(Dialogue.id)).scalars())


def need_page_tracks(need_id) -> list[tuple]:
    """What :func:`dialogues_of` shows on the need page, as tracks of its kept part
    (``procure.needs.page_part``)."""
    return [(Dialogue.__table__, Dialogue.need_id == need_id,
             [Dialogue.id, Dialogue.title, Dialogue.status])]

"""Market dialogues: the public listing, feed and API, and the officers' pages."""
from __future__ import annotations

import json
from xml.etree import ElementTree as ET  # nosec B405 # builds the Atom feed, parses nothing

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import contains_eager, load_only

from procure.auth.access import suppliers_only
from procure.core.access import public
from procure.core.links import public_url
from procure.core.navigation import int_arg
from procure.core.pagination import paginate
from procure.core.refusals import attempt
from procure.core.shared_answers import per_person, shared_text, unchanged_or
from procure.core.request_text import without_untypable
from procure.db import utcnow
from procure.departments import services as departments
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
from procure.i18n import current_language
from procure.needs.models import Need
from procure.needs.loading import load_need
from procure.needs.services import to_document
from procure.needs.statement import public_document
from procure.needs.vocabulary import DIALOGUE_STATES

DEADLINES = ("registration_deadline", "questions_deadline", "input_deadline")


def _filters() -> services.PublicFilters:
    """The public filters as the request gives them; a value that is not one is ignored."""
    division = (request.args.get("division") or "")[:2]
    return services.PublicFilters(
        cpv_division=division if division.isdecimal() else None,
        department_id=int_arg("department"),
        kind=request.args.get("kind") if request.args.get("kind") in KINDS else None,
        include_past=request.args.get("past") == "1")


def _arguments(filters: services.PublicFilters) -> dict[str, str | int]:
    """The query arguments that ask for ``filters``: what the answer depends on, never
    what else an address carried."""
    arguments = {"division": filters.cpv_division, "department": filters.department_id,
                 "kind": filters.kind, "past": "1" if filters.include_past else None}
    return {name: value for name, value in arguments.items() if value}


@bp.get("/dialogues/")
@public
def listing():
    # The list is the same for every anonymous visitor: kept briefly, inside a layout
    # rendered for each (its forms carry the visitor's own CSRF token).
    filters, page = _filters(), int_arg("page", 1)
    content = shared_text(lambda: _listing_content(filters, page), filters, page)
    return unchanged_or(render_template(
        "dialogues/list.html", content=Markup(content)))  # nosec B704 # rendered by Jinja


def _listing_content(filters: services.PublicFilters, page: int) -> str:
    # Only the columns a card shows: descriptions and the needs' texts are most of a row.
    cards = services.public_dialogues(filters).options(
        load_only(Dialogue.title, Dialogue.kind, Dialogue.status,
                  Dialogue.registration_deadline),
        contains_eager(Dialogue.need).load_only(Need.reference, Need.department_id))
    pagination = paginate(cards, page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_template("dialogues/_list_content.html", pagination=pagination,
                           filters=filters, kinds=KINDS,
                           departments=departments.department_choices(current_language()))


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


@bp.get("/dialogues/feed.atom")
@public
def feed():
    """The open dialogues as an Atom feed (RFC 4287)."""
    filters = _filters()
    response = Response(shared_text(lambda: _feed_body(filters), filters),
                        mimetype="application/atom+xml")
    if per_person():
        # In the language a signed-in person or this browser chose: not for shared caches.
        response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    else:
        response.headers["Cache-Control"] = \
            f"public, max-age={current_app.config['FEED_CACHE_SECONDS']}"
    return unchanged_or(response)


def _feed_body(filters: services.PublicFilters) -> str:
    # Plain tags and a literal xmlns: ET's prefix registry is shared by the whole process.
    root = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom")
    dialogues = db.session.execute(services.public_dialogues(filters).limit(100)).scalars().all()
    updated = max((d.published_at for d in dialogues if d.published_at), default=None)
    # Absolute links from PUBLIC_URL, never the Host header (a cache would pass a forged
    # one on to every reader). The filters are part of the feed's identity.
    self_link = public_url("dialogues.feed", **_arguments(filters))
    ET.SubElement(root, "id").text = self_link
    ET.SubElement(root, "title").text = _("Open market dialogues")
    ET.SubElement(root, "updated").text = (updated.isoformat() if updated else
                                           "1970-01-01T00:00:00+00:00")
    ET.SubElement(root, "link", rel="self", href=self_link)
    for dialogue in dialogues:
        entry = ET.SubElement(root, "entry")
        link = public_url("dialogues.show", dialogue_id=dialogue.id)
        ET.SubElement(entry, "id").text = link
        # Text stored before requests were cleaned (or imported) may hold characters XML
        # cannot carry, which would make the whole feed unreadable.
        ET.SubElement(entry, "title").text = without_untypable(dialogue.title)
        ET.SubElement(entry, "updated").text = dialogue.published_at.isoformat()
        ET.SubElement(entry, "link", rel="alternate", href=link)
        ET.SubElement(entry, "summary").text = without_untypable(dialogue.description[:1000])
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = without_untypable(
            dialogue.need.department.name(current_language()))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


@bp.get("/api/v1/dialogues")
@public
def api_list():
    """The open dialogues as JSON, with the same filters as the listing, in pages of
    ``API_PAGE_SIZE``: ``links.next`` continues after the page's last dialogue."""
    try:
        after = services.parse_cursor(request.args.get("after"))
    except ValueError:
        return jsonify(error="after must be a links.next cursor of this API"), 400
    filters = _filters()
    response = Response(shared_text(lambda: _api_page(filters, after), filters, after),
                        mimetype="application/json")
    # The same for everybody: any cache may keep it a minute, and a client that has it
    # gets 304 while it is unchanged.
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return unchanged_or(response)


def _api_page(filters: services.PublicFilters, after) -> str:
    dialogues, cursor = services.public_page(filters, after, services.API_PAGE_SIZE)
    body = {"dialogues": [services.public_view(d) for d in dialogues]}
    if cursor:
        body["links"] = {"next": url_for("dialogues.api_list", after=cursor,
                                         **_arguments(filters))}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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

"""Written input: a supplier's own answers and PDFs; the officers' reading of them all.

A supplier reaches only its own organisation's input and files: anything else answers
404, as if it did not exist.
"""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from procure import uploads
from procure.audit.services import record
from procure.auth.access import suppliers_only
from procure.core.access import public
from procure.core.errors import HiddenFromOthers
from procure.core.refusals import attempt
from procure.dialogues import bp, inputs, receipts, services
from procure.dialogues.forms import InputForm, ReasonForm
from procure.dialogues.models import InputAttachment, WrittenInput
from procure.dialogues.pages import (
    load_managed,
    load_visible,
    own_registration,
)
from procure.dialogues.refusals import REFUSALS
from procure.errors import CONFLICT
from procure.extensions import db


def _limits() -> dict:
    config = current_app.config
    return {"folder": config["UPLOAD_FOLDER"], "max_bytes": config["MAX_ATTACHMENT_BYTES"],
            "max_count": config["MAX_ATTACHMENTS"]}


def _describe_attachments(form: InputForm) -> None:
    limits = _limits()
    form.attachments.description = _(
        "Up to %(count)d PDF files of at most %(size)d MB each.",
        count=limits["max_count"], size=limits["max_bytes"] // (1024 * 1024))


def _chosen_files(form: InputForm) -> list:
    return [f for f in (form.attachments.data or []) if f and f.filename]


@bp.route("/dialogues/<id:dialogue_id>/input", methods=["GET", "POST"])
@suppliers_only
def written_input(dialogue_id: int):
    dialogue = load_visible(dialogue_id)
    registration = own_registration(dialogue)
    if registration is None:
        abort(404)
    current = inputs.input_of(dialogue, registration.organisation_id)
    # On a POST only what was sent counts; a GET shows what is saved.
    form = InputForm() if request.method == "POST" or current is None else InputForm(data={
        "answers": current.answers, "trade_secret": current.trade_secret,
        "secret_parts": current.secret_parts, "secret_harm": current.secret_harm,
        "lock_version": str(current.lock_version)})
    _describe_attachments(form)
    status = 200
    if form.validate_on_submit():
        status = _save(form, dialogue, registration, current)
        if status == 303:
            flash(_("Your input is saved. You can change it until the deadline."), "success")
            return redirect(url_for("dialogues.written_input", dialogue_id=dialogue.id),
                            code=303)
    elif form.is_submitted():
        status = 400
    current = inputs.input_of(dialogue, registration.organisation_id)
    return render_template("dialogues/input.html", form=form, dialogue=dialogue,
                           written=current, open_for_input=_open(dialogue, registration),
                           reads=inputs.reads_of(current) if current else [],
                           max_count=_limits()["max_count"], conflict=status == 409), status


def _open(dialogue, registration) -> bool:
    try:
        inputs.check_open(dialogue, registration)
    except services.DialogueRefused:
        return False
    return True


def _save(form: InputForm, dialogue, registration, current) -> int:
    """Save the text and the new files in one transaction: 303, or the error status.
    Files of a change that did not happen are removed, whatever stopped it."""
    version = form.lock_version.data or ""
    expected = int(version) if version.isdecimal() and version.isascii() else None
    limits = _limits()
    stored: list[str] = []

    def change():
        written = inputs.save_input(
            dialogue, registration, answers=form.answers.data or "",
            trade_secret=form.trade_secret.data, secret_parts=form.secret_parts.data or "",
            secret_harm=form.secret_harm.data or "", actor=current_user,
            expected_version=expected if current is not None else None)
        for upload in _chosen_files(form):
            attachment = inputs.add_attachment(written, upload.stream, upload.filename,
                                               actor=current_user, **limits)
            stored.append(attachment.stored_name)
        # What was received, with every file it now has: mailed to who sent it.
        receipts.mail_input_receipt(written, current_user)

    done = None
    try:
        # A first input saved by a request that came first is a save since this form was
        # read: the same conflict as when it comes second.
        done = attempt(change, REFUSALS, flash_refusal=False)
    finally:
        if done is None or not done.ok:
            for name in stored:
                uploads.remove(limits["folder"], name)
    if done.ok:
        return 303
    message = REFUSALS.text(done.refused)
    if done.code in ("empty", "too_large", "not_pdf", "too_many"):
        form.attachments.errors = [*form.attachments.errors, message]
    else:
        flash(message, "error")
    if done.code == CONFLICT:
        # The next save is based on what is saved now; the form keeps this person's
        # text, and the page shows the other member's beside it.
        latest = inputs.input_of(dialogue, registration.organisation_id)
        form.lock_version.data = str(latest.lock_version) if latest else ""
    return done.status


def _attachment_for_current_user(attachment_id: int) -> InputAttachment:
    """The attachment, if the current person may read it: its own organisation's
    supplier, or an officer running the dialogue. 404 for everyone else."""
    attachment = db.session.get(InputAttachment, attachment_id)
    if attachment is None or not current_user.is_authenticated:
        abort(404)
    written = attachment.written_input
    if current_user.is_supplier:
        if not current_user.is_confirmed_member or \
                current_user.organisation_id != written.organisation_id:
            raise HiddenFromOthers(attachment)
    elif not services.can_manage(current_user, load_visible(written.dialogue_id).need):
        raise HiddenFromOthers(attachment)
    return attachment


@bp.get("/dialogues/attachments/<id:attachment_id>")
@public
def attachment(attachment_id: int):
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    attachment = _attachment_for_current_user(attachment_id)
    written = attachment.written_input
    if current_user.is_staff and not inputs.may_read(
            current_user, written, load_visible(written.dialogue_id)):
        # A file of input marked as a trade secret: need to know, stated first.
        return redirect(url_for("dialogues.reason_to_read", input_id=written.id))
    path = uploads.stored_path(current_app.config["UPLOAD_FOLDER"], attachment.stored_name)
    if not path.exists():
        abort(404)
    record("dialogue.attachment_downloaded", attachment.written_input, actor=current_user,
           attachment=attachment.id)
    db.session.commit()
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=attachment.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/dialogues/attachments/<id:attachment_id>/remove")
@suppliers_only
def remove_attachment(attachment_id: int):
    attachment = _attachment_for_current_user(attachment_id)
    written = attachment.written_input
    dialogue = load_visible(written.dialogue_id)
    try:
        inputs.check_open(dialogue, own_registration(dialogue))
    except services.DialogueRefused as refused:
        flash(REFUSALS.text(refused), "error")
    else:
        stored_name = inputs.remove_attachment(attachment, current_user)
        db.session.commit()
        uploads.remove(current_app.config["UPLOAD_FOLDER"], stored_name)
        flash(_("The attachment is removed."), "success")
    return redirect(url_for("dialogues.written_input", dialogue_id=dialogue.id), code=303)


@bp.get("/dialogues/<id:dialogue_id>/inputs")
def all_inputs(dialogue_id: int):
    """Every organisation's written input, for the officers running the dialogue."""
    dialogue = load_managed(dialogue_id)
    written = inputs.inputs_of(dialogue)
    readable = {item.id for item in written if inputs.may_read(current_user, item, dialogue)}
    page = render_template("dialogues/inputs.html", dialogue=dialogue, inputs=written,
                           readable=readable,
                           reads_directly=inputs.reads_directly(current_user, dialogue))
    # Input may hold trade secrets: who read it, and when, is on the record like a
    # download of its attachments. Recorded after rendering: the commit expires what
    # the page has loaded.
    record("dialogue.inputs_read", dialogue, actor=current_user, inputs=len(written))
    for item in written:
        if item.trade_secret and item.id in readable:
            inputs.record_secret_read(item, current_user)
    db.session.commit()
    return page


@bp.route("/dialogues/inputs/<id:input_id>/reason", methods=["GET", "POST"])
def reason_to_read(input_id: int):
    """Anyone but the running department's officers states why they must read input
    marked as a trade secret before they see it (need to know)."""
    written = db.session.get(WrittenInput, input_id) or abort(404)
    dialogue = load_managed(written.dialogue_id)
    back = url_for("dialogues.all_inputs", dialogue_id=dialogue.id) + f"#input-{written.id}"
    if not written.trade_secret or inputs.reads_directly(current_user, dialogue):
        return redirect(back, code=303)
    form = ReasonForm()
    if form.validate_on_submit():
        inputs.state_reason(written, current_user, form.reason.data)
        db.session.commit()
        return redirect(back, code=303)
    return render_template("dialogues/reason.html", form=form, dialogue=dialogue,
                           written=written), 400 if form.is_submitted() else 200

"""What every dialogue page needs: who may see which dialogue, the supplier's door,
and the plain-language text for each refusal."""
from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from procure.dialogues import services
from procure.dialogues.models import Dialogue, Registration
from procure.extensions import db


def city_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def load_visible(dialogue_id: int) -> Dialogue:
    """A dialogue the current person may read: public ones, and drafts for staff."""
    dialogue = db.session.get(Dialogue, dialogue_id)
    if dialogue is None:
        abort(404)
    if not services.is_public(dialogue) and not (
            current_user.is_authenticated and current_user.is_staff):
        abort(404)  # a draft's existence is none of a supplier's business
    return dialogue


def load_managed(dialogue_id: int) -> Dialogue:
    """A dialogue the current officer runs (403 for other staff)."""
    dialogue = db.session.get(Dialogue, dialogue_id) or abort(404)
    if not services.can_manage(current_user, dialogue.need):
        abort(403)
    return dialogue


def own_registration(dialogue: Dialogue) -> Registration | None:
    """The current supplier's organisation's active registration, if any."""
    if not (current_user.is_authenticated and current_user.is_confirmed_member):
        return None
    registration = services.registration_of(dialogue, current_user.organisation_id)
    return registration if registration and registration.is_active else None


_REFUSALS = {
    "need_not_approved": lambda: _("A market dialogue needs an approved need."),
    "registration_after_input": lambda: _("Registration must close before written input does."),
    "questions_after_input": lambda: _("Questions must close before written input does."),
    "deadline_passed": lambda: _("Every deadline must lie ahead when the dialogue is published."),
    "not_editable": lambda: _("A closed or cancelled dialogue cannot be changed."),
    "conflict": lambda: _("Someone else saved this while you were editing. Your values are "
                          "kept below; compare and save again."),
    "not_open": lambda: _("The dialogue is not open for this."),
    "registration_closed": lambda: _("Registration has closed."),
    "already_registered": lambda: _("Your company is already registered."),
    "not_one_to_one": lambda: _("Only one-to-one dialogues have meeting times."),
    "slot_in_use": lambda: _("Someone has booked this meeting time or waits for it: it "
                             "cannot be removed."),
    "slot_passed": lambda: _("This meeting time has passed."),
    "already_booked": lambda: _("Your company already has this meeting time, or waits for it."),
    "slot_limit": lambda: _("Your company has booked as many meetings as it may."),
    "not_booked": lambda: _("There is no booking to change."),
    "past_cutoff": lambda: _("It is too late to cancel: contact the officer instead."),
    "questions_closed": lambda: _("The time for questions has passed."),
    "already_answered": lambda: _("This question has already been answered."),
    "input_closed": lambda: _("The time for written input has passed."),
    "secret_needs_reason": lambda: _("Say which parts are secret and what harm disclosure "
                                     "would cause."),
    "too_many": lambda: _("No more attachments can be added."),
    "empty": lambda: _("The file is empty."),
    "too_large": lambda: _("The file is too large."),
    "not_pdf": lambda: _("The file is not a PDF."),
    "no_lessons": lambda: _("Write the lessons learnt before the report is final."),
    "names_in_report": lambda: _("The report names a participating company: remove the name "
                                 "from the lessons learnt or the published texts."),
    "names_in_message": lambda: _("The text names a registered company: rewrite it so that "
                                  "nobody can tell who asked or who said it."),
    "already_shared": lambda: _("This meeting's information has already been shared."),
    "minutes_not_shared": lambda: _("A meeting's material information has not been shared "
                                    "with all companies yet."),
}


def refusal(code: str) -> str:
    """The sentence that tells a person why their request was refused."""
    return _REFUSALS[code]()

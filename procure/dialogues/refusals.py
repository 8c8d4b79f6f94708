"""The dialogues' refusal table: why a change to a dialogue, a registration, a booking
or written input was refused, in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.core.refusals import RefusalTexts

REFUSALS = RefusalTexts({
    "not_allowed": _l("That step is not possible from here."),
    "need_not_approved": _l("A market dialogue needs an approved need."),
    "registration_after_input": _l("Registration must close before written input does."),
    "questions_after_input": _l("Questions must close before written input does."),
    "deadline_passed": _l("Every deadline must lie ahead when the dialogue is published."),
    "not_editable": _l("A closed or cancelled dialogue cannot be changed."),
    "not_open": _l("The dialogue is not open for this."),
    "registration_closed": _l("Registration has closed."),
    "already_registered": _l("Your company is already registered."),
    "not_one_to_one": _l("Only one-to-one dialogues have meeting times."),
    "slot_in_use": _l("Someone has booked this meeting time or waits for it: it "
                      "cannot be removed."),
    "slot_passed": _l("This meeting time has passed."),
    "already_booked": _l("Your company already has this meeting time, or waits for it."),
    "slot_limit": _l("Your company has booked as many meetings as it may."),
    "not_booked": _l("There is no booking to change."),
    "past_cutoff": _l("It is too late to cancel: contact the officer instead."),
    "questions_closed": _l("The time for questions has passed."),
    "already_answered": _l("This question has already been answered."),
    "input_closed": _l("The time for written input has passed."),
    "secret_needs_reason": _l("Say which parts are secret and what harm disclosure "
                              "would cause."),
    "too_many": _l("No more attachments can be added."),
    "empty": _l("The file is empty."),
    "too_large": _l("The file is too large."),
    "not_pdf": _l("The file is not a PDF."),
    "no_lessons": _l("Write the lessons learnt before the report is final."),
    "names_in_report": _l("The report names a participating company: remove the name "
                          "from the lessons learnt or the published texts."),
    "names_in_message": _l("The text names a registered company: rewrite it so that "
                           "nobody can tell who asked or who said it."),
    "already_shared": _l("This meeting's information has already been shared."),
    "minutes_not_shared": _l("A meeting's material information has not been shared "
                             "with all companies yet."),
})

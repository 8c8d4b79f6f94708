"""What every dialogue page needs: who may see which dialogue, the supplier's door."""
from __future__ import annotations

from flask import abort, current_app
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

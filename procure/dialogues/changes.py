"""Changing a published dialogue: what the market was told before no longer holds, so
every registered organisation and every organisation whose interests match is told what
changed (old → new), and the change is a line in the equal-treatment log.

Service functions flush; the caller commits. Nothing is told when nothing changed.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from flask_babel import gettext as _

from procure.db import utcnow
from procure.dialogues.alerts import notify
from procure.dialogues.models import Dialogue, DialogueChange, Registration
from procure.dialogues.vocabulary import CHANGE_LABELS, CHANGE_MOMENTS
from procure.extensions import db
from procure.i18n import format_moment
from procure.suppliers.interests import interested_organisations

# The dialogue's own fields a change of is told (meeting times are told by the slots).
TOLD_FIELDS = tuple(name for name in CHANGE_LABELS if name != "meeting_time")
_SHOWN_CHARACTERS = 300  # of a long text, in a mail and in the log


def _stored(value: Any) -> str:
    if isinstance(value, datetime):
        # To the minute, as the form gives it: a deadline saved unchanged is no change.
        return value.astimezone(timezone.utc).replace(second=0, microsecond=0).isoformat()
    return (value or "").strip() if isinstance(value, str) else str(value)


def change(field: str, old: Any, new: Any) -> dict[str, str]:
    """One change as it is kept: moments as ISO 8601 in UTC, texts as they are."""
    if field not in CHANGE_LABELS:
        raise ValueError(f"unknown field {field!r}")
    return {"field": field, "old": _stored(old), "new": _stored(new)}


def differences(dialogue: Dialogue, values: dict[str, Any]) -> list[dict[str, str]]:
    """What ``values`` would change in the told fields of ``dialogue``."""
    found = []
    for name in TOLD_FIELDS:
        if name in values and _stored(getattr(dialogue, name)) != _stored(values[name]):
            found.append(change(name, getattr(dialogue, name), values[name]))
    return found


def _shown(field: str, value: str) -> str:
    if not value:
        return _("(none)")
    if field in CHANGE_MOMENTS:
        return format_moment(datetime.fromisoformat(value))
    value = " ".join(value.split())
    return value if len(value) <= _SHOWN_CHARACTERS else value[:_SHOWN_CHARACTERS] + "…"


def describe(changes: Iterable[dict[str, str]]) -> str:
    """The changes, one a line, in the current language and the city's time:
    "Registration closes: 1 Mar 2027 12:00 → 8 Mar 2027 12:00"."""
    return "\n".join(
        _("%(what)s: %(old)s → %(new)s", what=_(CHANGE_LABELS[item["field"]]),
          old=_shown(item["field"], item["old"]), new=_shown(item["field"], item["new"]))
        for item in changes)


def _told_organisations(dialogue: Dialogue) -> set[int]:
    registered = db.session.execute(
        db.select(Registration.organisation_id)
        .filter_by(dialogue_id=dialogue.id, cancelled_at=None)).scalars()
    interested = db.session.execute(interested_organisations(dialogue.need.cpv_codes)).scalars()
    return set(registered) | set(interested)


def announce(dialogue: Dialogue, changes: list[dict[str, str]], actor,
             now: datetime | None = None) -> DialogueChange | None:
    """Tell the market that the published ``dialogue`` changed; None when it did not
    (or when it is not published: a draft's changes are nobody's business yet)."""
    if not changes or dialogue.status != "published":
        return None
    kept = list(changes)
    row = DialogueChange(dialogue_id=dialogue.id, changed_at=now or utcnow(),
                         changed_by_id=actor.id if actor is not None else None, changes=kept)
    db.session.add(row)
    row.recipients = notify(_told_organisations(dialogue), "dialogue_changed", dialogue,
                            detail=lambda: describe(kept))
    db.session.flush()
    return row


def changes_of(dialogue: Dialogue) -> list[DialogueChange]:
    """The dialogue's told changes, oldest first."""
    return list(db.session.execute(
        db.select(DialogueChange).filter_by(dialogue_id=dialogue.id)
        .order_by(DialogueChange.changed_at, DialogueChange.id)).scalars())

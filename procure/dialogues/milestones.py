"""When a market dialogue that still stands was first published for each need, kept on
the need (``first_dialogue_at``) like the other first steps of
:mod:`procure.needs.milestones`, and for the same reason: the dashboard's share of
tenders that had a dialogue first reads one table.

A cancelled dialogue is as if it never ran, so the column is recomputed whenever a
dialogue is published or its status changes.
"""
from __future__ import annotations

from sqlalchemy import Connection, event, func, inspect, select, update

from procure.dialogues.models import Dialogue
from procure.needs.models import Need


def _first_dialogue(need_id):
    return (select(func.min(Dialogue.published_at))
            .where(Dialogue.need_id == need_id, Dialogue.published_at.is_not(None),
                   Dialogue.status != "cancelled")
            .scalar_subquery())


def backfill(connection: Connection) -> None:
    """Set every need's ``first_dialogue_at`` from its dialogues, in one statement."""
    table = Need.__table__
    # updated_at as it was: the column follows the dialogues, it changes no content.
    connection.execute(update(table).values(first_dialogue_at=_first_dialogue(Need.id),
                                            updated_at=table.c.updated_at))


@event.listens_for(Dialogue, "after_insert")
@event.listens_for(Dialogue, "after_update")
def _dialogue_changed(_mapper, connection: Connection, dialogue: Dialogue) -> None:
    state = inspect(dialogue)
    if state.attrs.status.history.has_changes() or \
            state.attrs.published_at.history.has_changes():
        table = Need.__table__
        connection.execute(update(table).where(table.c.id == dialogue.need_id)
                           .values(first_dialogue_at=_first_dialogue(dialogue.need_id),
                                   updated_at=table.c.updated_at))

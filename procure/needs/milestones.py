"""When each need first reached approval and procurement, kept on the need itself
(``first_approved_at``, ``first_tendered_at``) so that the dashboard's medians and shares
read one table instead of grouping the whole status history. (``first_dialogue_at`` is
kept the same way by :mod:`procure.dialogues.milestones`.)

Each column is what the history says, recomputed in the same transaction whenever a
status change is written. Whatever writes those rows through the ORM (the lifecycle, the
seed, a test) keeps the columns right; writers that bypass it (the data generator's bulk
inserts, a migration) call :func:`backfill` afterwards.
"""
from __future__ import annotations

from sqlalchemy import Connection, event, func, select, update

from procure.needs.models import Need, NeedStatusChange

# status -> the need's column for the first time it was reached.
FIRST_STEPS = {"approved": "first_approved_at", "in_procurement": "first_tendered_at"}


def _first_step(status: str, need_id):
    return (select(func.min(NeedStatusChange.at))
            .where(NeedStatusChange.need_id == need_id, NeedStatusChange.to_status == status)
            .scalar_subquery())


def backfill(connection: Connection) -> None:
    """Set every need's columns from the history, in one statement."""
    table = Need.__table__
    # updated_at as it was: these columns follow the history, they change no content.
    values = {column: _first_step(status, Need.id) for status, column in FIRST_STEPS.items()}
    connection.execute(update(table).values(**values, updated_at=table.c.updated_at))


@event.listens_for(NeedStatusChange, "after_insert")
def _status_changed(_mapper, connection: Connection, change: NeedStatusChange) -> None:
    column = FIRST_STEPS.get(change.to_status)
    if column:
        table = Need.__table__
        connection.execute(update(table).where(table.c.id == change.need_id)
                           .values(**{column: _first_step(change.to_status, change.need_id)},
                                   updated_at=table.c.updated_at))

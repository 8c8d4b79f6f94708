"""Reading the audit trail: filters, pages newest first, and rows for the export.

Pages are cut by id ("keyset" pagination), not by offset: the table only grows, and
it grows while an administrator reads it. A page is "the next N events older than
event X", found through the primary key's index at any depth, and a new event never
shifts an event from one page onto the next. The price: no page numbers and no total
(a ``COUNT(*)`` over the filtered trail would cost as much as reading it), only
"newer" and "older". Ids follow the order events were written, which is the order
that matters for an audit trail; ``occurred_at`` is shown and filtered on.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Select, func

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.extensions import db

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_LIMIT = 100  # of a text filter, in characters
EXPORT_BATCH = 500


@dataclass(frozen=True)
class AuditFilters:
    """What an administrator narrows the trail to; empty values filter nothing.

    ``first_day`` and ``last_day`` are UTC dates, both included.
    """

    action: str = ""
    actor_email: str = ""
    object_type: str = ""
    first_day: date | None = None
    last_day: date | None = None
    # Query parameters that were given but could not be read, by name.
    errors: tuple[str, ...] = field(default=())

    def query_args(self) -> dict[str, str]:
        """The filters as query parameters (for links to other pages and the export)."""
        args = {"action": self.action, "actor": self.actor_email,
                "object_type": self.object_type,
                "from": self.first_day.isoformat() if self.first_day else "",
                "to": self.last_day.isoformat() if self.last_day else ""}
        return {name: value for name, value in args.items() if value}


def _day(value: str) -> date | None:
    if not _ISO_DATE.match(value):
        raise ValueError(value)
    day = date.fromisoformat(value)
    if day == date.max:  # its day after cannot be written
        raise ValueError(value)
    return day


def parse_filters(args: Mapping[str, str]) -> AuditFilters:
    """Filters from a query string; a date that is not YYYY-MM-DD is named in ``errors``."""
    days: dict[str, date | None] = {}
    errors = []
    for name in ("from", "to"):
        value = (args.get(name) or "").strip()
        try:
            days[name] = _day(value) if value else None
        except ValueError:
            days[name] = None
            errors.append(name)
    return AuditFilters(
        action=(args.get("action") or "").strip().lower()[:TEXT_LIMIT],
        actor_email=(args.get("actor") or "").strip().lower()[:TEXT_LIMIT],
        object_type=(args.get("object_type") or "").strip().lower()[:TEXT_LIMIT],
        first_day=days["from"], last_day=days["to"], errors=tuple(errors),
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def filtered_events(filters: AuditFilters) -> Select:
    """Events with their actor's name and e-mail (``None`` without an actor), unordered."""
    query = (db.select(AuditEvent, User.name, User.email)
             .outerjoin(User, AuditEvent.actor_id == User.id))
    if filters.action:
        query = query.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    if filters.actor_email:
        query = query.where(func.lower(User.email).contains(filters.actor_email,
                                                            autoescape=True))
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.first_day:
        query = query.where(AuditEvent.occurred_at >= _start_of(filters.first_day))
    if filters.last_day:
        query = query.where(AuditEvent.occurred_at
                            < _start_of(filters.last_day + timedelta(days=1)))
    return query


@dataclass(frozen=True)
class AuditPage:
    """One page of events, newest first, and where the pages beside it start."""

    rows: list[Any]
    newer_than: int | None  # link to newer events: those with an id above this
    older_than: int | None  # link to older events: those with an id below this


def audit_page(filters: AuditFilters, size: int, *, before: int | None = None,
               after: int | None = None) -> AuditPage:
    """``size`` events older than event ``before``, or newer than event ``after``, or
    the newest; each row is ``(event, actor name, actor e-mail)``."""
    query = filtered_events(filters)
    if after is not None and before is None:
        rows = db.session.execute(query.where(AuditEvent.id > after)
                                  .order_by(AuditEvent.id.asc()).limit(size + 1)).all()
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        newer = rows[0][0].id if rows and more_newer else None
        older = rows[-1][0].id if rows else None
        return AuditPage(rows, newer_than=newer, older_than=older)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = db.session.execute(query.order_by(AuditEvent.id.desc()).limit(size + 1)).all()
    more_older = len(rows) > size
    rows = rows[:size]
    newer = rows[0][0].id if rows and before is not None else None
    older = rows[-1][0].id if rows and more_older else None
    return AuditPage(rows, newer_than=newer, older_than=older)


def export_rows(filters: AuditFilters) -> Iterator[Any]:
    """Every matching event, newest first, read in batches of ``EXPORT_BATCH``.

    Each batch starts below the last id of the one before, so the export never holds
    the whole trail in memory and events written meanwhile do not slip in.
    """
    query = filtered_events(filters).order_by(AuditEvent.id.desc()).limit(EXPORT_BATCH)
    before = None
    while True:
        batch = query if before is None else query.where(AuditEvent.id < before)
        rows = db.session.execute(batch).all()
        yield from rows
        if len(rows) < EXPORT_BATCH:
            return
        before = rows[-1][0].id


def detail_items(detail: dict[str, Any] | None) -> list[tuple[str, str]]:
    """An event's detail as (name, value) pairs a person reads as a list: ``starts_at``
    becomes "Starts at", lists are joined with commas, nested objects become
    "name: value" parts, in name order. Stored text was escaped when it was recorded."""
    def words(name: str) -> str:
        return name.replace("_", " ").strip().capitalize() or name

    def value_text(value: Any) -> str:
        if isinstance(value, dict):
            return "; ".join(f"{words(str(k))}: {value_text(v)}" for k, v in sorted(value.items()))
        if isinstance(value, list | tuple):
            return ", ".join(value_text(v) for v in value)
        if value is None:
            return "–"
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return str(value)

    return [(words(str(name)), value_text(value)) for name, value in sorted((detail or {}).items())]


def detail_text(detail: dict[str, Any] | None) -> str:
    """An event's detail as one line of JSON (line breaks inside strings escaped)."""
    if not detail:
        return ""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(", ", ": "),
                      default=str)

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from procure.db import UTCDateTime, utcnow
from procure.extensions import db


class AuditEvent(db.Model):
    """A deliberate act with a person and a time on it; never updated, never deleted.

    The app has no path that changes or removes an event: ``record()`` only adds, and
    a flush that would change or delete one is refused (see below).
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The client's IP address (IPv6 at most 45 characters); none outside a request.
    address: Mapped[str | None] = mapped_column(String(45))

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type}:{self.object_id}>"


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a recorded audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_events(session: Session, _context, _instances) -> None:
    # A guard against a future code path, not against the database's owner: whoever can
    # write SQL can still change the table (a trigger or grants would be the next step).
    for instance in session.deleted:
        if isinstance(instance, AuditEvent):
            raise AuditTrailIsAppendOnly("audit events are never deleted")
    for instance in session.dirty:
        if isinstance(instance, AuditEvent) and session.is_modified(instance):
            raise AuditTrailIsAppendOnly("audit events are never changed")

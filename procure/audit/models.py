from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
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


# In PostgreSQL the table itself refuses changes: a trigger rejects UPDATE, DELETE and
# TRUNCATE, whoever sends them (the app's role should not own the table either, see
# README "Running in production"). The one change let through is the foreign key's own
# ON DELETE SET NULL of the actor, when an account row is removed, and nothing else on
# the row. The same SQL is in migration 0017_trust_audit_append_only; tests build their
# schema with create_all, which runs it from here.
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.occurred_at, NEW.action, NEW.object_type, NEW.object_id,
            NEW.detail::text, NEW.address)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.action, OLD.object_type, OLD.object_id,
            OLD.detail::text, OLD.address) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'audit events are never changed or removed (' || TG_OP || ' refused)';
END;
$$ LANGUAGE plpgsql
"""
APPEND_ONLY_TRIGGERS = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)
for _statement in (APPEND_ONLY_FUNCTION, *APPEND_ONLY_TRIGGERS):
    event.listen(AuditEvent.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_events(session: Session, _context, _instances) -> None:
    # A guard in the app, on every database (SQLite too); PostgreSQL's trigger above
    # refuses what gets past it.
    for instance in session.deleted:
        if isinstance(instance, AuditEvent):
            raise AuditTrailIsAppendOnly("audit events are never deleted")
    for instance in session.dirty:
        if isinstance(instance, AuditEvent) and session.is_modified(instance):
            raise AuditTrailIsAppendOnly("audit events are never changed")

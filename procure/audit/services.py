from __future__ import annotations

from typing import Any

from procure.audit.models import AuditEvent
from procure.extensions import db


def record(action: str, obj: Any = None, *, actor: Any = None, object_type: str | None = None,
           object_id: int | None = None, **detail: Any) -> AuditEvent:
    """Add an audit event to the session (the caller's request commits it).

    ``obj`` is any model with an ``id``; its table name is the object type unless one is
    given. ``detail`` holds plain JSON values (no secrets, no passwords).
    """
    if obj is not None:
        db.session.flush()  # so a new object has its id
        object_type = object_type or obj.__tablename__
        object_id = obj.id
    event = AuditEvent(
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        actor_id=getattr(actor, "id", None),
        detail=detail,
    )
    db.session.add(event)
    return event

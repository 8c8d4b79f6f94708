"""Writing the audit trail: events are only ever added, never changed or removed."""
from __future__ import annotations

import ipaddress
import unicodedata
from typing import Any

from flask import has_request_context, request

from procure.audit.models import AuditEvent
from procure.extensions import db

ADDRESS_LENGTH = 45
# Characters that make text change direction on screen (the "Trojan Source" trick):
# made visible like line breaks, so an event reads the way it was stored.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")


def _needs_escape(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's picture of the control: ␍, ␊, ␉, ␀ …
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"[U+{code:04X}]"


def escape_controls(text: str) -> str:
    """``text`` with line breaks and other control characters made visible.

    "a\\r\\nFAKE" becomes "a␍␊FAKE" and a line separator "[U+2028]", so text a person
    typed can never start a new line in a log, an export or a page made from events.
    The pictures need no backslash, so JSON shows them as they are.
    """
    if not any(_needs_escape(char) for char in text):
        return text
    return "".join(_visible(char) if _needs_escape(char) else char for char in text)


def _clean(value: Any) -> Any:
    """A detail value with every string in it escaped (lists and mappings too)."""
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {escape_controls(str(key)): _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def client_address() -> str | None:
    """The address of the client of the current request, if there is one.

    ``ProxyFix`` (see ``procure.trust_proxies``) has already put the client's address in
    ``remote_addr`` behind proxies. Anything that is not an IP address is kept escaped
    and cut to the column's length: a forged header should be seen, not trusted.
    """
    if not has_request_context() or not request.remote_addr:
        return None
    raw = request.remote_addr
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return escape_controls(raw)[:ADDRESS_LENGTH]


def record(action: str, obj: Any = None, *, actor: Any = None, object_type: str | None = None,
           object_id: int | None = None, **detail: Any) -> AuditEvent:
    """Add an audit event to the session (the caller's request commits it).

    ``obj`` is any model with an ``id``; its table name is the object type unless one is
    given. ``detail`` holds plain JSON values (no secrets, no passwords); control
    characters in its strings are escaped. The client's address is taken from the
    request, when there is one.
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
        detail=_clean(detail),
        address=client_address(),
    )
    db.session.add(event)
    return event

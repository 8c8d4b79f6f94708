"""Where to send a person after a form: only ever back into this site."""
from __future__ import annotations

from flask import request


def is_safe_next(target: str | None) -> bool:
    """True for a same-site relative path (guards redirects against open redirects)."""
    return (
        bool(target)
        and target.startswith("/")
        and not target.startswith("//")
        and not any(ch in target for ch in "\\\r\n")
    )


def back_to(default: str) -> str:
    """The form's or query's ``next`` when it is safe, else ``default``."""
    target = request.form.get("next") or request.args.get("next")
    return target if is_safe_next(target) else default

"""Reading the address: where to send a person after a form (only ever back into this
site), and whole numbers from the query string."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def is_safe_next(target: str | None) -> bool:
    """True for a same-site relative path (guards redirects against open redirects).

    Browsers drop tabs and newlines and read a backslash as a slash, so "/\t/evil" or
    "/\\evil" would leave the site: any control character or backslash is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def int_arg(name: str, default: int | None = None, maximum: int = 1_000_000_000) -> int | None:
    """A whole-number query parameter; anything else, or anything huge, is ``default``."""
    value = request.args.get(name, "")
    if value.isascii() and value.isdecimal() and 0 < len(value) <= 10 and int(value) <= maximum:
        return int(value)
    return default


def back_to(default: str) -> str:
    """The form's or query's ``next`` when it is safe, else ``default``."""
    target = request.form.get("next") or request.args.get("next")
    return target if is_safe_next(target) else default

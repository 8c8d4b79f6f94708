"""Session lifetimes and the sign-in between password and code.

Flask's signed cookie holds the session; the user's rotating ``session_token`` ends it
on the server (see ``User.session_token``). On top of that a session ends after
``SESSION_IDLE_MINUTES`` without a request and ``SESSION_ABSOLUTE_HOURS`` after sign-in:
both times are kept in the signed cookie, so a copied cookie ages like the original.
"""
from __future__ import annotations

import hmac
import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from procure.auth.models import User
from procure.extensions import db

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
PENDING = "pending_login"
PENDING_SECONDS = 5 * 60  # between a right password and the code
# "Last seen" is written at most this often, so the cookie is not rewritten (and sent
# back) on every request.
SEEN_RESOLUTION = 60


def now_seconds() -> int:
    return int(time.time())


def begin(user: User) -> None:
    """A fresh session for ``user``: nothing from before sign-in carries over.

    The language chosen before signing in is kept by the account if it had none.
    The caller has recorded the sign-in; this commits it.
    """
    language = session.get("lang")
    if user.locale is None and language:
        user.locale = language
    db.session.commit()
    session.clear()
    login_user(user)  # note_sign_in below starts the session's clocks


def clear_keeping_language(language: str | None = None) -> None:
    """Empty the session but for the language of its pages (``language`` if given)."""
    language = language or session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def note_sign_in(sender, user=None, **extra) -> None:
    """On Flask-Login's ``user_logged_in`` (every ``login_user``, also the one after
    registering a company): start the session's clocks, unless they run already (the
    new token after a password change does not make a session younger)."""
    now = now_seconds()
    session.setdefault(SIGNED_IN_AT, now)
    session.setdefault(SEEN_AT, now)


def start_pending(user: User, next_url: str) -> None:
    """The password was right; remember only who, when and where to, until the code."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    # Tied to the account's session token: a password change or reset, or "sign out
    # everywhere", in the five minutes ends this half-finished sign-in too.
    session[PENDING] = {"user_id": user.id, "at": now_seconds(), "next": next_url,
                        "token": user.session_token}


def pending_is_current(waiting: dict, user: User) -> bool:
    """Whether the account's sessions have not been ended since the password step."""
    token = waiting.get("token")
    return isinstance(token, str) and hmac.compare_digest(token, user.session_token)


def pending() -> dict | None:
    """The sign-in waiting for its code, if it is not older than five minutes."""
    waiting = session.get(PENDING)
    if not isinstance(waiting, dict) or not isinstance(waiting.get("at"), int):
        return None
    if now_seconds() - waiting["at"] > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    return waiting


def drop_pending() -> None:
    session.pop(PENDING, None)


def _expiry_message(signed_in_at, seen_at, now: int) -> str | None:
    """Why the session has ended, or None while it goes on."""
    config = current_app.config
    idle = config["SESSION_IDLE_MINUTES"]
    absolute = config["SESSION_ABSOLUTE_HOURS"]
    # A session without these times began before they were kept: it counts as too old.
    if (not isinstance(signed_in_at, int) or not isinstance(seen_at, int)
            or now - signed_in_at > absolute * 3600):
        return ngettext("You were signed out %(num)d hour after signing in. Please sign in again.",
                        "You were signed out %(num)d hours after signing in. Please sign in "
                        "again.", absolute)
    if now - seen_at > idle * 60:
        return ngettext("You were signed out after %(num)d minute without activity.",
                        "You were signed out after %(num)d minutes without activity.", idle)
    return None


def enforce_lifetime():
    """Before each request: end a session that is idle or old, else note it was seen."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = now_seconds()
    message = _expiry_message(session.get(SIGNED_IN_AT), session.get(SEEN_AT), now)
    if message is None:
        if now - session[SEEN_AT] >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return None
    # The sign-in page that follows speaks the language the account chose.
    language = current_user.locale or session.get("lang")
    logout_user()
    session.clear()
    if language:
        session["lang"] = language
    flash(message, "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))

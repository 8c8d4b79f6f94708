"""Password reset by e-mail: a single-use link that expires.

Only the SHA-256 of a link's token is stored, so the table cannot be used to reset
anybody's password. Asking for a reset answers the same whether or not the address has
an account; the caller shows one page either way. Service functions flush; the view
commits.
"""
from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update

from procure.audit.services import record
from procure.auth import passwords, throttle
from procure.auth.models import PasswordResetToken, User
from procure.auth.services import (
    EMAIL_LENGTH,
    AccountError,
    check_password_policy,
    find_user_by_email,
    may_sign_in,
    normalise_email,
)
from procure.extensions import db
from procure.mail import outbox

log = logging.getLogger(__name__)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_reset(email: str, now: datetime) -> None:
    """Send a reset link to ``email`` if it belongs to an account that may sign in.

    Either way one audit event is written, so both answers take about as long. The
    link goes through the mail outbox when mail is configured; otherwise that is logged.
    """
    # The per-account brake: many requests for one address wait longer and longer, so
    # nobody can bury an inbox in reset mails (the same for every address).
    if throttle.wait_seconds("reset", email):
        record("auth.password_reset_requested", email=normalise_email(email)[:EMAIL_LENGTH],
               braked=True)
        return
    throttle.note_attempt("reset", email)
    user = find_user_by_email(email)
    if not may_sign_in(user):
        record("auth.password_reset_requested", email=normalise_email(email)[:EMAIL_LENGTH],
               known=False)
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=token_hash(token),
                                      created_at=now,
                                      expires_at=now + timedelta(minutes=minutes)))
    record("auth.password_reset_requested", user, known=True)
    if current_app.config["MAIL_SERVER"]:
        outbox.queue(user.email, *_reset_mail(user, token, minutes))
    else:
        log.warning("password reset for user %s not sent: MAIL_SERVER is not set", user.id)
    db.session.flush()


def _reset_mail(user: User, token: str, minutes: int) -> tuple[str, str]:
    """The reset mail's subject and body, in the user's language."""
    config = current_app.config
    language = user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
    link = reset_link(token)
    with force_locale(language):
        subject = _("Choose a new password for procure")
        body = "\n\n".join((
            _("Somebody, we hope you, asked to reset the password of your account in procure."),
            ngettext("Choose a new password here. The link works once, for %(num)d minute:",
                     "Choose a new password here. The link works once, for %(num)d minutes:",
                     minutes),
            link,
            _("If you did not ask for this, ignore this e-mail: your password stays as it is."),
        )) + "\n"
    return subject, body


def reset_link(token: str) -> str:
    """The reset page's full address under ``PUBLIC_URL`` (mail is read elsewhere)."""
    path = current_app.url_map.bind("localhost").build("auth.reset_password", {"token": token})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def without_reset_links(body: str) -> str:
    """A mail body with every reset link cut out: kept once the mail is sent (or copied
    into a person's data), so the outbox table is no way to reset anybody's password."""
    return reset_link_pattern().sub(REMOVED_RESET_LINK, body)


REMOVED_RESET_LINK = "[password reset link removed]"


def reset_link_pattern() -> re.Pattern:
    """A password reset link (address and token) in a mail body.

    Built from the reset page's rule, so the pattern follows the route; any address in
    front of the path goes with it, as ``PUBLIC_URL`` may have changed since the mail
    was written.
    """
    marker = "TOKEN"
    path = current_app.url_map.bind("localhost").build("auth.reset_password",
                                                       {"token": marker})
    prefix = re.escape(path.removesuffix(marker))
    return re.compile(r"(?:https?://\S*?)?" + prefix + r"[^\s<>\"']+")


def usable_token(token: str, now: datetime) -> PasswordResetToken | None:
    """The stored reset for ``token`` if it is unused, unexpired and its account may
    still sign in; else None."""
    if not token or len(token) > 100:
        return None
    return usable_hash(token_hash(token), now)


def usable_hash(hashed: str | None, now: datetime) -> PasswordResetToken | None:
    """Like ``usable_token``, for the token's hash (what the session keeps)."""
    if not hashed or len(hashed) != 64:
        return None
    reset = db.session.execute(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hashed)
    ).scalar_one_or_none()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        return None
    user = db.session.get(User, reset.user_id)
    return reset if may_sign_in(user) else None


def reset_password(hashed: str | None, new_password: str, now: datetime) -> User:
    """Set a new password with a reset link (``hashed``: its token's hash): the link and
    the user's other links are used up and every session of the user ends. Refused with
    ``token_invalid`` when the link is unknown, used or expired."""
    reset = usable_hash(hashed, now)
    if reset is None:
        raise AccountError("token_invalid")
    check_password_policy(new_password)
    # Claimed with a conditional UPDATE: of two requests with one link, one wins.
    claimed = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == reset.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        raise AccountError("token_invalid")
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == reset.user_id,
               PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    user = db.session.get(User, reset.user_id)
    user.password_hash = passwords.hash_password(new_password)
    user.must_change_password = False
    user.rotate_session_token()
    record("auth.password_reset", user, actor=user)
    return user

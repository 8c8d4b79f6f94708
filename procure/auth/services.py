"""Accounts: sign-in, sign-out, passwords and staff users.

Service functions change state and flush; the caller (a view or CLI command) commits.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from procure.audit.services import record
from procure.auth import passwords
from procure.auth.models import STAFF_ROLES, PasswordResetToken, User
from procure.db import utcnow
from procure.departments.models import Department
from procure.errors import Refused
from procure.extensions import db
from procure.mail import outbox

EMAIL_LENGTH = 254  # the longest e-mail address there can be (RFC 5321)


class AccountError(Refused):
    """A refused account change; ``code`` names the reason for the form to show."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).filter_by(email=normalise_email(email))
    ).scalar_one_or_none()


def may_sign_in(user: User | None) -> bool:
    """Whether the account may sign in (or reset its password) at all."""
    return (user is not None and user.is_enabled and user.deleted_at is None
            and user.membership != "rejected")


def record_failed_sign_in(email: str, **detail) -> None:
    # The e-mail as typed (normalised, no longer than an address can be), never the
    # password; no object either, so the event says nothing about whether it exists.
    record("auth.login_failed", email=normalise_email(email)[:EMAIL_LENGTH], **detail)


def authenticate(email: str, password: str) -> User | None:
    """The user who may sign in with this e-mail and password, else None (never says
    which failed). A failure goes into the audit trail; the caller commits either way.

    The password alone does not sign in: :func:`record_sign_in` does, once any second
    factor the user has is checked too.
    """
    user = find_user_by_email(email)
    if (not passwords.verify_password(user.password_hash if user else None, password)
            or not may_sign_in(user)):
        record_failed_sign_in(email)
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    if user.two_factor_enabled:
        record("auth.login_code_asked", user)
    return user


def record_sign_in(user: User, second_factor: str | None = None) -> None:
    """``user`` is signed in (``second_factor``: "totp", "recovery_code" or None)."""
    user.last_login_at = utcnow()
    detail = {"second_factor": second_factor} if second_factor else {}
    record("auth.login", user, actor=user, **detail)


def sign_out(user: User) -> None:
    """End every session of ``user``: the old session token stops working everywhere."""
    user.rotate_session_token()
    record("auth.logout", user, actor=user)


def check_password_policy(password: str) -> None:
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError("password_short")
    if len(password) > passwords.MAX_LENGTH:
        raise AccountError("password_long")


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one; ends every other session."""
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError("password_wrong")
    check_password_policy(new)
    user.password_hash = passwords.hash_password(new)
    user.must_change_password = False
    user.rotate_session_token()
    end_reset_links(user)
    record("user.password_changed", user, actor=user)


def change_email(user: User, password: str, new_email: str) -> None:
    """Give ``user`` another e-mail address after checking the current password."""
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("password_wrong")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError("email_same")
    if find_user_by_email(new_email) is not None:
        raise AccountError("email_taken")
    user.email = new_email
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # taken by another account between the check and now
        raise AccountError("email_taken") from None
    # A link mailed to the old address must not open the account any more.
    end_reset_links(user)
    # The event names the account, not the addresses: an audit trail that cannot be
    # changed must not keep an e-mail address its owner may later have removed.
    record("user.email_changed", user, actor=user)


def create_staff_user(*, email: str, name: str, role: str, department: Department,
                      password: str, actor: User | None = None,
                      must_change_password: bool = False) -> User:
    """Create an officer or admin of ``department``."""
    if role not in STAFF_ROLES:
        raise AccountError("role")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("email_taken")
    check_password_policy(password)
    user = User(email=email, name=name.strip(), role=role, department=department,
                password_hash=passwords.hash_password(password),
                must_change_password=must_change_password)
    db.session.add(user)
    record("user.created", user, actor=actor, role=role, department=department.code)
    return user


def set_enabled(user: User, enabled: bool, actor: User) -> None:
    """Disable (locked out at once, open sessions included) or re-enable an account."""
    if user.id == actor.id and not enabled:
        raise AccountError("disable_self")
    user.is_enabled = enabled
    user.rotate_session_token()
    if not enabled:
        end_reset_links(user)
    record("user.enabled" if enabled else "user.disabled", user, actor=actor)


def end_reset_links(user: User) -> None:
    """Use up every password-reset link of ``user`` that has not been used yet."""
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def warn_owner_of_guessing(email: str) -> None:
    """Many wrong passwords for ``email``: if it is an account's, its owner is told by
    mail (once, when the brake comes on). Nothing happens for an unknown address."""
    user = find_user_by_email(email)
    if not may_sign_in(user) or not current_app.config["MAIL_SERVER"]:
        return
    config = current_app.config
    language = user.locale if user.locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        subject = _("Many wrong passwords for your account in procure")
        body = "\n\n".join((
            _("Somebody has typed a wrong password for your account in procure several "
              "times. From now on each further attempt has to wait longer than the last."),
            _("If it was you, wait a little, or choose a new password with \"Forgot your "
              "password?\" on the sign-in page: a browser you have signed in with before is "
              "not slowed down."),
            _("If it was not you, your password kept them out. Choose a long password that "
              "you use nowhere else, and turn on two-factor sign-in."),
        )) + "\n"
    outbox.queue(user.email, subject, body)
    record("auth.guessing_warned", user)

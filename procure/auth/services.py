"""Accounts: sign-in, sign-out, passwords and staff users.

Service functions change state and flush; the caller (a view or CLI command) commits.
"""
from __future__ import annotations

from procure.audit.services import record
from procure.auth import passwords
from procure.auth.models import STAFF_ROLES, User
from procure.db import utcnow
from procure.departments.models import Department
from procure.errors import Refused
from procure.extensions import db


EMAIL_LENGTH = 254  # the longest e-mail address there can be (RFC 5321)


class AccountError(Refused):
    """A refused account change; ``code`` names the reason for the form to show."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).filter_by(email=normalise_email(email))
    ).scalar_one_or_none()


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with this e-mail and password, else None (never says which failed).

    Both outcomes go into the audit trail; the caller commits either way.
    """
    user = find_user_by_email(email)
    if (not passwords.verify_password(user.password_hash if user else None, password)
            or not user.is_enabled or user.membership == "rejected"):
        # The e-mail as typed (normalised, no longer than an address can be), never the
        # password; no object either, so the event says nothing about whether it exists.
        record("auth.login_failed", email=normalise_email(email)[:EMAIL_LENGTH])
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    record("auth.login", user, actor=user)
    return user


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
    record("user.password_changed", user, actor=user)


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
    record("user.enabled" if enabled else "user.disabled", user, actor=actor)

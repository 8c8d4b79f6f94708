"""Two-factor sign-in for an account: setting it up, checking codes, turning it off.

Service functions change state and flush; the caller commits. Every change and every
refused code goes into the audit trail.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from procure.audit.services import record
from procure.auth import passwords, twofactor
from procure.auth.models import RecoveryCode, User
from procure.auth.services import AccountError
from procure.extensions import db


def start_setup(user: User) -> str:
    """Give ``user`` a new secret to confirm with a first code; return it.

    Refused while two-factor sign-in is on: the working secret is not replaced unseen.
    """
    if user.two_factor_enabled:
        raise AccountError("two_factor_on")
    user.totp_secret = twofactor.new_secret()
    user.totp_confirmed_at = None
    user.totp_last_step = None
    record("user.2fa_setup_started", user, actor=user)
    return user.totp_secret


def confirm_setup(user: User, code: str, now: datetime) -> list[str]:
    """Turn two-factor sign-in on once ``code`` proves the app has the secret.

    Returns the new recovery codes, the only time they exist in clear.
    """
    if user.two_factor_enabled:
        raise AccountError("two_factor_on")
    if user.totp_secret is None:
        raise AccountError("not_started")
    step = twofactor.accepted_step(user.totp_secret, code, None, now)
    if step is None:
        record_failed_code(user, "setup")
        raise AccountError("code_wrong")
    user.totp_confirmed_at = now
    user.totp_last_step = step
    codes = _replace_recovery_codes(user)
    record("user.2fa_enabled", user, actor=user)
    return codes


def check_code(user: User, code: str, now: datetime, during: str = "sign_in") -> str | None:
    """The kind of the second factor ``code`` is ("totp" or "recovery_code"), or None.

    A TOTP code is accepted once: its time step must come after the last accepted one.
    A recovery code is used up. Both are claimed with a conditional UPDATE, so two
    requests racing with one code cannot both win. A wrong code is audited.
    """
    if not user.two_factor_enabled or not twofactor.normalise_code(code):
        record_failed_code(user, during)
        return None
    if twofactor.looks_like_totp(code):
        step = twofactor.accepted_step(user.totp_secret, code, user.totp_last_step, now)
        if step is not None and _claim_step(user, step):
            return "totp"
    elif twofactor.looks_like_recovery_code(code):
        for recovery in unused_recovery_codes(user):
            if twofactor.recovery_code_matches(recovery.code_hash, code):
                if _claim_recovery_code(recovery, now):
                    record("auth.recovery_code_used", user, actor=user,
                           remaining=remaining_recovery_codes(user))
                    return "recovery_code"
                break
    record_failed_code(user, during)
    return None


def record_failed_code(user: User, during: str) -> None:
    """A wrong or missing code for ``user`` goes into the audit trail."""
    # Before sign-in nobody is acting yet; on the account's own pages the user is.
    record("auth.2fa_failed", user, actor=None if during == "sign_in" else user, during=during)


def _claim_step(user: User, step: int) -> bool:
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id,
               or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if claimed:  # the row has it already: no second UPDATE at the next flush
        set_committed_value(user, "totp_last_step", step)
    return claimed


def _claim_recovery_code(recovery: RecoveryCode, now: datetime) -> bool:
    claimed = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if claimed:
        set_committed_value(recovery, "used_at", now)
    return claimed


def unused_recovery_codes(user: User) -> list[RecoveryCode]:
    return db.session.execute(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.used_at.is_(None))
        .order_by(RecoveryCode.id)
    ).scalars().all()


def remaining_recovery_codes(user: User) -> int:
    return db.session.execute(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalar_one()


def renew_recovery_codes(user: User, password: str, code: str, now: datetime) -> list[str]:
    """New recovery codes after checking the password and a current code (from the app,
    or a recovery code): a password alone, guessed or seen, must not make new ones.
    The old codes stop working."""
    if not user.two_factor_enabled:
        raise AccountError("no_setup")
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("password_wrong")
    if check_code(user, code, now, during="renew_codes") is None:
        raise AccountError("code_wrong")
    codes = _replace_recovery_codes(user)
    record("user.recovery_codes_renewed", user, actor=user)
    return codes


def turn_off(user: User, password: str, code: str, now: datetime) -> None:
    """Turn two-factor sign-in off with the password and a code. Admins cannot."""
    if user.is_admin:
        raise AccountError("admin_needs_two_factor")
    if not user.two_factor_enabled:
        raise AccountError("no_setup")
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("password_wrong")
    if check_code(user, code, now, during="turn_off") is None:
        raise AccountError("code_wrong")
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record("user.2fa_disabled", user, actor=user)


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = twofactor.new_recovery_codes()
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=twofactor.hash_recovery_code(code))
                       for code in codes)
    db.session.flush()
    return codes

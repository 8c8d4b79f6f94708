"""A supplier user's own personal data: a copy to download, and deleting the account.

Deleting anonymises the person, it does not remove rows: what they did in market
dialogues was done for their organisation, and those records (registrations,
questions, written input, bookings) are the city's procurement records, public
records it must keep. They stay, attributed to the organisation. The audit trail is
append-only: it keeps the account's number, while the account no longer says whose
it was. Staff accounts are managed by administrators, not here.

Service functions change state, flush and write the audit event; the view commits.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, delete, or_

from procure.audit.models import AuditEvent
from procure.audit.services import record
from procure.auth import passwords, reset
from procure.auth.models import PasswordResetToken, RecoveryCode, User
from procure.auth.services import AccountError
from procure.db import utcnow
from procure.dialogues.models import Dialogue, Question, Registration, WrittenInput
from procure.extensions import db
from procure.mail.models import OutboxMail

FORMAT = "procure-personal-data"
# Not an argon2 hash, so no password ever verifies against it.
UNUSABLE_PASSWORD = "!deleted"
# The reserved top-level domain .invalid (RFC 2606) is nobody's address, and the e-mail
# validator refuses it: only a deleted account can have one.
DELETED_EMAIL_DOMAIN = "invalid"


def deleted_email(user_id: int) -> str:
    """The address a deleted account keeps: unique (the column is) and nobody's."""
    return f"deleted-{user_id}@{DELETED_EMAIL_DOMAIN}"


def is_deleted_address(email: str | None) -> bool:
    """True for the address of a deleted account."""
    return bool(email) and email.endswith("@" + DELETED_EMAIL_DOMAIN)


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user: User) -> dict[str, Any]:
    """Everything kept about ``user`` as a person, as plain JSON values.

    Other people's data stays out: of an event about this account done by someone else
    (an administrator confirming a membership) only what happened and when is given.
    """
    organisation = user.organisation
    return {
        "format": FORMAT,
        "created_at": utcnow().isoformat(),
        "account": {
            "id": user.id, "name": user.name, "email": user.email, "role": user.role,
            "language": user.locale, "membership": user.membership,
            "enabled": user.is_enabled, "created_at": _when(user.created_at),
            "updated_at": _when(user.updated_at), "last_login_at": _when(user.last_login_at),
            "two_factor_sign_in": user.totp_confirmed_at is not None,
            "password": "kept only as an argon2 hash, which is not included",
        },
        "organisation": None if organisation is None else {
            # A sole trader's number is the owner's personal identity number: whole only
            # for the company's confirmed users.
            "name": organisation.name,
            "identifier": organisation.identifier if user.is_confirmed_member
            else organisation.masked_identifier,
            "country": organisation.country, "size": organisation.size,
        },
        "dialogue_registrations": _registrations(user),
        "questions": _questions(user),
        "written_input": _written_input(user),
        "emails": _emails(user),
        "audit_events": _audit_events(user),
    }


def _registrations(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(Registration, Dialogue.title).join(Dialogue)
        .where(Registration.registered_by_id == user.id).order_by(Registration.id)).all()
    return [{"dialogue": title, "dialogue_id": registration.dialogue_id,
             "attendees": registration.attendees,
             "registered_at": _when(registration.created_at),
             "cancelled_at": _when(registration.cancelled_at)}
            for registration, title in rows]


def _questions(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(Question, Dialogue.title).join(Dialogue, Question.dialogue_id == Dialogue.id)
        .where(Question.asked_by_id == user.id).order_by(Question.id)).all()
    return [{"dialogue": title, "dialogue_id": question.dialogue_id, "text": question.text,
             "asked_at": _when(question.created_at), "answered": question.answer_id is not None}
            for question, title in rows]


def _written_input(user: User) -> list[dict[str, Any]]:
    """Who sent the company's input, when, and which files: the metadata the person
    authored (the answers themselves are the company's)."""
    rows = db.session.execute(
        db.select(WrittenInput, Dialogue.title).join(Dialogue)
        .where(WrittenInput.submitted_by_id == user.id).order_by(WrittenInput.id)).all()
    return [{"dialogue": title, "dialogue_id": written.dialogue_id,
             "first_saved_at": _when(written.created_at),
             "last_saved_at": _when(written.updated_at),
             "marked_as_trade_secret": written.trade_secret,
             "files": [{"name": file.filename, "size": file.size, "sha256": file.sha256}
                       for file in written.attachments]}
            for written, title in rows]


def _emails(user: User) -> list[dict[str, Any]]:
    """The alerts sent (or waiting to be sent) to the person by e-mail.

    A password reset mail's link may still work: a copy of the data must not be a way
    to reset the password (the file is downloaded, kept, sent on), so the link is cut
    out of every body.
    """
    mails = db.session.execute(db.select(OutboxMail).filter_by(recipient=user.email)
                               .order_by(OutboxMail.id)).scalars()
    return [{"subject": mail.subject, "body": reset.without_reset_links(mail.body),
             "queued_at": _when(mail.created_at), "sent_at": _when(mail.sent_at)}
            for mail in mails]


def _audit_events(user: User) -> list[dict[str, Any]]:
    events = db.session.execute(
        db.select(AuditEvent).where(or_(
            AuditEvent.actor_id == user.id,
            and_(AuditEvent.object_type == User.__tablename__, AuditEvent.object_id == user.id)))
        .order_by(AuditEvent.id)).scalars()
    # A sole trader's number is its owner's personal identity number: someone not yet
    # confirmed as one of the company's own sees it masked here too.
    organisation = user.organisation
    hidden = organisation.identifier if organisation is not None and organisation.sole_trader \
        and not user.is_confirmed_member else None
    result = []
    for event in events:
        by_you = event.actor_id == user.id
        detail = event.detail
        if hidden is not None:
            detail = {name: organisation.masked_identifier if value == hidden else value
                      for name, value in (detail or {}).items()}
        entry = {"at": _when(event.occurred_at), "action": event.action, "by_you": by_you,
                 "object_type": event.object_type, "object_id": event.object_id,
                 "detail": detail}
        if by_you:  # the address another person's request came from is theirs
            entry["address"] = event.address
        result.append(entry)
    return result


def record_refused_deletion(user: User) -> None:
    """A wrong password on the deletion page goes into the audit trail (never the
    password): repeated ones are somebody guessing in a borrowed session."""
    record("privacy.delete_refused", user, actor=user, reason="password_wrong")


def delete_account(user: User, password: str) -> None:
    """Anonymise the supplier user ``user`` after checking their password.

    Name and e-mail go, the password stops working, sessions end, two-factor secrets,
    recovery codes, reset links and the e-mail queued for them are removed. Nothing the
    organisation owns is touched. The audit event names neither the old name nor the
    old e-mail.
    """
    if not user.is_supplier or user.deleted_at is not None:
        raise AccountError("not_allowed")
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("password_wrong")
    db.session.execute(delete(OutboxMail).where(OutboxMail.recipient == user.email))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    user.name = ""
    user.email = deleted_email(user.id)
    user.password_hash = UNUSABLE_PASSWORD
    user.is_enabled = False
    user.must_change_password = False
    user.locale = None
    user.last_login_at = None
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    user.deleted_at = utcnow()
    user.organisation_contact = False  # the company has no contact until one is chosen
    user.rotate_session_token()
    record("user.deleted", user, actor=user, organisation=user.organisation.identifier,
           membership=user.membership)

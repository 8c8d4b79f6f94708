"""The outbox: e-mail is queued in the transaction of what it tells about, and sent later.

``queue`` only adds a row to the session (the caller commits with its change);
``deliver_due``, run by ``flask send-mail``, sends what is due. A slow or failing mail
server never holds up or undoes a page.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app
from sqlalchemy import select

from procure.db import utcnow
from procure.extensions import db
from procure.mail.models import OutboxMail

# Functions that cut secrets (a password reset link) out of a mail body once it is sent:
# the domain that writes such mails registers one (procure.auth registers the reset
# links'), so the outbox keeps no usable copy and this package depends on none of them.
_SCRUBBERS: list[Callable[[str], str]] = []


def forget_after_sending(scrub: Callable[[str], str]) -> None:
    """Have ``scrub`` applied to every mail body once the mail has been sent."""
    if scrub not in _SCRUBBERS:
        _SCRUBBERS.append(scrub)


def _scrubbed(body: str) -> str:
    for scrub in _SCRUBBERS:
        body = scrub(body)
    return body

_ERROR_LENGTH = 500  # OutboxMail.last_error


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


def queue(recipient: str, subject: str, body: str) -> OutboxMail:
    """Put a mail in the outbox; it goes out with the next ``send-mail`` after the commit."""
    mail = OutboxMail(recipient=recipient, subject=subject, body=body)
    db.session.add(mail)
    return mail


def deliver_due(now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send up to ``limit`` queued mails that are due, and commit.

    A mail that fails is tried again later, each time waiting twice as long (at most an
    hour), until ``MAIL_MAX_ATTEMPTS``. SMTP and network errors are recorded on the
    rows, never raised. Rows are locked with SKIP LOCKED, so on PostgreSQL two senders
    running at once never send the same mail.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        return DeliveryReport(sent=0, failed=0)
    now = now or utcnow()
    due = db.session.execute(
        select(OutboxMail)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at <= now,
               OutboxMail.attempts < config["MAIL_MAX_ATTEMPTS"])
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).scalars().all()
    if not due:
        db.session.commit()  # ends the transaction the select began
        return DeliveryReport(sent=0, failed=0)

    sent = 0
    try:
        connection = _connect(config)
    except (smtplib.SMTPException, OSError) as error:
        for mail in due:
            _record_failure(mail, error, now)
    else:
        try:
            for mail in due:
                try:
                    connection.send_message(_message(mail, config))
                except (smtplib.SMTPException, OSError, ValueError) as error:
                    # ValueError: a header the mail library refuses; this row only.
                    _record_failure(mail, error, now)
                else:
                    mail.sent_at = now
                    mail.body = _scrubbed(mail.body)
                    sent += 1
        finally:
            _disconnect(connection)
    db.session.commit()
    return DeliveryReport(sent=sent, failed=len(due) - sent)


def _connect(config) -> smtplib.SMTP:
    connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                              timeout=config["MAIL_TIMEOUT"])
    try:
        if config["MAIL_USE_TLS"]:
            connection.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        connection.close()
        raise
    return connection


def _disconnect(connection: smtplib.SMTP) -> None:
    # The mails are out by now: a server that hangs up rudely changes nothing.
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _message(mail: OutboxMail, config) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    # The same id on every attempt, so a mail sent twice (sent, then the commit failed)
    # can be recognised as one by the receiving side.
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<outbox.{mail.id}.{int(mail.created_at.timestamp())}@{domain}>"
    message.set_content(mail.body)  # UTF-8 text
    return message


def _record_failure(mail: OutboxMail, error: Exception, now: datetime) -> None:
    mail.attempts += 1
    mail.last_error = _describe(error)
    delay = min(current_app.config["MAIL_RETRY_BASE_SECONDS"] * 2 ** (mail.attempts - 1), 3600)
    mail.next_attempt_at = now + timedelta(seconds=delay)


def _describe(error: Exception) -> str:
    """A short description of what went wrong, safe to store and show to an admin."""
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        detail = f"{error.smtp_code} {reply}"
    else:
        detail = str(error)
    text = f"{type(error).__name__}: {detail}"
    password = current_app.config["MAIL_PASSWORD"]
    if password:  # servers are not known to echo it, but it must never be stored
        text = text.replace(password, "***")
    return text[:_ERROR_LENGTH]

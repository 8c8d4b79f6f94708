"""Alerting supplier organisations: in-app alerts, and e-mail through an outbox.

``notify`` only adds rows to the session (the caller commits with the change it tells
about); ``deliver_due`` sends the queued mail later, from ``flask send-mail``.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from procure.alerts.models import KINDS, Alert, OutboxMail
from procure.auth.models import User
from procure.auth.reset import without_reset_links
from procure.db import utcnow
from procure.extensions import db

if TYPE_CHECKING:
    # Only a type here: procure.dialogues imports this module to call notify().
    from procure.dialogues.models import Dialogue

_TEXTS = {
    "dialogue_published": _l("A new market dialogue is published: %(title)s"),
    "answer_published": _l("An answer is published to all suppliers in the market dialogue "
                           "%(title)s"),
    "information_published": _l("New information is published in the market dialogue "
                                "%(title)s"),
    "dialogue_cancelled": _l("The market dialogue %(title)s is cancelled"),
    "slot_promoted": _l("A place became free: your company's place on the waiting list of "
                        "%(title)s is now a booking"),
}
# A cancelled dialogue is no longer public: a link to it would lead to "not found".
_KINDS_WITHOUT_LINK = ("dialogue_cancelled",)
_SUBJECT_LENGTH = 300  # OutboxMail.subject
_ERROR_LENGTH = 500  # OutboxMail.last_error


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


def alert_text(kind: str, title: str) -> str:
    """What an alert of ``kind`` about the dialogue ``title`` says, in the current language."""
    return str(_TEXTS[kind]) % {"title": title}


def notify(organisation_ids: Iterable[int], kind: str, dialogue: Dialogue) -> int:
    """Alert each organisation once about ``dialogue``; return how many were alerted.

    When mail is configured, every confirmed, enabled member also gets an e-mail in the
    language they chose, queued in the outbox. Nothing is committed here.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    ids = sorted(set(organisation_ids))
    if not ids:
        return 0
    db.session.add_all(Alert(organisation_id=organisation_id, kind=kind,
                             dialogue_id=dialogue.id) for organisation_id in ids)
    if current_app.config["MAIL_SERVER"]:
        _queue_mail(ids, kind, dialogue)
    db.session.flush()
    return len(ids)


def _queue_mail(organisation_ids: list[int], kind: str, dialogue: Dialogue) -> None:
    members = db.session.execute(
        select(User.email, User.locale).where(User.organisation_id.in_(organisation_ids),
                                              User.membership == "confirmed",
                                              User.is_enabled.is_(True))
    ).all()
    config = current_app.config
    link = None if kind in _KINDS_WITHOUT_LINK else dialogue_link(dialogue.id)
    texts: dict[str, tuple[str, str]] = {}  # by language: only a few, however many members
    for email, locale in members:
        language = locale if locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]
        if language not in texts:
            with force_locale(language):
                texts[language] = _mail_text(kind, dialogue.title, link)
        subject, body = texts[language]
        db.session.add(OutboxMail(recipient=email, subject=subject, body=body))


def _mail_text(kind: str, title: str, link: str | None) -> tuple[str, str]:
    text = alert_text(kind, title)
    # A title with a line break would be refused as a mail header.
    subject = " ".join(text.split())[:_SUBJECT_LENGTH]
    parts = [text]
    if link:
        parts.append(_("Read more: %(link)s", link=link))
    parts.append(_("You get this e-mail because your company is registered as a supplier "
                   "in procure."))
    return subject, "\n\n".join(parts) + "\n"


def dialogue_link(dialogue_id: int) -> str:
    """The dialogue's full address under ``PUBLIC_URL``.

    Mail is read elsewhere and is often queued outside a request (CLI, demo seeding),
    so the link never depends on the address the current request came in by.
    """
    path = current_app.url_map.bind("localhost").build("dialogues.show",
                                                       {"dialogue_id": dialogue_id})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def unread_count(organisation_id: int) -> int:
    """How many of the organisation's alerts nobody has marked read."""
    return db.session.execute(
        select(func.count()).select_from(Alert).where(Alert.organisation_id == organisation_id,
                                                      Alert.read_at.is_(None))
    ).scalar_one()


def alerts_for(organisation_id: int):
    """The organisation's alerts, newest first, with their dialogues (a select to paginate)."""
    return (select(Alert).where(Alert.organisation_id == organisation_id)
            .options(joinedload(Alert.dialogue))
            .order_by(Alert.created_at.desc(), Alert.id.desc()))


def mark_all_read(organisation_id: int, now: datetime) -> int:
    """Mark every unread alert of the organisation read at ``now``; return how many."""
    result = db.session.execute(
        update(Alert).where(Alert.organisation_id == organisation_id, Alert.read_at.is_(None))
        .values(read_at=now))
    return result.rowcount


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
                    # A password reset link stays usable for a while: once it is out,
                    # the outbox keeps no copy of it.
                    mail.body = without_reset_links(mail.body)
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

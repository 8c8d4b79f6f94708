"""Alerting supplier organisations about a dialogue: in-app alerts, and e-mail through
the outbox (:mod:`procure.mail`).

``notify`` only adds rows to the session (the caller commits with the change it tells
about); ``flask send-mail`` sends the queued mail later.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from procure.auth.models import User
from procure.dialogues.models import Alert, Dialogue
from procure.dialogues.vocabulary import ALERT_KINDS, ALERT_KINDS_WITHOUT_LINK
from procure.extensions import db
from procure.mail import outbox

_TEXTS = {
    "dialogue_published": _l("A new market dialogue is published: %(title)s"),
    "answer_published": _l("An answer is published to all suppliers in the market dialogue "
                           "%(title)s"),
    "information_published": _l("New information is published in the market dialogue "
                                "%(title)s"),
    "dialogue_cancelled": _l("The market dialogue %(title)s is cancelled"),
    "slot_promoted": _l("A place became free: your company's place on the waiting list of "
                        "%(title)s is now a booking"),
    "dialogue_changed": _l("The market dialogue %(title)s has changed"),
}
_SUBJECT_LENGTH = 300  # OutboxMail.subject


def alert_text(kind: str, title: str) -> str:
    """What an alert of ``kind`` about the dialogue ``title`` says, in the current language."""
    return str(_TEXTS[kind]) % {"title": title}


def notify(organisation_ids: Iterable[int], kind: str, dialogue: Dialogue,
           detail: Callable[[], str] | None = None) -> int:
    """Alert each organisation once about ``dialogue``; return how many were alerted.

    When mail is configured, every confirmed, enabled member also gets an e-mail in the
    language they chose, queued in the outbox; ``detail``, called in that language,
    adds what the mail says beyond the alert (what changed). Nothing is committed here.
    """
    if kind not in ALERT_KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    ids = sorted(set(organisation_ids))
    if not ids:
        return 0
    db.session.add_all(Alert(organisation_id=organisation_id, kind=kind,
                             dialogue_id=dialogue.id) for organisation_id in ids)
    if current_app.config["MAIL_SERVER"]:
        _queue_mail(ids, kind, dialogue, detail)
    db.session.flush()
    return len(ids)


def _queue_mail(organisation_ids: list[int], kind: str, dialogue: Dialogue,
                detail: Callable[[], str] | None) -> None:
    members = db.session.execute(
        select(User.email, User.locale).where(User.organisation_id.in_(organisation_ids),
                                              User.membership == "confirmed",
                                              User.is_enabled.is_(True))
    ).all()
    config = current_app.config
    link = None if kind in ALERT_KINDS_WITHOUT_LINK else dialogue_link(dialogue.id)
    texts: dict[str, tuple[str, str]] = {}  # by language: only a few, however many members
    for email, locale in members:
        language = mail_language(locale)
        if language not in texts:
            with force_locale(language):
                texts[language] = _mail_text(kind, dialogue.title, link,
                                             detail() if detail else "")
        subject, body = texts[language]
        outbox.queue(email, subject, body)


def mail_language(locale: str | None) -> str:
    """The language a person reads mail in: the one they chose, or the city's."""
    config = current_app.config
    return locale if locale in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]


def mail_subject(text: str) -> str:
    """``text`` as a mail subject: one line (a line break is refused as a mail header),
    short enough for the outbox."""
    return " ".join(text.split())[:_SUBJECT_LENGTH]


def _mail_text(kind: str, title: str, link: str | None, detail: str = "") -> tuple[str, str]:
    text = alert_text(kind, title)
    subject = mail_subject(text)
    parts = [text]
    if detail:
        parts.append(detail)
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

"""Alerting officers (a dialogue is passed in by the dialogues package, above this one): a need to review, a decision on their need, a question asked or
written input received in their department's dialogue; in the app and by e-mail.

``notify_staff`` only adds rows to the session (the caller commits with the change it
tells about); the mail goes through the same outbox as the suppliers' alerts.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from procure.auth.models import User
from procure.extensions import db
from procure.mail import outbox
from procure.needs.models import Need, StaffAlert
from procure.needs.vocabulary import STAFF_ALERT_KINDS

_TEXTS = {
    "review_requested": _l("%(reference)s %(title)s waits for your review"),
    "need_approved": _l("Your need %(reference)s %(title)s is approved"),
    "need_returned": _l("Your need %(reference)s %(title)s was sent back to draft"),
    "question_asked": _l("A supplier asked a question in the market dialogue %(title)s"),
    "input_received": _l("Written input arrived in the market dialogue %(title)s"),
}
_SUBJECT_LENGTH = 300  # the outbox's subject column


def staff_alert_text(alert_kind: str, reference: str, title: str) -> str:
    """What an officer's alert says, in the current language."""
    return str(_TEXTS[alert_kind]) % {"reference": reference, "title": title}


def department_officers(department_id: int, *, but: int | None = None) -> list[int]:
    """The ids of the department's enabled officers (all but ``but``)."""
    query = select(User.id).where(User.role == "officer", User.department_id == department_id,
                                  User.is_enabled.is_(True), User.deleted_at.is_(None))
    if but is not None:
        query = query.where(User.id != but)
    return list(db.session.execute(query).scalars())


def notify_staff(user_ids: Iterable[int], kind: str, need: Need,
                 dialogue: Any = None) -> int:
    """Alert each officer once; return how many. Mail is queued when it is configured."""
    if kind not in STAFF_ALERT_KINDS:
        raise ValueError(f"unknown staff alert kind {kind!r}")
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    alerts = [StaffAlert(user_id=user_id, kind=kind, need_id=need.id,
                         dialogue_id=dialogue.id if dialogue is not None else None)
              for user_id in ids]
    db.session.add_all(alerts)
    db.session.flush()
    if current_app.config["MAIL_SERVER"]:
        title = dialogue.title if dialogue is not None else need.title
        _queue_mail(alerts, kind, need.reference, title)
    return len(ids)


def _queue_mail(alerts: list[StaffAlert], kind: str, reference: str, title: str) -> None:
    people = dict(db.session.execute(
        select(User.id, User).where(User.id.in_([a.user_id for a in alerts]))).all())
    config = current_app.config
    for alert in alerts:
        person = people[alert.user_id]
        language = person.locale if person.locale in config["LANGUAGES"] \
            else config["BABEL_DEFAULT_LOCALE"]
        with force_locale(language):
            text = staff_alert_text(kind, reference, title)
            body = "\n\n".join([text, _("Read more: %(link)s", link=alert_link(alert.id)),
                                _("You get this e-mail because you are an officer in "
                                  "procure.")]) + "\n"
        outbox.queue(person.email, " ".join(text.split())[:_SUBJECT_LENGTH], body)


def alert_link(alert_id: int) -> str:
    """The alert's page under ``PUBLIC_URL`` (mail is often queued outside a request)."""
    path = current_app.url_map.bind("localhost").build("alerts.staff_alert",
                                                       {"alert_id": alert_id})
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def unread_count(user_id: int) -> int:
    return db.session.execute(
        select(func.count()).select_from(StaffAlert)
        .where(StaffAlert.user_id == user_id, StaffAlert.read_at.is_(None))).scalar_one()


def alerts_for(user_id: int):
    """The officer's alerts, newest first, with their needs (a select to paginate)."""
    return (select(StaffAlert).where(StaffAlert.user_id == user_id)
            .options(joinedload(StaffAlert.need), joinedload(StaffAlert.dialogue))
            .order_by(StaffAlert.created_at.desc(), StaffAlert.id.desc()))


def mark_all_read(user_id: int, now: datetime) -> int:
    result = db.session.execute(
        update(StaffAlert).where(StaffAlert.user_id == user_id, StaffAlert.read_at.is_(None))
        .values(read_at=now))
    return result.rowcount


# --- what each change tells whom --------------------------------------------------------

def need_status_changed(need: Need, target: str, actor: User) -> int:
    """A need sent for review alerts the department's other officers; approved or sent
    back, it alerts the officer responsible for it (unless they did it themselves)."""
    if target == "in_review":
        return notify_staff(department_officers(need.department_id, but=actor.id),
                            "review_requested", need)
    if target in ("approved", "draft") and need.officer_id != actor.id:
        kind = "need_approved" if target == "approved" else "need_returned"
        return notify_staff([need.officer_id], kind, need)
    return 0


def dialogue_activity(dialogue: Any, kind: str) -> int:
    """A question asked or input received: the department's officers are alerted."""
    need = dialogue.need
    return notify_staff(department_officers(need.department_id), kind, need, dialogue)

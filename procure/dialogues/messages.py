"""Questions answered to all, information shared with all, meeting minutes, and the
equal-treatment log of everything the city published to suppliers.

Equal treatment: what one supplier learns from the city, every registered supplier
learns, at the same time and without learning who asked. Service functions flush and
audit; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from procure.needs import staff_alerts
from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues.alerts import notify
from procure.dialogues.changes import changes_of, describe
from procure.dialogues.lifecycle import DialogueRefused
from procure.dialogues.models import (
    Booking,
    Dialogue,
    MeetingMinutes,
    Message,
    Question,
    Registration,
)
from procure.dialogues.report import names_in_texts
from procure.dialogues.vocabulary import ANSWERABLE_STATES
from procure.extensions import db
from procure.suppliers.models import SupplierOrganisation



def registered_organisation_ids(dialogue: Dialogue) -> list[int]:
    return list(db.session.execute(
        db.select(Registration.organisation_id)
        .filter_by(dialogue_id=dialogue.id, cancelled_at=None)).scalars())


def registered_names(dialogue: Dialogue) -> list[str]:
    """The names of every organisation that has registered, withdrawn ones too: none of
    them may be named in what is published."""
    return list(db.session.execute(
        db.select(SupplierOrganisation.name).join(
            Registration, Registration.organisation_id == SupplierOrganisation.id)
        .where(Registration.dialogue_id == dialogue.id)).scalars())


def ask(dialogue: Dialogue, registration: Registration, text: str, actor: User,
        now: datetime | None = None) -> Question:
    """A registered organisation's question, until the question deadline."""
    now = now or utcnow()
    if dialogue.status != "published" or not registration.is_active:
        raise DialogueRefused("not_open")
    if now > dialogue.questions_deadline:
        raise DialogueRefused("questions_closed")
    question = Question(dialogue_id=dialogue.id, registration_id=registration.id,
                        asked_by_id=actor.id, text=text.strip())
    db.session.add(question)
    staff_alerts.dialogue_activity(dialogue, "question_asked")
    record("dialogue.question_asked", dialogue, actor=actor,
           organisation=registration.organisation.identifier)
    return question


def _publish(dialogue: Dialogue, kind: str, body: str, actor: User, now: datetime,
             question: str = "") -> Message:
    if dialogue.status not in ANSWERABLE_STATES:
        raise DialogueRefused("not_open")
    if names_in_texts([question, body], registered_names(dialogue)):
        raise DialogueRefused("names_in_message")
    recipients = registered_organisation_ids(dialogue)
    message = Message(dialogue_id=dialogue.id, kind=kind, question=question.strip(),
                      body=body.strip(), published_at=now, published_by_id=actor.id,
                      recipients=len(recipients))
    db.session.add(message)
    db.session.flush()
    notify(recipients, f"{kind}_published", dialogue)
    record(f"dialogue.{kind}_published", dialogue, actor=actor, recipients=len(recipients))
    return message


def answer(question: Question, public_question: str, answer_text: str, actor: User,
           now: datetime | None = None) -> Message:
    """Publish the question (in the officer's wording, without the asker) and its answer
    to every registered organisation."""
    if question.answer_id is not None:
        raise DialogueRefused("already_answered")
    dialogue = db.session.get(Dialogue, question.dialogue_id)
    message = _publish(dialogue, "answer", answer_text, actor, now or utcnow(),
                       question=public_question)
    # Two officers answering at once publish one answer: the second finds it taken.
    _claim(Question, question.id, "answer_id", message.id, "already_answered")
    db.session.refresh(question)
    return message


def _claim(model, row_id: int, column: str, message_id: int, refusal: str) -> None:
    """Set ``column`` to the message only where it is still empty, or refuse."""
    claimed = db.session.execute(
        update(model).where(model.id == row_id, getattr(model, column).is_(None))
        .values({column: message_id}).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise DialogueRefused(refusal)


def publish_information(dialogue: Dialogue, body: str, actor: User,
                        minutes: MeetingMinutes | None = None,
                        now: datetime | None = None) -> Message:
    """Information every registered organisation should have, for example what was said
    in a one-to-one meeting; sharing it settles the minutes' reminder."""
    message = _publish(dialogue, "information", body, actor, now or utcnow())
    if minutes is not None:
        _claim(MeetingMinutes, minutes.id, "shared_message_id", message.id, "already_shared")
        db.session.refresh(minutes)
    return message


def messages_of(dialogue: Dialogue) -> list[Message]:
    return list(db.session.execute(db.select(Message).filter_by(dialogue_id=dialogue.id)
                                   .order_by(Message.published_at, Message.id)).scalars())


def questions_of(dialogue: Dialogue, registration: Registration | None = None) -> list[Question]:
    """The dialogue's questions (officers), or one organisation's own."""
    # Each question shows who asked and whether it is answered: loaded with the list.
    query = (db.select(Question).filter_by(dialogue_id=dialogue.id)
             .options(joinedload(Question.registration).joinedload(Registration.organisation),
                      joinedload(Question.answer)))
    if registration is not None:
        query = query.filter_by(registration_id=registration.id)
    return list(db.session.execute(query.order_by(Question.created_at, Question.id)).scalars())


def record_minutes(booking: Booking, text: str, material: bool, actor: User) -> MeetingMinutes:
    """Write (or rewrite) the minutes of a booked meeting."""
    if booking.status != "booked":
        raise DialogueRefused("not_booked")
    dialogue = db.session.get(Dialogue, booking.slot.dialogue_id)
    if dialogue.status not in ANSWERABLE_STATES:
        raise DialogueRefused("not_open")  # after the report, nothing can be shared any more
    minutes = booking.minutes
    if minutes is None:
        minutes = MeetingMinutes(booking_id=booking.id, recorded_by_id=actor.id)
        db.session.add(minutes)
    minutes.text = text.strip()
    minutes.material = material
    record("dialogue.minutes_recorded", dialogue, actor=actor, booking=booking.id,
           material=material)
    return minutes


@dataclass(frozen=True)
class LogEntry:
    """One thing the city published to suppliers, for the equal-treatment log."""

    when: datetime
    what: str  # "dialogue_published", "answer", "information", "dialogue_changed",
    # "dialogue_cancelled"
    recipients: int
    text: str = ""


def equal_treatment_log(dialogue: Dialogue) -> list[LogEntry]:
    entries = [LogEntry(m.published_at, m.kind, m.recipients,
                        m.question if m.kind == "answer" else m.body)
               for m in messages_of(dialogue)]
    if dialogue.published_at:
        entries.append(LogEntry(dialogue.published_at, "dialogue_published",
                                dialogue.alerted_on_publish, dialogue.title))
    entries.extend(LogEntry(row.changed_at, "dialogue_changed", row.recipients,
                            describe(row.changes)) for row in changes_of(dialogue))
    if dialogue.cancelled_at:
        entries.append(LogEntry(dialogue.cancelled_at, "dialogue_cancelled",
                                dialogue.told_on_cancel, dialogue.title))
    return sorted(entries, key=lambda entry: entry.when)

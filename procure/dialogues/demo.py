"""Demo dialogues (``data/seed/dialogues.json``) in every state, dated from today.

Open dialogues go through the services, as an officer's would (publishing alerts the
interested demo suppliers), published the seed's days ago. Past ones are history: their
rows are written as they stand after the fact, with back-dated times, since the services
refuse to act in the past. Whatever suppliers did (registering, booking, asking,
writing) is dated after the dialogue's publication and before the load; only deadlines
and meetings to come lie ahead.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues import services
from procure.dialogues.models import (
    Alert,
    Booking,
    Dialogue,
    MeetingMinutes,
    Message,
    Question,
    Registration,
    Slot,
    WrittenInput,
)
from procure.extensions import db
from procure.needs.models import Need
from procure.suppliers.models import SupplierOrganisation


def load_demo_dialogues(seed_dir: Path) -> int:
    """Add the demo dialogues whose titles are not there yet."""
    path = seed_dir / "dialogues.json"
    if not path.exists():
        return 0
    added = 0
    now = utcnow().replace(hour=11, minute=0, second=0, microsecond=0)
    for row in json.loads(path.read_text(encoding="utf-8")):
        if db.session.execute(db.select(Dialogue.id).filter_by(title=row["title"])).first():
            continue
        _add_dialogue(row, now)
        added += 1
    db.session.flush()
    return added


def _one(model, **criteria):
    return db.session.execute(db.select(model).filter_by(**criteria)).scalar_one()


def _days(now: datetime, days: float | None) -> datetime | None:
    return None if days is None else now + timedelta(days=days)


def _add_dialogue(row: dict, now: datetime) -> None:
    need = _one(Need, reference=row["need"])
    actor = _one(User, email=row["by"])
    past = row["status"] not in ("draft", "published")
    values = {
        "kind": row["kind"], "title": row["title"], "description": need.problem,
        "questions_to_market": row["questions_to_market"], "place": row["place"],
        "link": row["link"],
        "registration_deadline": now + timedelta(days=row["registration_in_days"]),
        "questions_deadline": now + timedelta(days=row["questions_in_days"]),
        "input_deadline": now + timedelta(days=row["input_in_days"]),
    }
    if past:
        dialogue = Dialogue(need_id=need.id, created_by=actor, status=row["status"],
                            lessons_learnt=row.get("lessons", ""), **values,
                            created_at=_days(now, -row["published_days_ago"] - 5),
                            published_at=_days(now, -row["published_days_ago"]))
        for state in ("closed", "reported", "cancelled"):
            if f"{state}_days_ago" in row:
                setattr(dialogue, f"{state}_at", _days(now, -row[f"{state}_days_ago"]))
        db.session.add(dialogue)
        db.session.flush()
    else:
        dialogue = services.create_dialogue(need, values, actor)
        db.session.flush()
        if row["status"] == "published":
            published = _days(now, -row["published_days_ago"])
            services.change_status(dialogue, "published", actor, now=published)
            dialogue.created_at = published - timedelta(days=5)
            # The suppliers were alerted when it was published, not when it was loaded.
            for alert in db.session.execute(db.select(Alert).filter_by(
                    dialogue_id=dialogue.id)).scalars():
                alert.created_at = published
    _add_participation(dialogue, row, actor, now)
    if row["status"] == "cancelled":
        dialogue.told_on_cancel = len(row.get("registrations", ()))


def _add_participation(dialogue: Dialogue, row: dict, officer: User, now: datetime) -> None:
    """Registrations, meetings, questions, information and input, as the seed has them."""
    start = dialogue.published_at or now
    registrations = {}
    for index, item in enumerate(row.get("registrations", ())):
        organisation = _one(SupplierOrganisation, identifier=item["org"])
        member = db.session.execute(db.select(User).filter_by(
            organisation_id=organisation.id, membership="confirmed")).scalars().first()
        registration = Registration(dialogue_id=dialogue.id, organisation_id=organisation.id,
                                    attendees=item["attendees"],
                                    registered_by_id=member.id if member else None,
                                    created_at=start + timedelta(days=1, hours=index))
        db.session.add(registration)
        registrations[item["org"]] = registration
    db.session.flush()
    for item in row.get("slots", ()):
        starts = (now + timedelta(days=item["in_days"])).replace(hour=item["hour"] - 1)
        slot = Slot(dialogue_id=dialogue.id, starts_at=starts, minutes=item["minutes"],
                    capacity=1, booked=len(item["booked_by"]))
        db.session.add(slot)
        db.session.flush()
        for org in item["booked_by"]:
            # Booked an hour after registering: before the meeting, whenever it is.
            booking = Booking(slot_id=slot.id, registration_id=registrations[org].id,
                              status="booked",
                              created_at=registrations[org].created_at + timedelta(hours=1))
            db.session.add(booking)
            if "minutes_text" in item:
                db.session.flush()
                minutes = MeetingMinutes(booking_id=booking.id, text=item["minutes_text"],
                                         material=item["material"], recorded_by_id=officer.id,
                                         created_at=starts + timedelta(hours=2))
                if item.get("shared"):
                    minutes.shared_message_id = _publish(
                        dialogue, "information", item["shared"], officer,
                        starts + timedelta(days=1), len(registrations)).id
                db.session.add(minutes)
    for item in row.get("questions", ()):
        registration = registrations[item["org"]]
        question = Question(dialogue_id=dialogue.id, registration_id=registration.id,
                            asked_by_id=registration.registered_by_id, text=item["text"],
                            created_at=start + timedelta(days=2))
        if "answer" in item:
            when = _days(now, -item["answered_days_ago"]) if "answered_days_ago" in item \
                else start + timedelta(days=3)
            question.answer = _publish(dialogue, "answer", item["answer"], officer, when,
                                       len(registrations), question=item["public"])
        db.session.add(question)
    for item in row.get("information", ()):
        _publish(dialogue, "information", item["text"], officer,
                 _days(now, -item["days_ago"]), len(registrations))
    for index, item in enumerate(row.get("inputs", ())):
        registration = registrations[item["org"]]
        secret = bool(item.get("secret_parts"))
        db.session.add(WrittenInput(
            dialogue_id=dialogue.id, organisation_id=registration.organisation_id,
            answers=item["answers"], trade_secret=secret,
            secret_parts=item.get("secret_parts", ""), secret_harm=item.get("secret_harm", ""),
            submitted_by_id=registration.registered_by_id,
            created_at=start + timedelta(days=4, hours=index)))
    db.session.flush()


def _publish(dialogue: Dialogue, kind: str, body: str, officer: User, when: datetime,
             recipients: int, question: str = "") -> Message:
    message = Message(dialogue_id=dialogue.id, kind=kind, question=question, body=body,
                      published_at=when, published_by_id=officer.id, recipients=recipients)
    db.session.add(message)
    db.session.flush()
    return message

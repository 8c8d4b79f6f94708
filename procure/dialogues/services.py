"""Market dialogues: create, edit, publish, close, cancel; the public listing.

Service functions change state, flush and audit; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_
from sqlalchemy.orm import contains_eager, joinedload

from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.departments.models import Department
from procure.dialogues.alerts import notify
from procure.dialogues import changes, receipts
from procure.dialogues import lifecycle
from procure.dialogues.lifecycle import DialogueRefused
from procure.dialogues.models import (
    Booking,
    Dialogue,
    MeetingMinutes,
    Registration,
    Slot,
)
from procure.dialogues.reporting import names_in_report
from procure.dialogues.vocabulary import EDITABLE_STATES, KINDS, PUBLIC_STATES
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need
from procure.needs.vocabulary import DIALOGUE_STATES
from procure.suppliers.interests import interested_organisations

FIELDS = ("kind", "title", "case_number", "description", "questions_to_market", "place", "link",
          "registration_deadline", "questions_deadline", "input_deadline",
          "slots_per_supplier", "cancel_cutoff_hours")
# What a new dialogue has unless the officer says otherwise.
DEFAULTS = {"slots_per_supplier": 1, "cancel_cutoff_hours": 24, "case_number": ""}


def can_manage(user: User, need: Need) -> bool:
    """The need's editors (officers of its department, admins) run its dialogues."""
    return need_services.can_edit(user, need)


def check_values(values: dict[str, Any]) -> None:
    """Deadlines in a sensible order and a known kind; raises DialogueRefused."""
    if values["kind"] not in KINDS:
        raise DialogueRefused("kind")
    if values["registration_deadline"] > values["input_deadline"]:
        raise DialogueRefused("registration_after_input")
    if values["questions_deadline"] > values["input_deadline"]:
        raise DialogueRefused("questions_after_input")


def create_dialogue(need: Need, values: dict[str, Any], actor: User) -> Dialogue:
    if need.status not in DIALOGUE_STATES:
        raise DialogueRefused("need_not_approved")
    values = {**DEFAULTS, **values}
    check_values(values)
    dialogue = Dialogue(need_id=need.id, created_by=actor, status="draft",
                        **{name: values[name] for name in FIELDS})
    db.session.add(dialogue)
    record("dialogue.created", dialogue, actor=actor, need=need.reference)
    return dialogue


def update_dialogue(dialogue: Dialogue, values: dict[str, Any], *, expected_version: int,
                    actor: User) -> None:
    """Change the dialogue; once it is published, what changed in what the market was
    told (deadlines, place, link, texts) is told to the market and logged."""
    if dialogue.status not in EDITABLE_STATES:
        raise DialogueRefused("not_editable")
    if expected_version != dialogue.lock_version:
        raise DialogueRefused("conflict")
    values = {"case_number": dialogue.case_number, **values}
    check_values(values)
    told = changes.differences(dialogue, values)
    for name in FIELDS:
        setattr(dialogue, name, values[name])
    record("dialogue.updated", dialogue, actor=actor)
    changes.announce(dialogue, told, actor)


def change_status(dialogue: Dialogue, target: str, actor: User,
                  now: datetime | None = None) -> None:
    """One lifecycle step. Publishing needs an approved need and deadlines ahead, moves
    an approved need into market dialogue and alerts the interested suppliers;
    cancelling tells the registered ones; the report needs the lessons learnt and every
    meeting's material information shared with all."""
    now = now or utcnow()
    lifecycle.check_transition(dialogue.status, target)
    if target == "published":
        need = dialogue.need
        if need.status not in DIALOGUE_STATES:
            raise DialogueRefused("need_not_approved")
        if min(dialogue.registration_deadline, dialogue.questions_deadline,
               dialogue.input_deadline) <= now:
            raise DialogueRefused("deadline_passed")
        if need.status == "approved":
            need_services.change_status(need, "in_dialogue", actor,
                                        comment=f"{dialogue.title}")
    if target == "reported":
        if not dialogue.lessons_learnt.strip():
            raise DialogueRefused("no_lessons")
        if minutes_awaiting_sharing(dialogue):
            raise DialogueRefused("minutes_not_shared")
        if names_in_report(dialogue):
            raise DialogueRefused("names_in_report")
    source = dialogue.status
    dialogue.status = target
    setattr(dialogue, f"{target}_at", now)
    if target == "published":
        dialogue.need_version = dialogue.need.version
        interested = db.session.execute(interested_organisations(dialogue.need.cpv_codes))
        dialogue.alerted_on_publish = notify(interested.scalars().all(), "dialogue_published",
                                             dialogue)
    elif target == "cancelled":
        registered = [r.organisation_id for r in active_registrations(dialogue)]
        dialogue.told_on_cancel = notify(registered, "dialogue_cancelled", dialogue)
    record("dialogue.status", dialogue, actor=actor, from_status=source, to_status=target)


def alerted_if_published(dialogue: Dialogue) -> int:
    """How many organisations publishing ``dialogue`` now would alert: those with an
    interest matching its need's CPV codes, as ``change_status`` chooses them."""
    interested = interested_organisations(dialogue.need.cpv_codes).subquery()
    return db.session.execute(db.select(func.count()).select_from(interested)).scalar_one()


@dataclass(frozen=True)
class PublicFilters:
    cpv_division: str | None = None
    department_id: int | None = None
    kind: str | None = None
    include_past: bool = False


def public_dialogues(filters: PublicFilters) -> Select:
    """Dialogues suppliers may see, open ones first by nearest deadline."""
    states = PUBLIC_STATES if filters.include_past else ("published",)
    query = (db.select(Dialogue).join(Need, Need.id == Dialogue.need_id)
             # Every row shows its need and department: load them with the list.
             .options(contains_eager(Dialogue.need).joinedload(Need.department))
             .where(Dialogue.status.in_(states))
             .order_by(Dialogue.registration_deadline, Dialogue.id))
    if filters.cpv_division:
        query = query.where(Need.cpv_division == filters.cpv_division)
    if filters.department_id:
        query = query.where(Need.department_id == filters.department_id)
    if filters.kind in KINDS:
        query = query.where(Dialogue.kind == filters.kind)
    return query


API_PAGE_SIZE = 50


def public_page(filters: PublicFilters, after: tuple[datetime, int] | None,
                limit: int) -> tuple[list[Dialogue], str | None]:
    """A page of :func:`public_dialogues` after the (registration deadline, id) ``after``,
    and the cursor of the next page (``None`` on the last). Keyset paging: the index on
    the order serves every page alike, however deep."""
    query = public_dialogues(filters).options(
        # Each dialogue lists its need's CPV codes: loaded for the page in one query.
        contains_eager(Dialogue.need).selectinload(Need.additional_cpv))
    if after is not None:
        deadline, last_id = after
        query = query.where(or_(Dialogue.registration_deadline > deadline,
                                and_(Dialogue.registration_deadline == deadline,
                                     Dialogue.id > last_id)))
    dialogues = list(db.session.execute(query.limit(limit + 1)).scalars())
    if len(dialogues) <= limit:
        return dialogues, None
    last = dialogues[limit - 1]
    return dialogues[:limit], f"{last.registration_deadline.isoformat()}_{last.id}"


def parse_cursor(text: str | None) -> tuple[datetime, int] | None:
    """A cursor of :func:`public_page` back as (deadline, id); ``ValueError`` if it is none."""
    if not text:
        return None
    moment, _, number = text.rpartition("_")
    return datetime.fromisoformat(moment), int(number)


def public_view(dialogue: Dialogue) -> dict[str, Any]:
    """What anyone may read of a dialogue and its need, as plain JSON values."""
    need: Need = dialogue.need
    department: Department = need.department
    return {
        "id": dialogue.id, "title": dialogue.title, "kind": dialogue.kind,
        "status": dialogue.status, "description": dialogue.description,
        "questions_to_market": dialogue.questions_to_market,
        "place": dialogue.place, "link": dialogue.link,
        "registration_deadline": dialogue.registration_deadline.isoformat(),
        "questions_deadline": dialogue.questions_deadline.isoformat(),
        "input_deadline": dialogue.input_deadline.isoformat(),
        "published_at": dialogue.published_at.isoformat() if dialogue.published_at else None,
        "need": {
            "reference": need.reference, "title": need.title, "language": need.language,
            "department": {"code": department.code, "name_sv": department.name_sv,
                           "name_en": department.name_en},
            "problem": need.problem, "cpv_codes": need.cpv_codes,
            "estimated_value_sek": need.estimated_value_sek,
        },
    }


def is_public(dialogue: Dialogue) -> bool:
    return dialogue.status in PUBLIC_STATES


def registration_of(dialogue: Dialogue, organisation_id: int) -> Registration | None:
    return db.session.execute(db.select(Registration).filter_by(
        dialogue_id=dialogue.id, organisation_id=organisation_id)).scalar_one_or_none()


def active_registrations(dialogue: Dialogue) -> list[Registration]:
    return list(db.session.execute(
        db.select(Registration).filter_by(dialogue_id=dialogue.id, cancelled_at=None)
        # The officers' list names each organisation: loaded with it, not one by one.
        .options(joinedload(Registration.organisation))
        .order_by(Registration.created_at)).scalars())


def register(dialogue: Dialogue, supplier: User, attendees: str,
             now: datetime | None = None) -> Registration:
    """Register the supplier's organisation (again, after a cancellation) before the
    registration deadline of a published dialogue."""
    now = now or utcnow()
    if dialogue.status != "published":
        raise DialogueRefused("not_open")
    if now > dialogue.registration_deadline:
        raise DialogueRefused("registration_closed")
    registration = registration_of(dialogue, supplier.organisation_id)
    if registration is not None and registration.is_active:
        raise DialogueRefused("already_registered")
    if registration is None:
        registration = Registration(dialogue_id=dialogue.id,
                                    organisation_id=supplier.organisation_id)
        db.session.add(registration)
    registration.attendees = attendees.strip()
    registration.registered_by_id = supplier.id
    registration.cancelled_at = None
    record("dialogue.registered", dialogue, actor=supplier,
           organisation=supplier.organisation.identifier)
    receipts.mail_registration_receipt(registration, supplier)
    return registration


def cancel_registration(registration: Registration, supplier: User,
                        now: datetime | None = None) -> None:
    """Withdraw the organisation's registration, while registration is open."""
    now = now or utcnow()
    dialogue = db.session.get(Dialogue, registration.dialogue_id)
    if now > dialogue.registration_deadline:
        raise DialogueRefused("registration_closed")
    registration.cancelled_at = now
    record("dialogue.registration_cancelled", dialogue, actor=supplier,
           organisation=supplier.organisation.identifier)
    receipts.mail_registration_receipt(registration, supplier)


def minutes_awaiting_sharing(dialogue: Dialogue) -> int:
    """How many meetings' material information has not been shared with all yet."""
    return db.session.execute(
        db.select(func.count(MeetingMinutes.id)).join(Booking).join(Slot)
        .where(Slot.dialogue_id == dialogue.id, MeetingMinutes.material.is_(True),
               MeetingMinutes.shared_message_id.is_(None))).scalar_one()


def published_need_version(need: Need) -> int | None:
    """The statement version the market reads: the one the need's latest published (not
    cancelled) dialogue was published with; None while there is none."""
    row = db.session.execute(
        db.select(Dialogue.need_version)
        .where(Dialogue.need_id == need.id, Dialogue.status.in_(PUBLIC_STATES))
        .order_by(Dialogue.published_at.desc(), Dialogue.id.desc()).limit(1)).first()
    if row is None:
        return None
    # Dialogues published before the version was kept: a need in market dialogue cannot
    # be reopened, so its version then is its version now.
    return row[0] or need.version

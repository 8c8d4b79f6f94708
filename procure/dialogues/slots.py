"""One-to-one meetings: slots, bookings, the waiting list.

Booking never overbooks, whatever the concurrency: a place is taken by one conditional
``UPDATE ... SET booked = booked + 1 WHERE booked < capacity``, which the database
applies to one row at a time (PostgreSQL re-checks the condition after a concurrent
update commits). Who did not get a place joins the slot's waiting list; a freed place
goes to the first in line in the same transaction, and they are told.
Service functions flush and audit; the caller commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.orm import contains_eager, joinedload

from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues import changes, receipts
from procure.dialogues.alerts import notify
from procure.dialogues.lifecycle import DialogueRefused
from procure.dialogues.models import Booking, Dialogue, Registration, Slot
from procure.dialogues.services import cancel_registration
from procure.dialogues.vocabulary import EDITABLE_STATES, LIVE_BOOKING_STATES
from procure.extensions import db

def slots_of(dialogue: Dialogue) -> list[Slot]:
    return list(db.session.execute(db.select(Slot).filter_by(dialogue_id=dialogue.id)
                                   .order_by(Slot.starts_at, Slot.id)).scalars())


def add_slot(dialogue: Dialogue, starts_at: datetime, minutes: int, capacity: int,
             actor: User) -> Slot:
    if not dialogue.kind_entry.books_meetings:
        raise DialogueRefused("not_one_to_one")
    if dialogue.status not in EDITABLE_STATES:
        raise DialogueRefused("not_editable")
    if starts_at <= utcnow():
        raise DialogueRefused("slot_passed")
    slot = Slot(dialogue_id=dialogue.id, starts_at=starts_at, minutes=minutes,
                capacity=capacity, booked=0)
    db.session.add(slot)
    record("dialogue.slot_added", dialogue, actor=actor, starts_at=starts_at.isoformat(),
           capacity=capacity)
    changes.announce(dialogue, [changes.change("meeting_time", "", starts_at)], actor)
    return slot


def remove_slot(slot: Slot, actor: User) -> None:
    """Only an empty slot (no booking, no one waiting) can be removed."""
    # Locked, so a booking that is being made waits, and is counted, or is refused after.
    db.session.execute(db.select(Slot.id).where(Slot.id == slot.id).with_for_update())
    live = db.session.execute(db.select(func.count(Booking.id)).where(
        Booking.slot_id == slot.id, Booking.status.in_(LIVE_BOOKING_STATES))).scalar_one()
    if live:
        raise DialogueRefused("slot_in_use")
    dialogue = db.session.get(Dialogue, slot.dialogue_id)
    db.session.delete(slot)
    record("dialogue.slot_removed", dialogue, actor=actor,
           starts_at=slot.starts_at.isoformat())
    changes.announce(dialogue, [changes.change("meeting_time", slot.starts_at, "")], actor)


def live_bookings(registration: Registration) -> list[Booking]:
    return list(db.session.execute(
        db.select(Booking).join(Slot).where(Booking.registration_id == registration.id,
                                            Booking.status.in_(LIVE_BOOKING_STATES))
        .order_by(Slot.starts_at)).scalars())


def _take_place(slot_id: int) -> bool:
    """Raise ``booked`` by one if there is room; True when a place was taken."""
    result = db.session.execute(
        update(Slot).where(Slot.id == slot_id, Slot.booked < Slot.capacity)
        .values(booked=Slot.booked + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def book(slot: Slot, registration: Registration, actor: User,
         now: datetime | None = None) -> Booking:
    """A place in ``slot`` for the registered organisation, or a place in its waiting
    list when it is full (``booking.status`` tells which)."""
    now = now or utcnow()
    dialogue = db.session.get(Dialogue, slot.dialogue_id)
    if dialogue.status != "published" or not registration.is_active:
        raise DialogueRefused("not_open")
    if slot.starts_at <= now:
        raise DialogueRefused("slot_passed")
    # Lock the registration: one organisation's parallel requests queue here, so the
    # per-organisation limit holds too.
    db.session.execute(db.select(Registration.id).where(Registration.id == registration.id)
                       .with_for_update())
    mine = live_bookings(registration)
    if any(booking.slot_id == slot.id for booking in mine):
        raise DialogueRefused("already_booked")
    if sum(booking.status == "booked" for booking in mine) >= dialogue.slots_per_supplier:
        raise DialogueRefused("slot_limit")
    status = "booked" if _take_place(slot.id) else "waiting"
    booking = Booking(slot_id=slot.id, registration_id=registration.id, status=status)
    db.session.add(booking)
    record("dialogue.slot_booked" if status == "booked" else "dialogue.slot_waiting",
           dialogue, actor=actor, slot=slot.id,
           organisation=registration.organisation.identifier)
    receipts.mail_booking_receipt(booking, actor)
    return booking


def cancel_booking(booking: Booking, actor: User, now: datetime | None = None) -> Booking | None:
    """Give up a place (or a place in line) before the dialogue's cut-off; a freed place
    goes to the first in line, who is alerted. Returns the promoted booking, if any."""
    now = now or utcnow()
    slot = booking.slot
    dialogue = db.session.get(Dialogue, slot.dialogue_id)
    if booking.status == "cancelled":
        raise DialogueRefused("not_booked")
    if now > slot.starts_at - timedelta(hours=dialogue.cancel_cutoff_hours):
        raise DialogueRefused("past_cutoff")
    was_booked = booking.status == "booked"
    # Only the request that actually changes the status goes on: two cancels of one
    # booking at once (a double click) free one place, not two.
    changed = db.session.execute(
        update(Booking).where(Booking.id == booking.id, Booking.status == booking.status)
        .values(status="cancelled", cancelled_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise DialogueRefused("not_booked")
    db.session.refresh(booking)
    record("dialogue.slot_cancelled", dialogue, actor=actor, slot=slot.id,
           organisation=booking.registration.organisation.identifier)
    receipts.mail_booking_receipt(booking, actor)
    if not was_booked:
        return None
    db.session.execute(update(Slot).where(Slot.id == slot.id, Slot.booked > 0)
                       .values(booked=Slot.booked - 1)
                       .execution_options(synchronize_session=False))
    promoted = _promote_first_in_line(slot, dialogue, now)
    db.session.refresh(slot)
    return promoted


def _promote_first_in_line(slot: Slot, dialogue: Dialogue, now: datetime) -> Booking | None:
    """The first in line whose organisation may still book gets the place."""
    waiting = db.session.execute(
        db.select(Booking).where(Booking.slot_id == slot.id, Booking.status == "waiting")
        .order_by(Booking.created_at, Booking.id).with_for_update()).scalars().all()
    for candidate in waiting:
        held = sum(b.status == "booked" for b in live_bookings(candidate.registration))
        if held >= dialogue.slots_per_supplier:
            continue  # already has its meetings: the place goes to the next in line
        if not _take_place(slot.id):
            return None
        candidate.status = "booked"
        candidate.promoted_at = now
        notify([candidate.registration.organisation_id], "slot_promoted", dialogue)
        record("dialogue.slot_promoted", dialogue, slot=slot.id,
               organisation=candidate.registration.organisation.identifier)
        return candidate
    return None


def bookings_of(dialogue: Dialogue) -> list[Booking]:
    """Every live booking and waiting place, by slot and place in line (officers' view)."""
    return list(db.session.execute(
        db.select(Booking).join(Slot).where(Slot.dialogue_id == dialogue.id,
                                            Booking.status.in_(LIVE_BOOKING_STATES))
        # Each row shows its slot, organisation and minutes: loaded with the list.
        .options(contains_eager(Booking.slot),
                 joinedload(Booking.registration).joinedload(Registration.organisation),
                 joinedload(Booking.minutes))
        .order_by(Slot.starts_at, Slot.id, Booking.status, Booking.created_at, Booking.id)
    ).scalars())


def withdraw(registration: Registration, actor: User, now: datetime | None = None) -> None:
    """Withdraw the organisation from the dialogue, giving up its coming meetings (each
    freed place goes to the next in line); meetings held stay on record."""
    now = now or utcnow()
    cancel_registration(registration, actor, now)  # refused after the deadline: first
    for booking in live_bookings(registration):
        if booking.slot.starts_at > now:
            cancel_booking(booking, actor, now)

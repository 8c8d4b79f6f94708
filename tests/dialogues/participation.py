"""Supplier A (Kökssvinn Analys AB, the "supplier" account) taking part in the demo's
open one-to-one dialogue: a registration, a booked meeting with minutes, a question, and
written input with one PDF. Shared by the dialogue tests and the access table."""
from __future__ import annotations

import io
from dataclasses import dataclass

from flask import current_app

from procure.dialogues import inputs, messages, services, slots
from procure.dialogues.models import Dialogue, Slot
from procure.extensions import db
from tests.conftest import user_by_role

ONE_TO_ONE = "Enskilda möten: prognoser för förskolornas måltider"
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@dataclass(frozen=True)
class Participation:
    dialogue_id: int
    slot_id: int
    booking_id: int
    question_id: int
    minutes_id: int
    attachment_id: int
    input_id: int


def one_to_one() -> Dialogue:
    return db.session.execute(db.select(Dialogue).filter_by(title=ONE_TO_ONE)).scalar_one()


def free_slot(dialogue: Dialogue) -> Slot:
    return next(slot for slot in slots.slots_of(dialogue) if slot.booked == 0)


def add_participation(app) -> Participation:
    with app.app_context():
        supplier, officer = user_by_role("supplier"), user_by_role("officer")
        dialogue = one_to_one()
        registration = services.register(dialogue, supplier, "Sara Holm")
        slot = free_slot(dialogue)
        booking = slots.book(slot, registration, supplier)
        db.session.flush()
        minutes = messages.record_minutes(booking, "Kökssvinn visade sin prognos.", True,
                                          officer)
        question = messages.ask(dialogue, registration, "Hur många kök ingår?", supplier)
        written = inputs.save_input(dialogue, registration, answers="Vi kan pröva i tio kök.",
                                    trade_secret=False, secret_parts="", secret_harm="",
                                    actor=supplier, expected_version=None)
        config = current_app.config
        attachment = inputs.add_attachment(
            written, io.BytesIO(PDF), "offert.pdf", folder=config["UPLOAD_FOLDER"],
            max_bytes=config["MAX_ATTACHMENT_BYTES"], max_count=5, actor=supplier)
        db.session.commit()
        return Participation(dialogue.id, slot.id, booking.id, question.id, minutes.id,
                             attachment.id, written.id)

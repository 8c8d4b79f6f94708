"""The consultation report assembled from the database, and the need statement's
"Market dialogue" section made from it.

Counts come from SQL aggregates; the report names no supplier (see
:mod:`procure.dialogues.report`, which lays it out).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import func

from procure.catalogue import N_
from procure.core.identity import document_identity
from procure.db import utcnow
from procure.dialogues.messages import messages_of
from procure.dialogues.models import (
    Booking,
    Dialogue,
    MeetingMinutes,
    Message,
    Registration,
    Slot,
    WrittenInput,
)
from procure.dialogues.report import (
    ConsultationReport,
    PublishedItem,
    statement_section,
    supplier_names_in,
)
from procure.extensions import db
from procure.formatting import local_date
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.needs.outline import Contributed
from procure.suppliers.models import SupplierOrganisation
from procure.suppliers.vocabulary import COMPANY_SIZES



def _counts(dialogue: Dialogue, column) -> dict[str, int]:
    rows = db.session.execute(
        db.select(column, func.count(Registration.id))
        .join(SupplierOrganisation, SupplierOrganisation.id == Registration.organisation_id)
        .where(Registration.dialogue_id == dialogue.id, Registration.cancelled_at.is_(None))
        .group_by(column))
    return {key: count for key, count in rows}


def assemble(dialogue: Dialogue, issued: date | None = None) -> ConsultationReport:
    """The anonymised report of a closed or reported dialogue."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    need: Need = dialogue.need
    by_size = _counts(dialogue, SupplierOrganisation.size)
    by_country = _counts(dialogue, SupplierOrganisation.country)
    meetings = db.session.execute(
        db.select(func.count(MeetingMinutes.id)).join(Booking).join(Slot)
        .where(Slot.dialogue_id == dialogue.id)).scalar_one()
    # Input of a company that withdrew is not counted, as its registration is not.
    inputs = db.session.execute(
        db.select(func.count(WrittenInput.id)).join(
            Registration, (Registration.dialogue_id == WrittenInput.dialogue_id)
            & (Registration.organisation_id == WrittenInput.organisation_id))
        .where(WrittenInput.dialogue_id == dialogue.id, Registration.cancelled_at.is_(None))
    ).scalar_one()
    items = tuple(PublishedItem(kind=m.kind, published=local_date(m.published_at, zone),
                                question=m.question, text=m.body, recipients=m.recipients)
                  for m in messages_of(dialogue))
    return ConsultationReport(
        language=need.language, need_reference=need.reference, need_title=need.title,
        department=need.department.name(need.language), dialogue_title=dialogue.title,
        kind=dialogue.kind, status=dialogue.status,
        published=local_date(dialogue.published_at, zone) if dialogue.published_at else None,
        closed=local_date(dialogue.closed_at, zone) if dialogue.closed_at else None,
        issued=issued or local_date(dialogue.reported_at or utcnow(), zone),
        participants_by_size=tuple((size, by_size.get(size, 0)) for size in COMPANY_SIZES),
        participants_by_country=tuple(sorted(by_country.items(),
                                             key=lambda item: (-item[1], item[0]))),
        meetings_held=meetings, written_inputs=inputs, published_items=items,
        lessons_learnt=dialogue.lessons_learnt,
        identity=document_identity(dialogue.case_number or need.case_number))


def report_tracks(dialogues) -> list[tuple]:
    """What :func:`assemble` reads of the dialogues that ``dialogues`` (a subquery of ids)
    picks, as procure.core.pdf_downloads.tracked_key reads it: a change to any of it
    changes the report."""
    dialogue_ids = sa.select(dialogues.c.id)
    registrations = Registration.__table__
    live_orgs = sa.select(registrations.c.organisation_id).where(
        registrations.c.dialogue_id.in_(dialogue_ids))
    bookings = sa.select(Booking.id).join(Slot).where(Slot.dialogue_id.in_(dialogue_ids))
    return [
        (Dialogue.__table__, Dialogue.id.in_(dialogue_ids), None),
        (registrations, registrations.c.dialogue_id.in_(dialogue_ids),
         [registrations.c.id, registrations.c.dialogue_id, registrations.c.organisation_id,
          registrations.c.cancelled_at]),
        (SupplierOrganisation.__table__, SupplierOrganisation.id.in_(live_orgs),
         [SupplierOrganisation.id, SupplierOrganisation.size, SupplierOrganisation.country]),
        (MeetingMinutes.__table__, MeetingMinutes.booking_id.in_(bookings),
         [MeetingMinutes.id, MeetingMinutes.booking_id]),
        (WrittenInput.__table__, WrittenInput.dialogue_id.in_(dialogue_ids),
         [WrittenInput.id, WrittenInput.dialogue_id, WrittenInput.organisation_id]),
        (Message.__table__, Message.dialogue_id.in_(dialogue_ids), None),
    ]


def market_dialogue_tracks(need: Need) -> list[tuple]:
    reported = (sa.select(Dialogue.id).where(Dialogue.need_id == need.id,
                                              Dialogue.status == "reported").subquery())
    return report_tracks(reported)


def names_in_report(dialogue: Dialogue) -> tuple[str, ...]:
    """Names of participating organisations that the report's free text mentions: the
    report must name no supplier, so it cannot be made final while this finds any."""
    names = db.session.execute(
        db.select(SupplierOrganisation.name).join(
            Registration, Registration.organisation_id == SupplierOrganisation.id)
        .where(Registration.dialogue_id == dialogue.id)).scalars().all()
    return supplier_names_in(assemble(dialogue), names)


def market_dialogue_section(need: Need) -> ExtraSection | None:
    """The need statement's "Market dialogue" section: its reported dialogues only, whose
    reports were checked to name no company when they were made final."""
    dialogues = db.session.execute(
        db.select(Dialogue).where(Dialogue.need_id == need.id, Dialogue.status == "reported")
        .order_by(Dialogue.closed_at, Dialogue.id)).scalars().all()
    return statement_section([assemble(d) for d in dialogues], need.language)


MARKET_DIALOGUE = Contributed("market_dialogue", N_("Market dialogue"), market_dialogue_section,
                              market_dialogue_tracks)

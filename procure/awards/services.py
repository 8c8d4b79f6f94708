"""Recording the tender and the award, each with its step of the need's lifecycle.

The step itself is the need's (procure.needs.services.change_status): a tender is
recorded and the need moves to "in procurement" in one request, and the same for the
award and "contracted". Once there, the record can be corrected without another step.
Service functions change state, flush and write the audit event; the caller commits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import cache
from urllib.parse import urlsplit

from sqlalchemy import Select
from sqlalchemy.orm import joinedload

from procure.audit.services import record
from procure.awards.models import Award, AwardSupplier, Tender
from procure.awards.vocabulary import PROCEDURES, SOURCES
from procure.auth.models import User
from procure.db import utcnow
from procure.errors import Refused
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need
from procure.suppliers.identifiers import parse_org_number, parse_vat_number
from procure.suppliers.models import SupplierOrganisation

TED_NUMBER = re.compile(r"^\d{1,8}-\d{4}$")  # a TED publication number: 123456-2026


class AwardRefused(Refused):
    """A refused tender or award; ``code`` names the reason, ``field`` the value at fault."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.field = field


@dataclass(frozen=True)
class TenderInput:
    source: str
    notice_reference: str
    notice_url: str
    procedure: str
    published_on: date | None
    deadline_on: date | None


@dataclass(frozen=True)
class Winner:
    """A registered organisation (``organisation_id``) or a name and its identifier."""

    organisation_id: int | None = None
    name: str = ""
    identifier: str = ""  # an organisation number, or an EU VAT number


@dataclass(frozen=True)
class AwardInput:
    winners: tuple[Winner, ...]
    amount_sek: Decimal
    signed_on: date
    starts_on: date
    ends_on: date
    options: str = ""
    options_until: date | None = None


def tender_of(need: Need) -> Tender | None:
    return db.session.execute(db.select(Tender).filter_by(need_id=need.id)).scalar_one_or_none()


def award_of(need: Need) -> Award | None:
    return db.session.execute(db.select(Award).filter_by(need_id=need.id)).scalar_one_or_none()


def tender_and_award_of(need: Need) -> tuple[Tender | None, Award | None]:
    """Both records of ``need`` (and the award's winners) in one statement."""
    row = db.session.execute(
        db.select(Tender, Award).select_from(Need)
        .outerjoin(Tender, Tender.need_id == Need.id).outerjoin(Award, Award.need_id == Need.id)
        .where(Need.id == need.id)
        .options(joinedload(Award.suppliers).joinedload(AwardSupplier.organisation))
    ).unique().first()
    return (row[0], row[1]) if row else (None, None)


def need_page_tracks(need_id) -> list[tuple]:
    """The rows the need page's tender-and-award panel shows, as tracks of its kept part
    (``procure.needs.page_part``): the tender, the award, its winners and their names."""
    awards = db.select(Award.id).where(Award.need_id == need_id)
    winners = db.select(AwardSupplier.organisation_id).where(AwardSupplier.award_id.in_(awards))
    return [(Tender.__table__, Tender.need_id == need_id, None),
            (Award.__table__, Award.need_id == need_id, None),
            (AwardSupplier.__table__, AwardSupplier.award_id.in_(awards), None),
            (SupplierOrganisation.__table__, SupplierOrganisation.id.in_(winners), None)]


def _step(need: Need, records: str, actor: User):
    """The lifecycle step of ``need`` that records ``records``, open to ``actor`` now."""
    return next((t for t in need_services.available_steps(actor, need)
                 if t.records == records), None)


def can_record_tender(need: Need, actor: User) -> bool:
    return need_services.can_edit(actor, need) and (
        _step(need, "tender", actor) is not None or need.status == "in_procurement")


def can_record_award(need: Need, actor: User) -> bool:
    return need_services.can_edit(actor, need) and (
        _step(need, "award", actor) is not None or need.status == "contracted")


# --- the tender ----------------------------------------------------------------------

def _check_tender(values: TenderInput) -> None:
    if values.source not in SOURCES:
        raise AwardRefused("source", "source")
    if values.procedure not in PROCEDURES:
        raise AwardRefused("procedure", "procedure")
    if values.source == "none":
        if values.procedure != "direct_award":
            raise AwardRefused("advertise", "source")
        return
    if values.source == "ted" and not TED_NUMBER.match(values.notice_reference.strip()):
        raise AwardRefused("ted_number", "notice_reference")
    if not values.notice_reference.strip():
        raise AwardRefused("notice_reference", "notice_reference")
    url = urlsplit(values.notice_url.strip())
    if url.scheme not in ("http", "https") or not url.netloc:
        raise AwardRefused("notice_url", "notice_url")
    if values.published_on is None:
        raise AwardRefused("published_on", "published_on")
    if values.deadline_on is None or values.deadline_on < values.published_on:
        raise AwardRefused("deadline", "deadline_on")


def record_tender(need: Need, values: TenderInput, actor: User, comment: str = "") -> Tender:
    """Record the tender; a need not yet in procurement moves there with it."""
    if not can_record_tender(need, actor):
        raise AwardRefused("not_allowed")
    _check_tender(values)
    tender = tender_of(need) or Tender(need_id=need.id)
    tender.source = values.source
    tender.notice_reference = values.notice_reference.strip() if values.source != "none" else ""
    tender.notice_url = values.notice_url.strip() if values.source != "none" else ""
    tender.procedure = values.procedure
    tender.published_on = values.published_on
    tender.deadline_on = values.deadline_on
    tender.recorded_by_id = actor.id
    db.session.add(tender)
    record("tender.recorded", tender, actor=actor, need=need.reference, source=tender.source,
           notice=tender.notice_reference, procedure=tender.procedure)
    if need.status != "in_procurement":
        need_services.change_status(need, "in_procurement", actor, comment)
    return tender


# --- the award -----------------------------------------------------------------------

def check_identifier(value: str):
    """A CompanyIdentifier from an organisation number or an EU VAT number, checked as
    at a supplier's registration; IdentifierError (with its code) when it fails."""
    text = value.strip()
    if text[:2].isalpha():
        return parse_vat_number(text)
    return parse_org_number(text)


def _winner_rows(winners: tuple[Winner, ...]) -> list[AwardSupplier]:
    rows, seen = [], set()
    for position, winner in enumerate(winners, 1):
        if winner.organisation_id:
            organisation = db.session.get(SupplierOrganisation, winner.organisation_id)
            if organisation is None:
                raise AwardRefused("organisation", "winners")
            key = organisation.identifier
            row = AwardSupplier(position=position, organisation_id=organisation.id,
                                name="", country=organisation.country, identifier="")
        else:
            if not winner.name.strip():
                raise AwardRefused("winner_name", "winners")
            identifier = check_identifier(winner.identifier)  # IdentifierError on a typo
            key = identifier.key
            registered = db.session.execute(db.select(SupplierOrganisation).filter_by(
                identifier=key)).scalar_one_or_none()
            if registered is not None:  # the same company, registered after all
                row = AwardSupplier(position=position, organisation_id=registered.id,
                                    country=registered.country)
            else:
                row = AwardSupplier(position=position, name=winner.name.strip()[:200],
                                    country=identifier.country, identifier=key)
        if key in seen:
            raise AwardRefused("twice", "winners")
        seen.add(key)
        rows.append(row)
    if not rows:
        raise AwardRefused("no_winner", "winners")
    return rows


def _check_award(need: Need, values: AwardInput) -> None:
    if values.amount_sek is None or values.amount_sek <= 0:
        raise AwardRefused("amount", "amount_sek")
    if values.ends_on < values.starts_on:
        raise AwardRefused("period", "ends_on")
    if values.options_until is not None and values.options_until < values.ends_on:
        raise AwardRefused("options_until", "options_until")
    tender = tender_of(need)
    if tender is not None and tender.published_on and values.signed_on < tender.published_on:
        raise AwardRefused("signed_before_tender", "signed_on")


def record_award(need: Need, values: AwardInput, actor: User, comment: str = "") -> Award:
    """Record the award; a need in procurement moves to "contracted" with it."""
    # One award is recorded at a time per need: two saves at once (a double click) would
    # otherwise both replace the same winners. The lock also reads the need as it is now.
    db.session.execute(db.select(Need).where(Need.id == need.id).with_for_update()
                       .execution_options(populate_existing=True))
    if not can_record_award(need, actor):
        raise AwardRefused("not_allowed")
    _check_award(need, values)
    rows = _winner_rows(values.winners)
    award = award_of(need)
    if award is None:
        award = Award(need_id=need.id)
        db.session.add(award)
    else:
        award.suppliers.clear()
        db.session.flush()
    award.amount_sek = values.amount_sek
    award.signed_on = values.signed_on
    award.starts_on = values.starts_on
    award.ends_on = values.ends_on
    award.options = values.options.strip()
    award.options_until = values.options_until
    award.recorded_by_id = actor.id
    award.recorded_at = utcnow()
    award.suppliers.extend(rows)
    db.session.flush()
    record("award.recorded", award, actor=actor, need=need.reference,
           amount_sek=str(values.amount_sek),
           suppliers=[row.identifier or row.organisation_id for row in rows])
    if need.status != "contracted":
        need_services.change_status(need, "contracted", actor, comment)
    return award


def direct_awards_sum(group: str, year: int, excluding_need_id: int | None = None) -> int:
    """The city's direct awards in CPV group ``group`` (the main code's first three
    digits) signed in financial year ``year``, in whole kronor (rounded up): what the
    direct-award limit holds for together (LOU 19 a kap.). A direct award is an award
    under a tender recorded as one, or, without a tender record, of a need whose route
    is the pilot. ``excluding_need_id``: the need being advised, never counted twice."""
    total = db.session.execute(_direct_awards_select(), {
        "codes": f"{group}%", "first_day": date(year, 1, 1), "last_day": date(year, 12, 31),
        # No need has the id -1: one statement for both cases, nothing left out.
        "excluding": -1 if excluding_need_id is None else excluding_need_id}).scalar_one()
    return int(Decimal(str(total)).to_integral_value(rounding=ROUND_CEILING))


@cache
def _direct_awards_select() -> Select:
    """The sum's statement, built once: every need page asks for it, and building it
    cost as much as running it."""
    return (db.select(db.func.coalesce(db.func.sum(Award.amount_sek), 0))
            .join(Need, Need.id == Award.need_id)
            .outerjoin(Tender, Tender.need_id == Award.need_id)
            .where(Need.cpv_main.like(db.bindparam("codes")),
                   Award.signed_on >= db.bindparam("first_day"),
                   Award.signed_on <= db.bindparam("last_day"),
                   db.or_(Tender.procedure == "direct_award",
                          db.and_(Tender.id.is_(None), Need.procedure == "pilot")),
                   Award.need_id != db.bindparam("excluding")))

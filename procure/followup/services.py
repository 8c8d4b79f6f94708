"""Follow-up: outcome targets, measurements, the closing decision and publication.

Service functions change state, flush and write the audit event; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from procure.audit.services import record
from procure.auth.models import User
from procure.awards.services import award_of
from procure.db import utcnow
from procure.errors import Refused
from procure.extensions import db
from procure.followup.models import (
    DECISIONS,
    SCALE_UNITS,
    ImplementationDecision,
    Measurement,
    OutcomeTarget,
)
from procure.followup.progress import Point, standing
from procure.followup.units import UNITS, fits
from procure.needs import services as need_services
from procure.needs.models import Need, NeedOutcome

# An outcome of a contracted need is measured at least this often (the owner's reminder).
MEASURE_EVERY_DAYS = 90
# Targets are set once the statement is approved and until the need closes.
TARGET_STATES = ("approved", "in_dialogue", "in_procurement", "contracted")


class FollowUpRefused(Refused):
    """A refused target, measurement or decision; ``field`` names the value at fault."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.field = field


@dataclass(frozen=True)
class TargetInput:
    unit: str
    baseline_value: Decimal
    target_value: Decimal
    target_on: date


@dataclass(frozen=True)
class MeasurementInput:
    measured_on: date
    value: Decimal
    source: str
    comment: str = ""


@dataclass(frozen=True)
class DecisionInput:
    decision: str
    lessons: str
    decided_on: date
    scale_count: int | None = None
    scale_unit: str | None = None


@dataclass
class OutcomeFollowUp:
    """One outcome with its target, measurements (oldest first) and standing."""

    number: int
    outcome: NeedOutcome
    target: OutcomeTarget | None
    measurements: list[Measurement]
    standing: str


def today() -> date:
    return need_services.city_date(utcnow())


def can_change(user: User, need: Need) -> bool:
    return need_services.can_edit(user, need)


def contract_start(need: Need) -> date | None:
    """The day measurements may start: the award's signature date."""
    award = award_of(need)
    return award.signed_on if award else None


def follow_up(need: Need, on: date | None = None) -> list[OutcomeFollowUp]:
    """Every outcome of ``need`` with its figures: three queries, whatever the count."""
    on = on or today()
    ids = [outcome.id for outcome in need.outcomes]
    targets = {t.outcome_id: t for t in db.session.execute(
        db.select(OutcomeTarget).where(OutcomeTarget.outcome_id.in_(ids))).scalars()} if ids else {}
    measured: dict[int, list[Measurement]] = {i: [] for i in ids}
    if ids:
        for row in db.session.execute(db.select(Measurement).where(
                Measurement.outcome_id.in_(ids)).order_by(Measurement.measured_on,
                                                           Measurement.id)).scalars():
            measured[row.outcome_id].append(row)
    start = contract_start(need)
    rows = []
    for number, outcome in enumerate(need.outcomes, 1):
        target = targets.get(outcome.id)
        points = [Point(m.measured_on, m.value) for m in measured[outcome.id]]
        state = "not_measured"
        if target is not None and start is not None:
            state = standing(target.baseline_value, target.target_value, target.target_on,
                             start, points, on)
        rows.append(OutcomeFollowUp(number, outcome, target, measured[outcome.id], state))
    return rows


def _outcome(need: Need, outcome_id: int) -> NeedOutcome:
    outcome = next((o for o in need.outcomes if o.id == outcome_id), None)
    if outcome is None:
        raise FollowUpRefused("outcome", "outcome")
    return outcome


def set_target(need: Need, outcome_id: int, values: TargetInput, actor: User) -> OutcomeTarget:
    if not can_change(actor, need) or need.status not in TARGET_STATES:
        raise FollowUpRefused("not_allowed")
    outcome = _outcome(need, outcome_id)
    if values.unit not in UNITS:
        raise FollowUpRefused("unit", "unit")
    for name in ("baseline_value", "target_value"):
        if not fits(values.unit, getattr(values, name)):
            raise FollowUpRefused("outside_unit", name)
    if values.target_value == values.baseline_value:
        raise FollowUpRefused("target_moves", "target_value")
    target = db.session.execute(db.select(OutcomeTarget).filter_by(
        outcome_id=outcome.id)).scalar_one_or_none() or OutcomeTarget(outcome_id=outcome.id)
    target.unit = values.unit
    target.baseline_value = values.baseline_value
    target.target_value = values.target_value
    target.target_on = values.target_on
    db.session.add(target)
    record("followup.target_set", target, actor=actor, need=need.reference,
           unit=values.unit, baseline=str(values.baseline_value),
           target=str(values.target_value), target_on=values.target_on.isoformat())
    return target


def add_measurement(need: Need, outcome_id: int, values: MeasurementInput,
                    actor: User) -> Measurement:
    """Refused outside the indicator's unit, before the contract or in the future."""
    if not can_change(actor, need) or need.status != "contracted":
        raise FollowUpRefused("not_allowed")
    outcome = _outcome(need, outcome_id)
    target = db.session.execute(db.select(OutcomeTarget).filter_by(
        outcome_id=outcome.id)).scalar_one_or_none()
    if target is None:
        raise FollowUpRefused("no_target", "outcome")
    start = contract_start(need)
    if start is None or values.measured_on < start:
        raise FollowUpRefused("before_contract", "measured_on")
    if values.measured_on > today():
        raise FollowUpRefused("future", "measured_on")
    if not fits(target.unit, values.value):
        raise FollowUpRefused("outside_unit", "value")
    if not values.source.strip():
        raise FollowUpRefused("source", "source")
    measurement = Measurement(outcome_id=outcome.id, measured_on=values.measured_on,
                              value=values.value, source=values.source.strip(),
                              comment=values.comment.strip(), recorded_by=actor)
    db.session.add(measurement)
    record("followup.measured", measurement, actor=actor, need=need.reference,
           outcome=outcome.id, value=str(values.value),
           measured_on=values.measured_on.isoformat())
    return measurement


def decision_of(need: Need) -> ImplementationDecision | None:
    return db.session.execute(db.select(ImplementationDecision).filter_by(
        need_id=need.id)).scalar_one_or_none()


def decide(need: Need, values: DecisionInput, actor: User) -> ImplementationDecision:
    """Close the need with its implementation decision (the lifecycle's "close" step)."""
    if not can_change(actor, need) or need.status != "contracted":
        raise FollowUpRefused("not_allowed")
    if values.decision not in DECISIONS:
        raise FollowUpRefused("decision", "decision")
    if values.decision == "scaled":
        if not values.scale_count or values.scale_count < 1:
            raise FollowUpRefused("scale_count", "scale_count")
        if values.scale_unit not in SCALE_UNITS:
            raise FollowUpRefused("scale_unit", "scale_unit")
    if not values.lessons.strip():
        raise FollowUpRefused("lessons", "lessons")
    start = contract_start(need)
    if start is not None and values.decided_on < start:
        raise FollowUpRefused("before_contract", "decided_on")
    scaled = values.decision == "scaled"
    decision = ImplementationDecision(
        need_id=need.id, decision=values.decision,
        scale_count=values.scale_count if scaled else None,
        scale_unit=values.scale_unit if scaled else None,
        lessons=values.lessons.strip(), decided_on=values.decided_on, decided_by=actor)
    db.session.add(decision)
    record("followup.decided", decision, actor=actor, need=need.reference,
           decision=values.decision, scale_count=decision.scale_count,
           scale_unit=decision.scale_unit)
    need_services.change_status(need, "closed", actor, values.lessons.strip()[:2000])
    return decision


def set_published(need: Need, published: bool, actor: User) -> ImplementationDecision:
    """Publish the closed case in the case library, or take it back."""
    decision = decision_of(need)
    if not can_change(actor, need) or need.status != "closed" or decision is None:
        raise FollowUpRefused("not_allowed")
    decision.published_at = utcnow() if published else None
    record("case.published" if published else "case.unpublished", decision, actor=actor,
           need=need.reference)
    return decision


@dataclass(frozen=True)
class DueMeasurement:
    """An outcome whose next measurement is due: for the owner's start page."""

    need: Need
    outcome: NeedOutcome
    due_on: date


def due_measurements(user: User, on: date | None = None) -> list[DueMeasurement]:
    """The outcomes of ``user``'s contracted needs (as responsible officer) that have a
    target and no measurement in the last MEASURE_EVERY_DAYS days (counted from the
    contract's signature when there is none yet), the longest due first."""
    from datetime import timedelta

    from procure.awards.models import Award

    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return []
    on = on or today()
    latest = (db.select(Measurement.outcome_id, db.func.max(Measurement.measured_on)
                        .label("last")).group_by(Measurement.outcome_id).subquery())
    rows = db.session.execute(
        db.select(Need, NeedOutcome, Award.signed_on, latest.c.last)
        .join(NeedOutcome, NeedOutcome.need_id == Need.id)
        .join(OutcomeTarget, OutcomeTarget.outcome_id == NeedOutcome.id)
        .join(Award, Award.need_id == Need.id)
        .outerjoin(latest, latest.c.outcome_id == NeedOutcome.id)
        .where(Need.officer_id == user.id, Need.status == "contracted")).all()
    due = []
    for need, outcome, signed_on, last in rows:
        due_on = (last or signed_on) + timedelta(days=MEASURE_EVERY_DAYS)
        if due_on <= on:
            due.append(DueMeasurement(need, outcome, due_on))
    return sorted(due, key=lambda item: (item.due_on, item.need.reference, item.outcome.position))

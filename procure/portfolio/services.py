"""The portfolio's rows: each need and each open idea with its stage, owner, age in
stage, resources and highest open risk, read in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.extensions import db
from procure.followup.models import ImplementationDecision, Measurement
from procure.ideas.models import Idea
from procure.needs import services as need_services
from procure.needs.models import Need, NeedOutcome, NeedStatusChange
from procure.pcp.models import PcpPlan
from procure.portfolio.models import InitiativeResources
from procure.portfolio.stages import STAGES, need_stage
from procure.risks.models import Risk
from procure.risks.scoring import ACTIVE_STATUSES


@dataclass
class Row:
    kind: str  # "need" or "idea"
    key: str  # the need's reference or "#<idea id>"
    title: str
    stage: str
    department_id: int | None
    owner: str
    days_in_stage: int
    resources: InitiativeResources | None
    top_risk: Risk | None


@dataclass(frozen=True)
class Filters:
    """As on the other lists: a need belongs to the year of its reference and to the CPV
    division of its main code; an open idea to the year it came in. An idea has no CPV
    code, so a CPV division lists needs only."""

    department_id: int | None = None
    stage: str | None = None
    year: int | None = None
    cpv_division: str | None = None


def _need_conditions(filters: Filters) -> list:
    conditions = []
    if filters.department_id:
        conditions.append(Need.department_id == filters.department_id)
    if filters.year:
        conditions.append(Need.year == filters.year)
    if filters.cpv_division:
        conditions.append(Need.cpv_division == filters.cpv_division)
    return conditions


def _idea_conditions(filters: Filters) -> list:
    conditions = [Idea.status.in_(("submitted", "under_review"))]
    if filters.department_id:
        conditions.append(Idea.department_id == filters.department_id)
    if filters.year:
        conditions += [Idea.created_at >= datetime(filters.year, 1, 1, tzinfo=timezone.utc),
                       Idea.created_at < datetime(filters.year + 1, 1, 1, tzinfo=timezone.utc)]
    return conditions


def years() -> list[int]:
    """The years that have needs, newest first (the year filter's choices)."""
    return list(db.session.execute(db.select(Need.year).distinct()
                                   .order_by(Need.year.desc())).scalars())


def rows(filters: Filters, today: date | None = None) -> list[Row]:
    today = today or need_services.city_date(utcnow())
    needs = db.session.execute(db.select(Need, User.name).join(User, User.id == Need.officer_id)
                               .where(*_need_conditions(filters))
                               .order_by(Need.reference)).all()
    ids = [need.id for need, _name in needs]
    since = dict(db.session.execute(db.select(NeedStatusChange.need_id,
                                              db.func.max(NeedStatusChange.at))
                                    .group_by(NeedStatusChange.need_id)).all()) if ids else {}
    with_pcp = set(db.session.execute(db.select(PcpPlan.need_id)).scalars())
    measured = set(db.session.execute(db.select(NeedOutcome.need_id).join(
        Measurement, Measurement.outcome_id == NeedOutcome.id).distinct()).scalars())
    decisions = dict(db.session.execute(db.select(ImplementationDecision.need_id,
                                                  ImplementationDecision.decision)).all())
    resources = {r.need_id: r for r in db.session.execute(
        db.select(InitiativeResources)).scalars()}
    risks: dict[int, Risk] = {}
    for risk in db.session.execute(db.select(Risk).where(
            Risk.status.in_(ACTIVE_STATUSES))).scalars():
        kept = risks.get(risk.need_id)
        if kept is None or risk.score > kept.score:
            risks[risk.need_id] = risk
    result = []
    for need, officer_name in needs:
        stage = need_stage(need.status, has_pcp=need.id in with_pcp,
                           measured=need.id in measured, decision=decisions.get(need.id))
        changed = since.get(need.id) or need.created_at
        result.append(Row("need", need.reference, need.title, stage, need.department_id,
                          officer_name, (today - need_services.city_date(changed)).days,
                          resources.get(need.id), risks.get(need.id)))
    ideas = [] if filters.cpv_division else db.session.execute(
        db.select(Idea).where(*_idea_conditions(filters)).order_by(Idea.id)).scalars()
    for idea in ideas:
        result.append(Row("idea", f"#{idea.id}", idea.title, "idea", idea.department_id, "",
                          (today - need_services.city_date(idea.updated_at)).days, None, None))
    if filters.stage in STAGES:
        result = [row for row in result if row.stage == filters.stage]
    order = list(STAGES)
    return sorted(result, key=lambda row: (order.index(row.stage), row.key))


def by_stage(rows_: list[Row]) -> list[tuple[str, int, int]]:
    """(stage, initiatives, budget planned in SEK) for every stage, in order."""
    return [(stage, sum(1 for r in rows_ if r.stage == stage),
             sum(r.resources.budget_planned_sek for r in rows_
                 if r.stage == stage and r.resources)) for stage in STAGES]


def save_resources(need: Need, values: dict[str, int], actor: User) -> InitiativeResources:
    kept = db.session.execute(db.select(InitiativeResources).filter_by(
        need_id=need.id)).scalar_one_or_none() or InitiativeResources(need_id=need.id)
    for name, value in values.items():
        setattr(kept, name, value)
    kept.updated_by_id = actor.id
    db.session.add(kept)
    record("resources.saved", kept, actor=actor, need=need.reference, **values)
    return kept


def resources_of(need: Need) -> InitiativeResources | None:
    return db.session.execute(db.select(InitiativeResources).filter_by(
        need_id=need.id)).scalar_one_or_none()

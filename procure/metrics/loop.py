"""The innovation loop: ideas in, outcomes out (issue 18). An idea belongs to the year it
came in and to its department; with a CPV division chosen, only ideas that became a
need of that division count (an idea has no CPV code of its own). Each figure is a
select of one or more single values: :func:`loop_figures` asks for all of them, and
the estimated value in innovation procurement (``queries.innovation_value_select``), in one
statement (the dashboard's statement budget).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import Date, Select, and_, case, cast, distinct, func, select, union

from procure.auth.models import User
from procure.awards.models import Award
from procure.extensions import db
from procure.followup.models import ImplementationDecision, Measurement, OutcomeTarget
from procure.ideas.models import Idea, IdeaSupport
from procure.metrics.queries import (
    Filters,
    Share,
    innovation_value_select,
    median_select,
    need_conditions,
    one_place,
)
from procure.needs.models import Need, NeedOutcome, NeedStatusChange
from procure.pcp.models import PcpPlan, Phase, Score
from procure.portfolio.models import InitiativeResources


def _year_span(year: int) -> tuple[datetime, datetime]:
    return (datetime(year, 1, 1, tzinfo=timezone.utc),
            datetime(year + 1, 1, 1, tzinfo=timezone.utc))


def _ideas_selected(filters: Filters) -> list:
    """The conditions on :class:`Idea` that the filters set."""
    conditions = []
    if filters.year:
        start, end = _year_span(filters.year)
        conditions += [Idea.created_at >= start, Idea.created_at < end]
    if filters.department_id:
        conditions.append(Idea.department_id == filters.department_id)
    if filters.cpv_division:
        conditions.append(Idea.need_id.in_(select(Need.id).where(
            Need.cpv_division == filters.cpv_division)))
    return conditions


def _ideas(filters: Filters) -> list[Select]:
    """The ideas that came in, and those of them turned into a need."""
    return [select(func.count(Idea.id)).where(*_ideas_selected(filters)),
            select(func.count(Idea.need_id)).where(*_ideas_selected(filters))]


def _date_of(moment):
    """The UTC calendar day of a stored moment, on either database."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone("UTC", moment), Date)
    return func.date(moment)


def _idea_to_contract(filters: Filters) -> Select:
    """Days from the day an idea came in to the day the contract of the need made from
    it was signed, over the selected needs that have one: their median."""
    if db.engine.dialect.name == "postgresql":
        days = Award.signed_on - _date_of(Idea.created_at)
    else:
        days = func.julianday(Award.signed_on) - func.julianday(_date_of(Idea.created_at))
    return median_select(select(days).select_from(Idea)
                   .join(Need, Need.id == Idea.need_id)
                   .join(Award, Award.need_id == Need.id)
                   .where(*need_conditions(filters)))


def _outcomes(filters: Filters) -> list[Select]:
    """The outcomes followed up (a target and at least one measurement), and those that
    met their target: the latest measurement reaches it, in the direction from the
    baseline (as :func:`procure.followup.progress.standing` says "met")."""
    ranked = (select(Measurement.outcome_id, Measurement.value,
                     func.row_number().over(partition_by=Measurement.outcome_id,
                                            order_by=(Measurement.measured_on.desc(),
                                                      Measurement.id.desc()))
                     .label("position"))
              .join(NeedOutcome, NeedOutcome.id == Measurement.outcome_id)
              .join(Need, Need.id == NeedOutcome.need_id)
              .where(*need_conditions(filters)).subquery())
    reached = case(
        (and_(OutcomeTarget.target_value < OutcomeTarget.baseline_value,
              ranked.c.value <= OutcomeTarget.target_value), 1),
        (and_(OutcomeTarget.target_value > OutcomeTarget.baseline_value,
              ranked.c.value >= OutcomeTarget.target_value), 1))
    return [select(counted).select_from(ranked)
            .join(OutcomeTarget, OutcomeTarget.outcome_id == ranked.c.outcome_id)
            .where(ranked.c.position == 1)
            for counted in (func.count(ranked.c.outcome_id), func.count(reached))]


DECISIONS = ("scaled", "continued", "stopped")


@dataclass(frozen=True)
class Decisions:
    scaled: int
    continued: int
    stopped: int


def _decisions(filters: Filters) -> list[Select]:
    """How the selected initiatives ended: scaled, continued as is, stopped."""
    return [select(func.count(ImplementationDecision.id))
            .join(Need, Need.id == ImplementationDecision.need_id)
            .where(ImplementationDecision.decision == decision, *need_conditions(filters))
            for decision in DECISIONS]


@dataclass(frozen=True)
class Budget:
    earmarked_sek: int
    used_sek: int


def _budget(filters: Filters) -> list[Select]:
    """The money earmarked for the selected initiatives, and how much of it is used."""
    return [select(func.coalesce(func.sum(column), 0))
            .join(Need, Need.id == InitiativeResources.need_id).where(*need_conditions(filters))
            for column in (InitiativeResources.budget_planned_sek,
                           InitiativeResources.budget_used_sek)]


def _staff(filters: Filters) -> Select:
    """Distinct members of staff who took part in the selection: submitted or supported
    an idea that came in (supported in the year, with a year chosen), drafted a need,
    reviewed one (moved it on from review) or scored a PCP phase of one."""
    support_conditions = _ideas_selected(Filters(department_id=filters.department_id,
                                                 cpv_division=filters.cpv_division))
    if filters.year:
        start, end = _year_span(filters.year)
        support_conditions += [IdeaSupport.at >= start, IdeaSupport.at < end]
    people = union(
        select(Idea.submitted_by_id.label("user_id")).where(
            Idea.submitted_by_id.is_not(None), *_ideas_selected(filters)),
        select(IdeaSupport.user_id).join(Idea, Idea.id == IdeaSupport.idea_id)
        .where(*support_conditions),
        select(Need.author_id).where(*need_conditions(filters)),
        select(NeedStatusChange.actor_id).join(Need, Need.id == NeedStatusChange.need_id)
        .where(NeedStatusChange.from_status == "in_review",
               NeedStatusChange.actor_id.is_not(None), *need_conditions(filters)),
        select(Score.user_id).join(Phase, Phase.id == Score.phase_id)
        .join(PcpPlan, PcpPlan.id == Phase.plan_id).join(Need, Need.id == PcpPlan.need_id)
        .where(*need_conditions(filters)),
    ).subquery()
    return (select(func.count(distinct(User.id))).join(people, people.c.user_id == User.id)
            .where(User.role.in_(("officer", "admin"))))


def _values(selects: list[Select]) -> tuple:
    """Single values of several selects, in one statement."""
    return tuple(db.session.execute(select(*(s.scalar_subquery() for s in selects))).one())


def ideas_to_needs(filters: Filters) -> Share:
    """Of the ideas that came in, how many were turned into a need."""
    whole, part = _values(_ideas(filters))
    return Share(part=part, whole=whole)


def median_days_idea_to_contract(filters: Filters) -> Decimal | None:
    return one_place(db.session.execute(_idea_to_contract(filters)).scalar())


def outcomes_met(filters: Filters) -> Share:
    whole, part = _values(_outcomes(filters))
    return Share(part=part, whole=whole)


def implementation_decisions(filters: Filters) -> Decisions:
    return Decisions(*_values(_decisions(filters)))


def innovation_budget(filters: Filters) -> Budget:
    return Budget(*(int(value) for value in _values(_budget(filters))))


def staff_engaged(filters: Filters) -> int:
    return db.session.execute(_staff(filters)).scalar_one()


@dataclass(frozen=True)
class LoopFigures:
    innovation_value_sek: int
    ideas_to_needs: Share
    median_days_idea_to_contract: Decimal | None
    outcomes_met: Share
    decisions: Decisions
    innovation_budget: Budget
    staff_engaged: int


def loop_figures(filters: Filters) -> LoopFigures:
    """The loop's figures and the estimated value in innovation procurement, asked for
    in one statement (each a value of its own: the same as the functions above)."""
    values = _values([innovation_value_select(filters), *_ideas(filters),
                      _idea_to_contract(filters), *_outcomes(filters),
                      *_decisions(filters), *_budget(filters), _staff(filters)])
    (value, ideas, converted, median, followed, met, scaled, continued, stopped,
     earmarked, used, staff) = values
    return LoopFigures(int(value), Share(part=converted, whole=ideas), one_place(median),
                       Share(part=met, whole=followed), Decisions(scaled, continued, stopped),
                       Budget(int(earmarked), int(used)), staff)

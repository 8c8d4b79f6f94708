"""The innovation-procurement figures, each one named query computed by the database.

Every function takes the same :class:`Filters` and returns plain values: no rows are
carried into Python to be counted there. A need belongs to a year by the year of its
reference (UTB-2026-001 is 2026), to a department, and to the CPV division of its main
code. Medians are computed in SQL with window functions, so the same query runs on
SQLite and PostgreSQL.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from datetime import datetime

from sqlalchemy import Select, case, func, literal_column, select, true

from procure.dialogues.models import Dialogue, Message, Question, Registration
from procure.extensions import db
from procure.needs.models import Need
from procure.needs.vocabulary import (
    APPROVED_STATES,
    INNOVATION_PROCEDURES,
    TENDERED_STATES,
    UNAPPROVED_STATES,
)
from procure.pcp.models import PcpPlan, Phase, PhaseContract
from procure.scenarios.models import ContractScenario, ScenarioChoice
from procure.suppliers.models import SupplierOrganisation
from procure.suppliers.vocabulary import SME_SIZES

# The national share of SMEs among suppliers taking part in public procurement.
SME_BENCHMARK = Decimal("0.75")
# Rows read at a time by the CSV files that list every row of a selection.
STREAM_BATCH = 1000


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    department_id: int | None = None
    cpv_division: str | None = None


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def ratio(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(self.part) / Decimal(self.whole)).quantize(Decimal("0.001"),
                                                                   ROUND_HALF_UP)


def _active():
    """Needs going ahead: approved or later, and reopened ones (a new version in draft
    or review) whose approved version still stands."""
    return Need.status.in_(APPROVED_STATES) | (Need.status.in_(UNAPPROVED_STATES)
                                               & (Need.version > 1))


def need_conditions(filters: Filters) -> list:
    """The conditions on :class:`Need` that the filters set (none: every need).

    Queries over needs put them in their own WHERE: ``needs.id IN (SELECT needs.id FROM
    needs WHERE ...)`` made PostgreSQL read the needs twice and join them to themselves."""
    conditions = []
    if filters.year:
        conditions.append(Need.year == filters.year)
    if filters.department_id:
        conditions.append(Need.department_id == filters.department_id)
    if filters.cpv_division:
        conditions.append(Need.cpv_division == filters.cpv_division)
    return conditions


def _needs(filters: Filters) -> Select:
    """The ids of the needs the filters select (a subquery for the figures)."""
    return select(Need.id).where(*need_conditions(filters))


def _of_selected(need_id, filters: Filters):
    """``need_id`` belongs to a selected need; no condition at all without filters."""
    return need_id.in_(_needs(filters)) if need_conditions(filters) else true()


def _days_between(start, end):
    """Days from ``start`` to ``end`` as a number, on either database."""
    if db.engine.dialect.name == "postgresql":
        # date_part is a double; extract's numeric made sorting the city's needs slow.
        return func.date_part("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def median_select(values: Select) -> Select:
    """The median of a one-column select as a select of one value: PostgreSQL's
    ``percentile_cont``, window functions on SQLite (the mean of the two middle values
    of an even count on both)."""
    inner = values.subquery()
    column = inner.c[0]
    if db.engine.dialect.name == "postgresql":
        return select(func.percentile_cont(0.5).within_group(column))
    ranked = select(column.label("value"),
                    func.row_number().over(order_by=column).label("position"),
                    func.count().over().label("total")).subquery()
    return select(func.avg(ranked.c.value)).where(
        ranked.c.position.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2]))


def one_place(result) -> Decimal | None:
    return None if result is None else Decimal(str(result)).quantize(Decimal("0.1"),
                                                                      ROUND_HALF_UP)


def _median(values: Select) -> Decimal | None:
    """The median of a one-column select."""
    return one_place(db.session.execute(median_select(values)).scalar())


def needs_by_status(filters: Filters) -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(Need.status, func.count(Need.id)).where(*need_conditions(filters))
        .group_by(Need.status))
    return sorted(((status, count) for status, count in rows), key=lambda r: r[0])


def median_days_to_approval(filters: Filters) -> Decimal | None:
    """From the first draft to the first approval."""
    return _median(select(_days_between(Need.created_at, Need.first_approved_at))
                   .where(*need_conditions(filters), Need.first_approved_at.is_not(None)))


def median_days_to_tender(filters: Filters) -> Decimal | None:
    """From the first approval to the tender (the need entering procurement)."""
    return _median(select(_days_between(Need.first_approved_at, Need.first_tendered_at))
                   .where(*need_conditions(filters), Need.first_approved_at.is_not(None),
                          Need.first_tendered_at.is_not(None)))


def innovation_value_select(filters: Filters) -> Select:
    return (select(func.coalesce(func.sum(Need.estimated_value_sek), 0))
            .where(*need_conditions(filters), _active(),
                   Need.procedure.in_(INNOVATION_PROCEDURES)))


def innovation_value_sek(filters: Filters) -> int:
    """The estimated value of active needs on an innovation route."""
    return int(db.session.execute(innovation_value_select(filters)).scalar_one())


def dialogue_before_tender(filters: Filters) -> Share:
    """Of the needs that went to tender, how many had a market dialogue published first
    (one that was not cancelled)."""
    row = db.session.execute(
        select(func.count(Need.id),
               func.count(case((Need.first_dialogue_at <= Need.first_tendered_at, Need.id))))
        .where(*need_conditions(filters), Need.status.in_(TENDERED_STATES))).one()
    return Share(part=row[1], whole=row[0])


def _participations(filters: Filters) -> Select:
    """Active registrations for published (not cancelled) dialogues of the needs."""
    return (select(Registration.organisation_id, Registration.dialogue_id,
                   Registration.created_at)
            .join(Dialogue, Dialogue.id == Registration.dialogue_id)
            .where(Registration.cancelled_at.is_(None), Dialogue.published_at.is_not(None),
                   Dialogue.status != "cancelled", _of_selected(Dialogue.need_id, filters)))


def _published_dialogues(filters: Filters) -> list:
    """The conditions on :class:`Dialogue` and :class:`Need` for the published (not
    cancelled) dialogues of the selected needs."""
    return [Dialogue.published_at.is_not(None), Dialogue.status != "cancelled",
            *need_conditions(filters)]


def organisations_per_dialogue(filters: Filters,
                               limit: int | None = None) -> list[tuple[str, int]]:
    """Each published dialogue, newest first, with the number of organisations taking
    part; with ``limit``, the newest ones only (counted for those alone)."""
    return list(iter_organisations_per_dialogue(filters, limit))


def iter_organisations_per_dialogue(filters: Filters, limit: int | None = None,
                                    batch: int | None = None) -> Iterator[tuple[str, int]]:
    """:func:`organisations_per_dialogue` read ``batch`` rows at a time (a server-side
    cursor on PostgreSQL), for the CSV file that lists every dialogue."""
    taking_part = (select(func.count(Registration.id))
                   .where(Registration.dialogue_id == Dialogue.id,
                          Registration.cancelled_at.is_(None))
                   .scalar_subquery())
    newest = (select(Dialogue.id, Dialogue.title, Dialogue.published_at)
              .join(Need, Need.id == Dialogue.need_id).where(*_published_dialogues(filters))
              .order_by(Dialogue.published_at.desc(), Dialogue.id.desc()))
    if limit is not None:
        newest = newest.limit(limit)
    shown = newest.subquery()
    rows = db.session.execute(
        select(shown.c.title, taking_part)
        .join_from(shown, Dialogue, Dialogue.id == shown.c.id)
        .order_by(shown.c.published_at.desc(), shown.c.id.desc())
        .execution_options(yield_per=batch or STREAM_BATCH))
    for title, count in rows:
        yield title, count


def dialogue_count(filters: Filters) -> int:
    """How many published dialogues the selection has."""
    return db.session.execute(
        select(func.count(Dialogue.id)).join(Need, Need.id == Dialogue.need_id)
        .where(*_published_dialogues(filters))).scalar_one()


@dataclass(frozen=True)
class TakingPart:
    """The organisations taking part in the selection's dialogues: how many are SMEs,
    and how many had their first contact with the city in the selection."""
    sme_share: Share
    new_organisations: Share


def taking_part(filters: Filters) -> TakingPart:
    """Both shares of the organisations taking part, in one statement: each organisation
    with its first registration in the selection, its size, and its first registration
    anywhere (from the index on (organisation_id, created_at): grouping every
    registration of the city was most of the dashboard's time). The selection's
    registrations are read once for both shares."""
    participations = _participations(filters).subquery()
    mine = (select(participations.c.organisation_id,
                   func.min(participations.c.created_at).label("first_here"))
            .group_by(participations.c.organisation_id).subquery())
    first = (select(func.min(Registration.created_at))
             .where(Registration.organisation_id == mine.c.organisation_id)
             .scalar_subquery())
    whole, smes, new = db.session.execute(
        select(func.count(mine.c.organisation_id),
               func.count(case((SupplierOrganisation.size.in_(SME_SIZES),
                                mine.c.organisation_id))),
               func.count(case((first == mine.c.first_here, mine.c.organisation_id))))
        .join(SupplierOrganisation, SupplierOrganisation.id == mine.c.organisation_id)).one()
    return TakingPart(sme_share=Share(part=smes, whole=whole),
                      new_organisations=Share(part=new, whole=whole))


def sme_share(filters: Filters) -> Share:
    """Of the organisations taking part in the dialogues, how many are SMEs."""
    return taking_part(filters).sme_share


def new_organisations(filters: Filters) -> Share:
    """Of the organisations taking part, how many had their first contact with the city
    (their first registration anywhere) in the selection."""
    return taking_part(filters).new_organisations


@dataclass(frozen=True)
class QuestionFigures:
    asked: int
    answered: int
    median_days_to_answer: Decimal | None


def questions(filters: Filters) -> QuestionFigures:
    # A question belongs to one dialogue: joined, not looked up again by id.
    asked = (select(Question.id, Question.answer_id,
                    _days_between(Question.created_at, Message.published_at).label("days"))
             .join(Dialogue, Dialogue.id == Question.dialogue_id)
             .outerjoin(Message, Message.id == Question.answer_id)
             .where(_of_selected(Dialogue.need_id, filters), Dialogue.status != "cancelled"))
    rows = asked.subquery()
    counts = (func.count(rows.c.id), func.count(rows.c.answer_id))
    if db.engine.dialect.name == "postgresql":
        # One reading of the questions: percentile_cont leaves the unanswered (NULL) out.
        count, answered, median = db.session.execute(
            select(*counts, func.percentile_cont(0.5).within_group(rows.c.days))).one()
    else:
        count, answered = db.session.execute(select(*counts)).one()
        median = db.session.execute(median_select(
            select(rows.c.days).where(rows.c.answer_id.is_not(None)))).scalar()
    return QuestionFigures(asked=count, answered=answered,
                           median_days_to_answer=one_place(median))


def findings_by_approval_quarter(filters: Filters) -> list[tuple[str, int, Decimal]]:
    """Per quarter of first approval ("2026-Q1"): needs approved, and their mean
    need-language findings (fewer findings: more functional statements)."""
    if db.engine.dialect.name == "postgresql":
        # In UTC on both databases (SQLite stores UTC text; PostgreSQL would otherwise
        # use the session's time zone). The quarter's first moment, named below: to_char
        # on every approved need was most of this figure's time.
        quarter = func.date_trunc("quarter", func.timezone("UTC", Need.first_approved_at))
    else:
        month = func.cast(func.strftime("%m", Need.first_approved_at), db.Integer)
        quarter = func.strftime("%Y", Need.first_approved_at) + "-Q" + func.cast(
            (month + 2) // 3, db.String)
    rows = db.session.execute(
        select(quarter.label("quarter"), func.count(Need.id), func.avg(Need.finding_count))
        .where(*need_conditions(filters), Need.first_approved_at.is_not(None))
        .group_by(literal_column("quarter")).order_by(literal_column("quarter")))
    return [(_quarter_name(quarter), count,
             Decimal(str(mean)).quantize(Decimal("0.1"), ROUND_HALF_UP))
            for quarter, count, mean in rows]


def _quarter_name(quarter: str | datetime) -> str:
    """"2026-Q1" for SQLite's name or PostgreSQL's first moment of the quarter."""
    if isinstance(quarter, str):
        return quarter
    return f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}"


def pcp_funnel(filters: Filters) -> list[tuple[int, int, int]]:
    """Per PCP phase across all PCPs: suppliers with a contract and the money contracted."""
    rows = db.session.execute(
        select(Phase.number, func.count(PhaseContract.id),
               func.coalesce(func.sum(PhaseContract.amount_sek), 0))
        .join(PcpPlan, PcpPlan.id == Phase.plan_id)
        .outerjoin(PhaseContract, PhaseContract.phase_id == Phase.id)
        .where(Phase.number >= 1, _of_selected(PcpPlan.need_id, filters))
        .group_by(Phase.number).order_by(Phase.number))
    found = {number: (count, amount) for number, count, amount in rows}
    return [(number, *found.get(number, (0, 0))) for number in (1, 2, 3)]


def contract_terms(filters: Filters) -> list[tuple[int, int, int]]:
    """Chosen contract terms: years with options, needs choosing it, and how many of
    those needed special reasons (a framework past four years)."""
    options_years = ContractScenario.option_years
    rows = db.session.execute(
        select(ContractScenario.base_years, options_years,
               func.count(ScenarioChoice.need_id),
               func.count(case((ScenarioChoice.special_reasons != "", ScenarioChoice.need_id))))
        .join(ScenarioChoice, ScenarioChoice.scenario_id == ContractScenario.id)
        .where(_of_selected(ScenarioChoice.need_id, filters))
        .group_by(ContractScenario.base_years, options_years))
    totals: dict[int, list[int]] = {}
    for base, options, count, special in rows:
        years = base + sum(int(p) for p in options.split(",") if p.strip())
        entry = totals.setdefault(years, [0, 0])
        entry[0] += count
        entry[1] += special
    return [(years, count, special) for years, (count, special) in sorted(totals.items())]


def procedures(filters: Filters) -> list[tuple[str, int]]:
    """Routes chosen by needs that have left draft (the adviser's routes)."""
    rows = db.session.execute(
        select(Need.procedure, func.count(Need.id))
        .where(*need_conditions(filters), Need.procedure.is_not(None), _active())
        .group_by(Need.procedure))
    return sorted(((procedure, count) for procedure, count in rows), key=lambda r: r[0])


def years(department_id: int | None = None) -> list[int]:
    """The years that have needs, newest first (the year filter's choices)."""
    query = select(Need.year).distinct().order_by(Need.year.desc())
    if department_id:
        query = query.where(Need.department_id == department_id)
    return list(db.session.execute(query).scalars())

"""Pre-commercial procurement: plan, contracts, evaluation, gates, follow-on.

Service functions change state, flush and audit; the caller commits.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import joinedload

from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.errors import Refused
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need
from procure.pcp import evaluation, lifecycle, pictures, rules
from procure.pcp.models import (
    ConflictDeclaration,
    Criterion,
    Evaluator,
    GateDecision,
    PcpPlan,
    Phase,
    PhaseContract,
    Score,
)
from procure.pcp.vocabulary import PHASES, SCALE
from procure.suppliers.models import SupplierOrganisation

PHASE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end", "budget_sek",
                "planned_suppliers", "max_per_supplier_sek", "site")


class PcpRefused(Refused):
    """A refused change; ``code`` names the reason, ``findings`` the broken plan rules."""

    def __init__(self, code: str, findings: Sequence[rules.Finding] = (), **values):
        super().__init__(code, **values)
        self.findings = list(findings)


def can_manage(user: User, need: Need) -> bool:
    """The need's editors (officers of its department, admins) run its PCP."""
    return need_services.can_edit(user, need)


def plan_of(need: Need) -> PcpPlan | None:
    return db.session.execute(db.select(PcpPlan).filter_by(need_id=need.id)).scalar_one_or_none()


def phase_of(plan: PcpPlan, number: int) -> Phase:
    return next(phase for phase in plan.phases if phase.number == number)


# The plan --------------------------------------------------------------------------


RIGHTS_FIELDS = ("results_owner", "city_licence", "third_party_licences", "publication",
                 "rights_notes")


def facts(need: Need, total_budget_sek: int, supplies_percent: Decimal,
          phases: Sequence[Mapping], rights: Mapping | None = None) -> rules.PlanFacts:
    rights = rights or {}
    return rules.PlanFacts(
        total_budget_sek=total_budget_sek, supplies_percent=supplies_percent,
        cpv_codes=tuple(need.cpv_codes), results_owner=rights.get("results_owner"),
        city_licence=bool(rights.get("city_licence")),
        phases=tuple(rules.PhasePlan(
            number=p["number"], planned_start=p.get("planned_start"),
            planned_end=p.get("planned_end"), budget_sek=p.get("budget_sek") or 0,
            planned_suppliers=p.get("planned_suppliers"),
            max_per_supplier_sek=p.get("max_per_supplier_sek")) for p in phases))


def plan_facts(plan: PcpPlan) -> rules.PlanFacts:
    return facts(plan.need, plan.total_budget_sek, plan.supplies_percent,
                 [{name: getattr(p, name) for name in ("number", *PHASE_FIELDS)}
                  for p in plan.phases], rights_of(plan))


def rights_of(plan: PcpPlan) -> dict:
    """How the plan shares results and rights, by field name."""
    return {name: getattr(plan, name) for name in RIGHTS_FIELDS}


def save_plan(need: Need, *, total_budget_sek: int, supplies_percent: Decimal,
              phases: Sequence[Mapping], expected_version: int | None, actor: User,
              rights: Mapping | None = None) -> PcpPlan:
    """Create or change the plan; refused ("plan_rules") when it breaks a rule, or
    ("conflict") when someone saved it since the form was read. ``rights``: how results
    and rights are shared (:data:`RIGHTS_FIELDS`); None leaves them as they are."""
    broken = rules.rules_broken(facts(need, total_budget_sek, supplies_percent, phases))
    if broken:
        raise PcpRefused("plan_rules", broken)
    plan = plan_of(need)
    if plan is None:
        plan = PcpPlan(need_id=need.id, phases=[Phase(number=n) for n in PHASES])
        db.session.add(plan)
    elif expected_version != plan.lock_version:
        raise PcpRefused("conflict")
    else:
        lock_phases(plan.phases)
        _check_contracts_fit(plan, phases)
    plan.total_budget_sek = total_budget_sek
    plan.supplies_percent = supplies_percent
    if rights is not None:
        plan.results_owner = rights.get("results_owner") or None
        plan.city_licence = bool(rights.get("city_licence"))
        plan.third_party_licences = bool(rights.get("third_party_licences"))
        plan.publication = rights.get("publication") or None
        plan.rights_notes = (rights.get("rights_notes") or "").strip()
    for values in phases:
        phase = phase_of(plan, values["number"])
        for name in PHASE_FIELDS:
            setattr(phase, name, values.get(name))
        phase.budget_sek = values.get("budget_sek") or 0
        phase.site = values.get("site") or ""
    # The plan's version counts changes to its phases too.
    plan.updated_at = utcnow()
    record("pcp.plan_saved", plan, actor=actor, need=need.reference,
           total_budget_sek=total_budget_sek, results_owner=plan.results_owner,
           city_licence=plan.city_licence, third_party_licences=plan.third_party_licences,
           publication=plan.publication)
    return plan


def phase_figures(plan: PcpPlan, language: str) -> list[pictures.PhaseFigures]:
    """The plan as the pictures (timeline, funnel, budget) read it."""
    return [pictures.PhaseFigures(
        number=phase.number, name=pictures.phase_name(phase.number, language),
        planned_start=phase.planned_start, planned_end=phase.planned_end,
        actual_start=phase.actual_start, actual_end=phase.actual_end,
        planned_suppliers=phase.planned_suppliers if phase.number else None,
        actual_suppliers=len(phase.contracts) if phase.number else None,
        budget_sek=phase.budget_sek, spent_sek=sum(c.amount_sek for c in phase.contracts))
        for phase in plan.phases]


def lock_phases(phases: Sequence[Phase]) -> None:
    """Hold the phases' rows until the commit and read them and their contracts afresh.

    Whatever checks a phase's budget and most per supplier against its contracts locks
    the phase first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite writes one at a
    time anyway): two contracts added at once then queue, and the second sees the
    first's amount instead of both fitting into the same remainder.
    """
    if not phases:
        return
    db.session.execute(
        db.select(Phase).where(Phase.id.in_([phase.id for phase in phases]))
        .order_by(Phase.id).with_for_update()
        .execution_options(populate_existing=True)).scalars().all()
    for phase in phases:
        db.session.expire(phase, ["contracts"])


def _check_contracts_fit(plan: PcpPlan, phases: Sequence[Mapping]) -> None:
    """A phase's budget cannot drop below what is contracted, nor its maximum below its
    largest contract."""
    for values in phases:
        contracts = phase_of(plan, values["number"]).contracts
        if not contracts:
            continue
        committed = sum(c.amount_sek for c in contracts)
        if (values.get("budget_sek") or 0) < committed:
            raise PcpRefused("budget_below_contracts", phase=values["number"],
                             committed=committed)
        largest = max(c.amount_sek for c in contracts)
        if values.get("max_per_supplier_sek") is not None and \
                values["max_per_supplier_sek"] < largest:
            raise PcpRefused("max_below_contracts", phase=values["number"], largest=largest)


# Phases, contracts ---------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseView:
    """A phase with what its page needs: state, suppliers, gaps, ranking, decisions."""

    phase: Phase
    state: str
    gaps: tuple
    decisions: tuple[GateDecision, ...]

    @property
    def decision(self) -> GateDecision | None:
        return self.decisions[-1] if self.decisions else None


def decisions_of(phase: Phase) -> tuple[GateDecision, ...]:
    return tuple(db.session.execute(db.select(GateDecision).filter_by(phase_id=phase.id)
                                    .order_by(GateDecision.id)).scalars())


def _conflicts(phase: Phase) -> dict[tuple[int, int], bool]:
    rows = db.session.execute(db.select(ConflictDeclaration.user_id,
                                        ConflictDeclaration.organisation_id,
                                        ConflictDeclaration.conflict).filter_by(phase_id=phase.id))
    return {(user, organisation): conflict for user, organisation, conflict in rows}


def _scores(phase: Phase) -> list[tuple[int, int, int, int]]:
    return [tuple(row) for row in db.session.execute(
        db.select(Score.user_id, Score.organisation_id, Score.criterion_id, Score.score)
        .filter_by(phase_id=phase.id))]


def evaluation_gaps(phase: Phase) -> list[evaluation.Missing]:
    """What the gate waits for; an empty list when every assigned evaluation is in."""
    organisations = [c.organisation_id for c in phase.contracts]
    if not organisations:
        return []
    if not phase.criteria or not phase.evaluators:
        what = "no_criteria" if not phase.criteria else "no_evaluators"
        return [evaluation.Missing(what, organisation) for organisation in organisations]
    return evaluation.missing(
        [e.user_id for e in phase.evaluators], organisations, [c.id for c in phase.criteria],
        _conflicts(phase), [(e, o, c) for e, o, c, _s in _scores(phase)])


def phase_view(phase: Phase) -> PhaseView:
    gaps = evaluation_gaps(phase)
    decisions = decisions_of(phase)
    state = lifecycle.phase_state(lifecycle.PhaseFacts(
        number=phase.number, has_contracts=bool(phase.contracts),
        evaluation_complete=not gaps, has_decision=bool(decisions),
        actual_start=phase.actual_start, actual_end=phase.actual_end))
    return PhaseView(phase, state, tuple(gaps), decisions)


def ranking(phase: Phase) -> list[evaluation.Ranked]:
    return evaluation.ranking([c.organisation_id for c in phase.contracts],
                              {c.id: c.weight for c in phase.criteria}, _conflicts(phase),
                              _scores(phase))


def selected_ids(phase: Phase) -> set[int]:
    """The suppliers the latest gate decision of ``phase`` let through."""
    decisions = decisions_of(phase)
    return {organisation.id for organisation in decisions[-1].selected} if decisions else set()


def add_contract(phase: Phase, organisation: SupplierOrganisation, *, amount_sek: int,
                 signed_on: date, deliverables: str, actor: User) -> PhaseContract:
    lock_phases([phase])
    plan = phase.plan
    previous = phase_view(phase_of(plan, phase.number - 1)).state if phase.number > 0 else None
    if not lifecycle.may_sign_contracts(previous, phase.number):
        raise PcpRefused("previous_gate_open" if phase.number > 1 else "no_suppliers_in_phase_0")
    if decisions_of(phase):
        raise PcpRefused("phase_decided")
    if phase.number > 1 and organisation.id not in selected_ids(phase_of(plan, phase.number - 1)):
        raise PcpRefused("not_selected")
    if any(c.organisation_id == organisation.id for c in phase.contracts):
        raise PcpRefused("already_contracted")
    if db.session.execute(db.select(ConflictDeclaration.id).filter_by(phase_id=phase.id)).first():
        # Declarations are made once, for the suppliers then in the phase.
        raise PcpRefused("evaluation_started")
    if phase.max_per_supplier_sek is not None and amount_sek > phase.max_per_supplier_sek:
        raise PcpRefused("over_max", max=phase.max_per_supplier_sek)
    committed = sum(c.amount_sek for c in phase.contracts)
    if committed + amount_sek > phase.budget_sek:
        raise PcpRefused("over_budget", left=phase.budget_sek - committed)
    contract = PhaseContract(organisation_id=organisation.id, amount_sek=amount_sek,
                             signed_on=signed_on, deliverables=deliverables.strip())
    phase.contracts.append(contract)
    record("pcp.contract_added", plan, actor=actor, phase=phase.number,
           organisation=organisation.identifier, amount_sek=amount_sek)
    return contract


def remove_contract(contract: PhaseContract, actor: User) -> None:
    """A contract entered by mistake goes, as long as nobody has scored the supplier."""
    phase = contract.phase
    scored = db.session.execute(db.select(Score.id).filter_by(
        phase_id=phase.id, organisation_id=contract.organisation_id)).first()
    if scored or decisions_of(phase):
        raise PcpRefused("contract_in_use")
    phase.contracts.remove(contract)
    db.session.execute(db.delete(ConflictDeclaration).filter_by(
        phase_id=phase.id, organisation_id=contract.organisation_id))
    record("pcp.contract_removed", phase.plan, actor=actor, phase=phase.number,
           organisation=contract.organisation.identifier)


# Evaluation ------------------------------------------------------------------------


def set_criteria(phase: Phase, rows: Sequence[tuple[str, int]], actor: User) -> None:
    """Replace the phase's criteria; the weights must sum to 100, and once a score is
    given the criteria stay as they are."""
    if db.session.execute(db.select(Score.id).filter_by(phase_id=phase.id)).first():
        raise PcpRefused("scores_given")
    if not rows or any(not 1 <= weight <= 100 or not name.strip() for name, weight in rows):
        raise PcpRefused("criterion_rows")
    if sum(weight for _name, weight in rows) != 100:
        raise PcpRefused("weights", total=sum(weight for _name, weight in rows))
    phase.criteria = [Criterion(position=i, name=name.strip(), weight=weight)
                      for i, (name, weight) in enumerate(rows, start=1)]
    record("pcp.criteria_set", phase.plan, actor=actor, phase=phase.number,
           criteria=[[name, weight] for name, weight in rows])


def assign_evaluator(phase: Phase, user: User, actor: User) -> Evaluator:
    if not user.is_staff:
        raise PcpRefused("not_staff")
    if decisions_of(phase):
        raise PcpRefused("phase_decided")
    if any(e.user_id == user.id for e in phase.evaluators):
        raise PcpRefused("already_evaluator")
    evaluator = Evaluator(user_id=user.id)
    phase.evaluators.append(evaluator)
    record("pcp.evaluator_assigned", phase.plan, actor=actor, phase=phase.number,
           evaluator=user.email)
    return evaluator


def unassign_evaluator(evaluator: Evaluator, actor: User) -> None:
    """Only an evaluator who has not declared or scored yet can be taken off."""
    phase = db.session.get(Phase, evaluator.phase_id)
    started = db.session.execute(db.select(ConflictDeclaration.id).filter_by(
        phase_id=phase.id, user_id=evaluator.user_id)).first()
    if started:
        raise PcpRefused("evaluator_started")
    phase.evaluators.remove(evaluator)
    record("pcp.evaluator_removed", phase.plan, actor=actor, phase=phase.number,
           evaluator=evaluator.user.email)


def is_evaluator(phase: Phase, user: User) -> bool:
    return any(e.user_id == user.id for e in phase.evaluators)


def declarations_of(phase: Phase, user: User) -> dict[int, ConflictDeclaration]:
    return {d.organisation_id: d for d in db.session.execute(
        db.select(ConflictDeclaration).filter_by(phase_id=phase.id, user_id=user.id)).scalars()}


def declare(phase: Phase, user: User, conflicts: Mapping[int, bool], note: str) -> None:
    """The evaluator's declaration for every supplier of the phase, made once (it is a
    record of what they knew before scoring)."""
    if not is_evaluator(phase, user):
        raise PcpRefused("not_evaluator")
    if declarations_of(phase, user):
        raise PcpRefused("already_declared")
    suppliers = {c.organisation_id for c in phase.contracts}
    if not suppliers:
        raise PcpRefused("no_suppliers")
    if set(conflicts) != suppliers:
        raise PcpRefused("declare_every_supplier")
    for organisation_id, conflict in conflicts.items():
        db.session.add(ConflictDeclaration(phase_id=phase.id, user_id=user.id,
                                           organisation_id=organisation_id,
                                           conflict=conflict, note=note.strip()))
    record("pcp.conflicts_declared", phase.plan, actor=user, phase=phase.number,
           conflicts=sorted(o for o, c in conflicts.items() if c))


def scores_of(phase: Phase, user: User) -> dict[tuple[int, int], Score]:
    """The evaluator's scores by (organisation, criterion)."""
    return {(s.organisation_id, s.criterion_id): s for s in db.session.execute(
        db.select(Score).filter_by(phase_id=phase.id, user_id=user.id)).scalars()}


def save_scores(phase: Phase, user: User, organisation_id: int,
                given: Mapping[int, tuple[int, str]]) -> None:
    """Score one supplier on every criterion (score, written justification); possible
    until the gate decision, never with a declared conflict."""
    declaration = declarations_of(phase, user).get(organisation_id)
    if declaration is None:
        raise PcpRefused("declare_first")
    if declaration.conflict:
        raise PcpRefused("conflict_declared")
    if decisions_of(phase):
        raise PcpRefused("phase_decided")
    if not evaluation_gaps(phase):
        # Complete: the ranking is visible now, so nobody changes a score after seeing it.
        raise PcpRefused("evaluation_complete")
    criteria = {c.id for c in phase.criteria}
    if not criteria:
        raise PcpRefused("score_every_criterion")
    if set(given) != criteria:
        raise PcpRefused("score_every_criterion")
    for score, justification in given.values():
        if score not in SCALE:
            raise PcpRefused("scale")
        if not justification.strip():
            raise PcpRefused("justify")
    existing = scores_of(phase, user)
    for criterion_id, (score, justification) in given.items():
        row = existing.get((organisation_id, criterion_id))
        if row is None:
            row = Score(phase_id=phase.id, criterion_id=criterion_id, user_id=user.id,
                        organisation_id=organisation_id)
            db.session.add(row)
        row.score, row.justification = score, justification.strip()
    record("pcp.scored", phase.plan, actor=user, phase=phase.number,
           organisation=organisation_id)


# Gates -------------------------------------------------------------------------------


def decide_gate(phase: Phase, selected: Sequence[int], *, reasons: str, decided_on: date,
                actor: User, today: date, corrects: GateDecision | None = None) -> GateDecision:
    """Record which suppliers go on. Only when every assigned evaluation is in, only
    suppliers of this phase, and final: a correction is a new decision naming the one
    it corrects, possible while the next phase has no contracts."""
    lock_phases([phase])  # a double click decides (or corrects) once
    view = phase_view(phase)
    decisions = view.decisions
    if corrects is None:
        if decisions:
            raise PcpRefused("phase_decided")
        if not lifecycle.may_decide(view.state):
            raise PcpRefused("evaluation_missing" if phase.contracts else "no_suppliers")
    else:
        if not decisions or corrects.id != decisions[-1].id:
            raise PcpRefused("correct_latest")
        if phase.number < 3 and phase_of(phase.plan, phase.number + 1).contracts:
            raise PcpRefused("next_phase_started")
    suppliers = {c.organisation_id for c in phase.contracts}
    if not set(selected) <= suppliers:
        raise PcpRefused("not_in_phase")
    if not reasons.strip():
        raise PcpRefused("reasons")
    if decided_on > today:
        raise PcpRefused("future_date")
    if any(decided_on < c.signed_on for c in phase.contracts) or (
            corrects is not None and decided_on < corrects.decided_on):
        raise PcpRefused("date_too_early")
    if corrects is not None and phase.number == 3 and phase.plan.follow_on_title:
        raise PcpRefused("next_phase_started")
    decision = GateDecision(
        phase_id=phase.id, decided_on=decided_on, reasons=reasons.strip(),
        decided_by_id=actor.id, corrects_id=corrects.id if corrects else None,
        selected=list(db.session.execute(db.select(SupplierOrganisation).where(
            SupplierOrganisation.id.in_(selected))).scalars()))
    db.session.add(decision)
    record("pcp.gate_decided" if corrects is None else "pcp.gate_corrected", phase.plan,
           actor=actor, phase=phase.number, selected=sorted(selected),
           corrects=corrects.id if corrects else None)
    return decision


def set_follow_on(plan: PcpPlan, *, title: str, url: str, published: date | None,
                  actor: User) -> None:
    """Link the follow-on procurement of the solution (PPI), once phase 3 is decided."""
    if not decisions_of(phase_of(plan, 3)):
        raise PcpRefused("phase_3_open")
    plan.follow_on_title, plan.follow_on_url = title.strip(), url.strip()
    plan.follow_on_published = published
    record("pcp.follow_on_set", plan, actor=actor, title=plan.follow_on_title)


# The suppliers' side -----------------------------------------------------------------


@dataclass(frozen=True)
class SupplierResult:
    """A supplier's own contract, its own weighted score once the phase is decided, and
    whether it goes on; never anything of another supplier."""

    contract: PhaseContract
    decision: GateDecision | None
    selected: bool | None  # None while the phase is not decided
    own_score: Decimal | None = None


def supplier_results(organisation_id: int) -> list[SupplierResult]:
    """The organisation's own PCP contracts and what each phase's gate decided for it.

    A fixed number of queries however many contracts the organisation has: the phases'
    decisions, contracts, criteria, declarations and scores are read for all of its
    phases at once, and each decided phase is ranked from those rows.
    """
    contracts = db.session.execute(
        db.select(PhaseContract).filter_by(organisation_id=organisation_id)
        .options(joinedload(PhaseContract.phase).joinedload(Phase.plan)
                 .joinedload(PcpPlan.need))
        .order_by(PhaseContract.signed_on.desc())).scalars().all()
    latest: dict[int, GateDecision] = {}
    for decision in db.session.execute(
            db.select(GateDecision).where(GateDecision.phase_id.in_(
                {c.phase_id for c in contracts}))
            .options(joinedload(GateDecision.selected)).order_by(GateDecision.id)
    ).unique().scalars():
        latest[decision.phase_id] = decision
    means = _own_means(organisation_id, set(latest))
    return [SupplierResult(contract, None, None) if contract.phase_id not in latest
            else SupplierResult(contract, latest[contract.phase_id],
                                any(o.id == organisation_id
                                    for o in latest[contract.phase_id].selected),
                                means[contract.phase_id])
            for contract in contracts]


def _own_means(organisation_id: int, phase_ids: set[int]) -> dict[int, Decimal | None]:
    """The organisation's mean weighted score in each phase, ranked as :func:`ranking` does."""
    def rows(*columns):
        table = columns[0].class_
        grouped: dict[int, list[tuple]] = {phase_id: [] for phase_id in phase_ids}
        for phase_id, *values in db.session.execute(
                db.select(table.phase_id, *columns).where(table.phase_id.in_(phase_ids))):
            grouped[phase_id].append(tuple(values))
        return grouped

    organisations = rows(PhaseContract.organisation_id)
    weights = rows(Criterion.id, Criterion.weight)
    conflicts = rows(ConflictDeclaration.user_id, ConflictDeclaration.organisation_id,
                     ConflictDeclaration.conflict)
    scores = rows(Score.user_id, Score.organisation_id, Score.criterion_id, Score.score)
    means = {}
    for phase_id in phase_ids:
        ranked = evaluation.ranking(
            [organisation for (organisation,) in organisations[phase_id]],
            dict(weights[phase_id]),
            {(user, organisation): conflict for user, organisation, conflict
             in conflicts[phase_id]}, scores[phase_id])
        means[phase_id] = next(r.mean for r in ranked if r.organisation_id == organisation_id)
    return means

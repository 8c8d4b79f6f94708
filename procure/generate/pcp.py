"""Pre-commercial procurements of the needs that chose that route.

The plan obeys the rules a saved plan must (:func:`procure.pcp.rules.rules_broken`);
its phases follow the tender, each starting after the previous one's gate. A phase that
has ended was evaluated in full (every evaluator declared on every supplier, and scored
every supplier without a conflict on every criterion) and decided: the best ranked
suppliers go on, and only they get the next phase's contracts, each within the phase's
maximum and budget. A running phase is part-way through its evaluation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from procure.generate import workflow_texts as texts
from procure.generate.context import Need, Organisation, World
from procure.generate.distributions import DAY, HOUR, chance, days, moment_between
from procure.needs.vocabulary import CONTRACTED_STATES, UNAPPROVED_STATES
from procure.pcp.rules import PhasePlan, PlanFacts, rules_broken

PLAN_SHARE = 0.85
BUDGET_SHARES = {0: Decimal("0.03"), 1: Decimal("0.15"), 2: Decimal("0.32"),
                 3: Decimal("0.45")}
PLANNED_SUPPLIERS = {1: (4, 6), 2: (3, 4), 3: (2, 3)}
DURATION_DAYS = {0: (60, 120), 1: (90, 180), 2: (180, 300), 3: (270, 420)}
CONFLICT_SHARE = 0.03


@dataclass
class Phase:
    id: int
    number: int
    planned_start: date
    planned_end: date
    budget: int
    planned_suppliers: int | None
    maximum: int | None
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    suppliers: list[Organisation] = field(default_factory=list)


def _thousands(amount: int | Decimal) -> int:
    return int(amount) // 1000 * 1000


def _plan(world: World, need: Need, starts: date) -> list[Phase]:
    rng = world.rng
    total = need.value
    budgets = {number: _thousands(total * share) for number, share in BUDGET_SHARES.items()}
    if chance(rng, 0.4):  # the whole budget given to phases (otherwise a warning shows)
        budgets[3] += total - sum(budgets.values())
    planned: dict[int, int | None] = {0: None}
    for number in (1, 2, 3):
        low, high = PLANNED_SUPPLIERS[number]
        planned[number] = min(planned.get(number - 1) or high, rng.randint(low, high))
    phases = []
    for number in (0, 1, 2, 3):
        low, high = DURATION_DAYS[number]
        ends = starts + timedelta(days=rng.randint(low, high))
        suppliers = planned[number]
        phases.append(Phase(world.ids.next("pcp_phases"), number, starts, ends,
                            budgets[number], suppliers,
                            _thousands(budgets[number] // suppliers) if suppliers else None))
        starts = ends + timedelta(days=1)
    return phases


def add_pcp(world: World, need: Need) -> None:
    """A plan, and as much of it as has happened by now (or by the withdrawal)."""
    rng = world.rng
    approved = need.when("approve", last=True)
    if (need.procedure != "pcp" or approved is None or need.status in UNAPPROVED_STATES
            or not chance(rng, PLAN_SHARE)):
        return
    created = moment_between(rng, approved + HOUR, min(approved + 30 * DAY, world.now))
    tender = need.when("start_procurement")
    until = need.when("withdraw") or world.now
    starts = (tender or created + 60 * DAY).date()
    phases = _plan(world, need, starts)
    supplies = Decimal(rng.choice(("0", "5", "10", "20", "30")))
    broken = rules_broken(PlanFacts(need.value, supplies, tuple(
        PhasePlan(p.number, p.planned_start, p.planned_end, p.budget, p.planned_suppliers,
                  p.maximum) for p in phases), tuple(need.codes)))
    if broken:  # the rules the app applies when a plan is saved: a generator bug
        raise RuntimeError(f"generated PCP plan breaks {[f.code for f in broken]}")
    plan_id = world.ids.next("pcp_plans")
    if tender is not None and tender <= until:
        _run(world, need, phases, tender, until)
    last = max([created] + [p.actual_end or p.actual_start or created for p in phases])
    follow_on = _follow_on(world, need, phases[3])
    world.emit("pcp_plans", id=plan_id, need_id=need.id, total_budget_sek=need.value,
               supplies_percent=supplies, **follow_on,
               # Shared as the R&D exemption wants: the suppliers own, the city licenses.
               results_owner="suppliers", city_licence=True, third_party_licences=False,
               publication="summaries", rights_notes="", lock_version=1, created_at=created,
               updated_at=last)
    for phase in phases:
        world.emit("pcp_phases", id=phase.id, plan_id=plan_id, number=phase.number,
                   planned_start=phase.planned_start, planned_end=phase.planned_end,
                   actual_start=phase.actual_start.date() if phase.actual_start else None,
                   actual_end=phase.actual_end.date() if phase.actual_end else None,
                   budget_sek=phase.budget, planned_suppliers=phase.planned_suppliers,
                   max_per_supplier_sek=phase.maximum,
                   site=texts.TESTBED[need.language].format(place=need.buyer.place)
                   if phase.number == 3 else "")


def _run(world: World, need: Need, phases: list[Phase], tender: datetime,
         until: datetime) -> None:
    rng = world.rng
    call = phases[0]
    call.actual_start = tender
    ends = tender + timedelta(days=(call.planned_end - call.planned_start).days) \
        + days(rng, -5, 20)
    if ends > until:
        return
    call.actual_end = ends
    going_on: list[Organisation] | None = None
    for phase, following in zip(phases[1:], phases[2:] + [None]):
        starts = ends + days(rng, 1, 20)
        if starts > until:
            return
        phase.actual_start = starts
        phase.suppliers = going_on if going_on is not None else _first_suppliers(
            world, phase, starts)
        planned = (phase.planned_end - phase.planned_start).days
        ends = starts + timedelta(days=planned) * rng.uniform(0.9, 1.2)
        finished = ends <= until
        if finished:
            phase.actual_end = ends
        going = following.planned_suppliers if following else rng.randint(1, 2)
        going_on = _contracts_and_evaluation(world, need, phase, finished, going)
        if not finished:
            return


def _first_suppliers(world: World, phase: Phase, signed: datetime) -> list[Organisation]:
    rng = world.rng
    wanted = phase.planned_suppliers - (1 if chance(rng, 0.2) else 0)
    existing = world.existing_organisations(signed)
    chosen = rng.sample(range(existing), min(wanted, existing))
    return [world.organisations[index] for index in sorted(chosen)]


def _contracts_and_evaluation(world: World, need: Need, phase: Phase, finished: bool,
                              going: int) -> list[Organisation] | None:
    """Contracts, criteria, evaluators; the evaluation; the gate of a finished phase,
    which lets ``going`` suppliers on. Returns them (None while the phase runs)."""
    rng = world.rng
    language = need.language
    signed = phase.actual_start
    for organisation in phase.suppliers:
        amount = _thousands(phase.maximum * rng.uniform(0.85, 1.0))
        world.emit("pcp_contracts", id=world.ids.next("pcp_contracts"), phase_id=phase.id,
                   organisation_id=organisation.id, amount_sek=amount, signed_on=signed.date(),
                   deliverables=texts.DELIVERABLES[phase.number][language],
                   created_at=signed, updated_at=signed)
    weights = rng.choice(texts.WEIGHTS)
    criteria = []
    for position, (name, weight) in enumerate(zip(texts.CRITERIA[language], weights), 1):
        criteria.append((world.ids.next("pcp_criteria"), weight))
        world.emit("pcp_criteria", id=criteria[-1][0], phase_id=phase.id, position=position,
                   name=name, weight=weight)
    evaluators = rng.sample(need.buyer.officers, rng.choice((2, 2, 3)))
    for evaluator in evaluators:
        world.emit("pcp_evaluators", id=world.ids.next("pcp_evaluators"), phase_id=phase.id,
                   user_id=evaluator.id)
    if not finished and chance(rng, 0.5):
        return None  # nobody has started evaluating
    ends = phase.actual_end or world.now
    totals: dict[int, list[Fraction]] = {o.id: [] for o in phase.suppliers}
    for index, evaluator in enumerate(evaluators):
        # Before the phase's end (or now), even when it started only days ago.
        declared = min(moment_between(rng, signed + DAY, ends - 2 * DAY), ends)
        for organisation in phase.suppliers:
            # A supplier always keeps at least one evaluator without a conflict.
            conflict = index > 0 and chance(rng, CONFLICT_SHARE)
            world.emit("pcp_declarations", id=world.ids.next("pcp_declarations"),
                       phase_id=phase.id, user_id=evaluator.id,
                       organisation_id=organisation.id, conflict=conflict, note="",
                       declared_at=declared)
            if conflict or not (finished or index == 0):
                continue
            scored = min(moment_between(rng, declared + DAY, ends - DAY), ends)
            weighted = 0
            for criterion_id, weight in criteria:
                score = max(0, min(5, round(organisation.quality * 5 + rng.gauss(0, 0.8))))
                weighted += weight * score
                world.emit("pcp_scores", id=world.ids.next("pcp_scores"), phase_id=phase.id,
                           criterion_id=criterion_id, user_id=evaluator.id,
                           organisation_id=organisation.id, score=score,
                           justification=rng.choice(texts.JUSTIFICATIONS[language]),
                           created_at=scored, updated_at=scored)
            totals[organisation.id].append(Fraction(weighted, 100))
    if not finished:
        return None
    return _gate(world, need, phase, totals, going)


def _gate(world: World, need: Need, phase: Phase, totals: dict[int, list[Fraction]],
          going: int) -> list[Organisation]:
    """The decision at the phase's end: the best ranked go on (as the ranking shows)."""
    ranked = sorted(phase.suppliers,
                    key=lambda o: (-sum(totals[o.id]) / len(totals[o.id]), o.id))
    selected = ranked[:going]
    decision_id = world.ids.next("pcp_gate_decisions")
    world.emit("pcp_gate_decisions", id=decision_id, phase_id=phase.id,
               decided_on=phase.actual_end.date(),
               reasons=texts.GATE_REASONS[need.language], decided_by_id=need.officer.id,
               recorded_at=phase.actual_end, corrects_id=None)
    for organisation in sorted(selected, key=lambda o: o.id):
        world.emit("pcp_gate_selections", decision_id=decision_id,
                   organisation_id=organisation.id)
    return selected


def _follow_on(world: World, need: Need, last: Phase) -> dict:
    """The procurement of the solution (PPI), once phase 3 is decided and the need has
    gone on to a contract."""
    if last.actual_end is None or need.status not in CONTRACTED_STATES:
        return {"follow_on_title": "", "follow_on_url": "", "follow_on_published": None}
    published = last.actual_end + days(world.rng, 30, 120)
    return {"follow_on_title": texts.FOLLOW_ON[need.language].format(title=need.title)[:300],
            "follow_on_url": f"https://www.{need.buyer.code.lower()}.example/upphandling/"
                             f"{need.reference}",
            "follow_on_published": published.date() if published <= world.now else None}

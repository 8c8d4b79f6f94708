"""The checks on a PCP plan. Pure module (no Flask, no database).

Some are rules, and a plan that breaks one is not saved: phase budgets above the total,
planned suppliers growing from one phase to the next, supplies at or above half of the
PCP's value (the R&D exemption of Directive 2014/24/EU art. 14 would not apply), a phase
that ends before it starts. The others are warnings shown on the plan: money not yet
given to a phase, fewer than two suppliers planned for phase 3 (no competition left),
no R&D service among the need's CPV codes, phases that overlap, a maximum per
supplier that the phase budget cannot pay for every planned supplier, and the sharing
of results and rights: not recorded yet, the city owning all the results (it would keep
all the benefits, and the R&D exemption of art. 14 depends on sharing them), or no
licence for the city to use what it paid to have developed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from procure.needs.adviser import is_rnd_cpv

SUPPLIES_LIMIT_PERCENT = Decimal("50")
MIN_SUPPLIERS_IN_PHASE_3 = 2


@dataclass(frozen=True)
class PhasePlan:
    number: int
    planned_start: date | None = None
    planned_end: date | None = None
    budget_sek: int = 0
    planned_suppliers: int | None = None
    max_per_supplier_sek: int | None = None


@dataclass(frozen=True)
class PlanFacts:
    total_budget_sek: int
    supplies_percent: Decimal
    phases: tuple[PhasePlan, ...]
    cpv_codes: tuple[str, ...] = ()
    # How results and rights are shared (procure.pcp.vocabulary); None: not recorded.
    results_owner: str | None = None
    city_licence: bool = False


@dataclass(frozen=True)
class Finding:
    """``code`` names the check; ``rule`` findings refuse the save; ``values`` carry the
    figures the message shows."""

    code: str
    rule: bool
    phase: int | None = None
    values: dict = field(default_factory=dict)


def check_plan(facts: PlanFacts) -> list[Finding]:
    """Every finding on the plan, rules first, each phase in order."""
    findings = [*_budget(facts), *_suppliers(facts.phases), *_dates(facts.phases)]
    if facts.supplies_percent >= SUPPLIES_LIMIT_PERCENT:
        findings.append(Finding("supplies_share", True,
                                values={"percent": facts.supplies_percent}))
    if not any(is_rnd_cpv(code) for code in facts.cpv_codes):
        findings.append(Finding("no_rnd_cpv", False))
    findings += _rights(facts)
    return sorted(findings, key=lambda f: (not f.rule, f.phase if f.phase is not None else -1))


def rules_broken(facts: PlanFacts) -> list[Finding]:
    return [finding for finding in check_plan(facts) if finding.rule]


def _budget(facts: PlanFacts) -> list[Finding]:
    allocated = sum(phase.budget_sek for phase in facts.phases)
    findings = []
    if allocated > facts.total_budget_sek:
        findings.append(Finding("budget_over", True, values={
            "allocated": allocated, "total": facts.total_budget_sek}))
    elif allocated < facts.total_budget_sek:
        findings.append(Finding("budget_under", False, values={
            "allocated": allocated, "total": facts.total_budget_sek,
            "left": facts.total_budget_sek - allocated}))
    for phase in facts.phases:
        if phase.max_per_supplier_sek and phase.planned_suppliers and \
                phase.max_per_supplier_sek * phase.planned_suppliers > phase.budget_sek:
            findings.append(Finding("max_exceeds_budget", False, phase.number, values={
                "needed": phase.max_per_supplier_sek * phase.planned_suppliers,
                "budget": phase.budget_sek}))
    return findings


def _suppliers(phases: Sequence[PhasePlan]) -> list[Finding]:
    findings = []
    planned = [(p.number, p.planned_suppliers) for p in phases
               if p.number >= 1 and p.planned_suppliers is not None]
    for (_before, earlier), (number, later) in zip(planned, planned[1:]):
        if later > earlier:
            findings.append(Finding("suppliers_grow", True, number, values={
                "earlier": earlier, "later": later}))
    last = next((p for p in phases if p.number == 3), None)
    if last is None or (last.planned_suppliers or 0) < MIN_SUPPLIERS_IN_PHASE_3:
        findings.append(Finding("phase3_competition", False, 3, values={
            "planned": last.planned_suppliers if last else None}))
    return findings


def _dates(phases: Sequence[PhasePlan]) -> list[Finding]:
    findings = []
    for phase in phases:
        if phase.planned_start and phase.planned_end and phase.planned_end < phase.planned_start:
            findings.append(Finding("dates_reversed", True, phase.number))
    dated = [p for p in phases if p.planned_start and p.planned_end]
    for earlier, later in zip(dated, dated[1:]):
        if later.planned_start < earlier.planned_end:
            findings.append(Finding("phases_overlap", False, later.number,
                                    values={"earlier": earlier.number}))
    return findings


def _rights(facts: PlanFacts) -> list[Finding]:
    """Warnings on how results and rights are shared."""
    if facts.results_owner is None:
        return [Finding("rights_not_recorded", False)]
    findings = []
    if facts.results_owner == "city":
        findings.append(Finding("city_keeps_benefits", False))
    elif not facts.city_licence:
        findings.append(Finding("no_city_licence", False))
    return findings

"""A PCP phase's lifecycle, declared in one place. Pure module.

planned → running (a supplier's contract is signed) → evaluated (every assigned
evaluation is in) → decided (the gate decision). Phase 0, the city's own preparation
and call, has no suppliers and no gate: it is running from its actual start and done at
its actual end. A phase's contracts need the gate of the phase before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

@dataclass(frozen=True)
class PhaseFacts:
    number: int
    has_contracts: bool
    evaluation_complete: bool
    has_decision: bool
    actual_start: date | None = None
    actual_end: date | None = None


def phase_state(facts: PhaseFacts) -> str:
    if facts.number == 0:
        if facts.actual_end:
            return "done"
        return "running" if facts.actual_start else "planned"
    if facts.has_decision:
        return "decided"
    if facts.has_contracts:
        return "evaluated" if facts.evaluation_complete else "running"
    return "running" if facts.actual_start else "planned"


def may_sign_contracts(state_of_previous: str | None, number: int) -> bool:
    """Phase 1 contracts follow the call (phase 0); later ones follow the previous gate."""
    if number == 0:
        return False
    if number == 1:
        return True
    return state_of_previous == "decided"


def may_decide(state: str) -> bool:
    return state == "evaluated"

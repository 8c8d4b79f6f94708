"""Scenario sets per need: add, copy, edit, remove, choose one and justify it.

Service functions change state, flush and audit; the caller commits. Scenarios change
with the statement they feed: only while the need is a draft.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from procure.audit.services import record
from procure.auth.models import User
from procure.catalogue import texts
from procure.db import utcnow
from procure.errors import Refused
from procure.extensions import db
from procure.needs import lifecycle
from procure.needs.models import Need
from procure.needs.services import can_edit
from procure.scenarios.model import (
    ScenarioError,
    ScenarioInput,
    ScenarioResult,
    evaluate,
    validate,
)
from procure.scenarios.models import ContractScenario, ScenarioChoice

MAX_SCENARIOS = 8

INPUT_FIELDS = ("name", "contract_form", "base_years", "option_years", "options_exercised",
                "annual_value_sek", "investment_sek", "depreciation_years", "margin_percent",
                "improvement_percent", "retender_cost_sek", "discount_rate_percent",
                "horizon_years")


class ScenarioRefused(Refused):
    """A refused change to a scenario set; ``code`` names the reason."""


@dataclass(frozen=True)
class Evaluated:
    scenario: ContractScenario
    result: ScenarioResult


def can_change(user: User, need: Need) -> bool:
    """Scenarios feed the statement, so they change with it: in a draft, by its editors."""
    return can_edit(user, need) and lifecycle.is_editable(need.status)


def scenarios_of(need: Need) -> list[ContractScenario]:
    return list(db.session.execute(
        db.select(ContractScenario).filter_by(need_id=need.id)
        .order_by(ContractScenario.position, ContractScenario.id)).scalars())


def choice_of(need: Need) -> ScenarioChoice | None:
    return db.session.get(ScenarioChoice, need.id)


def evaluated(need: Need) -> list[Evaluated]:
    """Every scenario of the need with the model's figures (invalid ones left out)."""
    return [row for row in _evaluate_all(need) if isinstance(row, Evaluated)]


def invalid_scenarios(need: Need) -> list[ContractScenario]:
    """Scenarios saved before a rule tightened, which the model no longer accepts."""
    return [row for row in _evaluate_all(need) if isinstance(row, ContractScenario)]


def _evaluate_all(need: Need) -> list[Evaluated | ContractScenario]:
    rows: list[Evaluated | ContractScenario] = []
    for scenario in scenarios_of(need):
        try:
            rows.append(Evaluated(scenario, evaluate(scenario.as_input())))
        except ScenarioError:
            rows.append(scenario)
    return rows


def parse_options(text: str) -> tuple[int, ...]:
    """ "1+1", "1, 1" or "1 1" → (1, 1); raises ValueError on anything else."""
    parts = [part for part in text.replace("+", " ").replace(",", " ").split() if part]
    if not all(part.isascii() and part.isdecimal() and len(part) <= 2 for part in parts):
        raise ValueError(text)
    return tuple(int(part) for part in parts)


def checked_input(values: dict[str, Any]) -> ScenarioInput:
    """The values as model input; raises ScenarioError listing every problem."""
    scenario = ScenarioInput(**{**values, "option_years": tuple(values["option_years"])})
    problems = validate(scenario)
    if problems:
        raise ScenarioError(problems)
    return scenario


def _apply(scenario: ContractScenario, values: ScenarioInput) -> None:
    for name in INPUT_FIELDS:
        value = getattr(values, name)
        if name == "option_years":
            value = ",".join(str(years) for years in value)
        setattr(scenario, name, value)


def add_scenario(need: Need, values: dict[str, Any], actor: User) -> ContractScenario:
    checked = checked_input(values)
    # Counted and numbered under the need's row lock (SELECT ... FOR UPDATE): scenarios
    # added at once cannot together pass MAX_SCENARIOS nor share a position.
    db.session.execute(db.select(Need.id).where(Need.id == need.id).with_for_update())
    existing = scenarios_of(need)
    if len(existing) >= MAX_SCENARIOS:
        raise ScenarioRefused("too_many", count=MAX_SCENARIOS)
    scenario = ContractScenario(need_id=need.id, position=len(existing) + 1)
    _apply(scenario, checked)
    db.session.add(scenario)
    record("scenario.added", scenario, actor=actor, need=need.reference, name=scenario.name)
    return scenario


def update_scenario(scenario: ContractScenario, values: dict[str, Any], *,
                    expected_version: int, actor: User) -> None:
    """Save new values unless someone saved the scenario after the form was loaded."""
    if expected_version != scenario.lock_version:
        raise ScenarioRefused("conflict")
    _apply(scenario, checked_input(values))
    record("scenario.updated", scenario, actor=actor, name=scenario.name)
    choice = choice_of(scenario.need)
    if choice is not None and choice.scenario_id == scenario.id:
        # The justification (and any special reasons) argued for the old figures: the
        # choice must be made again for the new ones.
        db.session.delete(choice)
        record("scenario.choice_cleared", scenario.need, actor=actor, scenario=scenario.name)


def copy_scenario(scenario: ContractScenario, actor: User) -> ContractScenario:
    """A copy to vary: named "Kopia av …"/"Copy of …" in the statement's language."""
    values = {name: getattr(scenario.as_input(), name) for name in INPUT_FIELDS}
    _ = texts(scenario.need.language)
    values["name"] = _("Copy of %(name)s", name=scenario.name)[:100]
    return add_scenario(scenario.need, values, actor)


def remove_scenario(scenario: ContractScenario, actor: User) -> None:
    choice = choice_of(scenario.need)
    if choice is not None and choice.scenario_id == scenario.id:
        db.session.delete(choice)
    record("scenario.removed", scenario, actor=actor, name=scenario.name)
    db.session.delete(scenario)


def choose(need: Need, scenario: ContractScenario, *, justification: str,
           special_reasons: str, actor: User) -> ScenarioChoice:
    """Mark ``scenario`` as the chosen one. A framework past four years needs special
    reasons (LOU 7 kap. 2 §): the buyer carries the burden of proof."""
    if scenario.need_id != need.id:
        raise ScenarioRefused("not_this_need")
    result = evaluate(scenario.as_input())
    if not justification.strip():
        raise ScenarioRefused("justification_required")
    if result.needs_special_reasons and not special_reasons.strip():
        raise ScenarioRefused("special_reasons_required")
    choice = choice_of(need) or ScenarioChoice(need_id=need.id)
    choice.scenario_id = scenario.id
    choice.justification = justification.strip()
    choice.special_reasons = special_reasons.strip() if result.needs_special_reasons else ""
    choice.chosen_by = actor
    choice.chosen_at = utcnow()
    db.session.add(choice)
    record("scenario.chosen", need, actor=actor, scenario=scenario.name,
           term=result.term_years, special_reasons=result.needs_special_reasons)
    return choice


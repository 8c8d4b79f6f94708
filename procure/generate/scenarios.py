"""Contract-length scenarios for some needs, written while the need was a draft, and
often the chosen one with its justification (and special reasons for a framework past
four years, as :func:`procure.scenarios.services.choose` demands)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from procure.generate.context import Need, World
from procure.generate.distributions import HOUR, chance, moment_between
from procure.generate.workflow_texts import (
    CHOICE_JUSTIFICATION,
    SCENARIO_NAMES,
    SPECIAL_REASONS,
    YEARS,
)
from procure.scenarios.model import ScenarioInput, legal_term_years, validate
from procure.scenarios.vocabulary import needs_special_reasons

# Routes that end in a contract whose length is worth modelling.
ROUTES = ("open_functional", "innovation_partnership", "competitive_dialogue")
SHARE = 0.3
CHOSEN_SHARE = 0.7
TERMS = ((4, ()), (2, (1, 1)), (3, (1,)), (5, ()), (4, (2, 2)), (6, (2,)), (3, ()))


def _values(world: World, need: Need, form: str, base: int, options: tuple[int, ...]):
    rng = world.rng
    term = base + sum(options)
    annual = max(10_000, round(need.value / term / 1_000) * 1_000)
    depreciation = rng.randint(1, 8)
    return ScenarioInput(
        name=SCENARIO_NAMES[form][need.language].format(
            term="+".join(str(years) for years in (base, *options)) + " "
            + YEARS[need.language]),
        contract_form=form, base_years=base, option_years=options, annual_value_sek=annual,
        investment_sek=rng.choice((0, 0, int(round(annual * rng.uniform(0.2, 1.5), -3)))),
        depreciation_years=depreciation,
        margin_percent=Decimal(rng.choice(("6", "8", "10", "12", "15"))),
        improvement_percent=Decimal(rng.choice(("0", "1", "2", "3.5"))),
        retender_cost_sek=rng.choice((150_000, 300_000, 500_000)),
        discount_rate_percent=Decimal(rng.choice(("3", "3.5", "4", "5"))),
        horizon_years=max(12, term, depreciation))


def add_scenarios(world: World, need: Need) -> None:
    """A few scenarios, made between the need's creation and its first review."""
    rng = world.rng
    if not need.written or need.procedure not in ROUTES or not chance(rng, SHARE):
        return
    forms = ["framework", "single"] + (["innovation_partnership"]
                                       if need.procedure == "innovation_partnership" else [])
    drafting_ends = need.when("submit") or world.now
    made: list[tuple[int, ScenarioInput, datetime]] = []
    for position, form in enumerate(forms[:rng.randint(2, 3)], start=1):
        base, options = rng.choice(TERMS)
        values = _values(world, need, form, base, options)
        problems = validate(values)  # the rules of the scenario form
        if problems:
            raise RuntimeError(f"generated scenario is invalid: {problems}")
        scenario_id = world.ids.next("contract_scenarios")
        made.append((scenario_id, values, min(drafting_ends, moment_between(
            rng, need.created_at + HOUR, drafting_ends - 2 * HOUR))))
        world.emit("contract_scenarios", id=scenario_id, need_id=need.id, position=position,
                   name=values.name, contract_form=form, base_years=base,
                   option_years=",".join(str(years) for years in options),
                   options_exercised=values.options_exercised,
                   annual_value_sek=values.annual_value_sek,
                   investment_sek=values.investment_sek,
                   depreciation_years=values.depreciation_years,
                   margin_percent=values.margin_percent,
                   improvement_percent=values.improvement_percent,
                   retender_cost_sek=values.retender_cost_sek,
                   discount_rate_percent=values.discount_rate_percent,
                   horizon_years=values.horizon_years, lock_version=1,
                   created_at=made[-1][2], updated_at=made[-1][2])
    if not chance(rng, CHOSEN_SHARE):
        return
    scenario_id, values, _made_at = rng.choice(made)
    special = needs_special_reasons(values.contract_form, legal_term_years(values))
    latest = max(when for *_rest, when in made)
    world.emit("contract_scenario_choices", need_id=need.id, scenario_id=scenario_id,
               justification=CHOICE_JUSTIFICATION[need.language],
               special_reasons=SPECIAL_REASONS[need.language] if special else "",
               chosen_by_id=need.officer.id,
               chosen_at=min(drafting_ends, moment_between(rng, latest + HOUR,
                                                           drafting_ends - HOUR)))

"""The "Contract length" section of the need statement."""
from __future__ import annotations

from procure.catalogue import N_
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.needs.outline import Contributed
from procure.scenarios import figures, services
from procure.scenarios.models import ContractScenario, ScenarioChoice


def contract_length_section(need: Need) -> ExtraSection | None:
    """The comparison, the charts, the chosen scenario and its justification; None when
    the need has no scenarios."""
    rows = services.evaluated(need)
    if not rows:
        return None
    texts = figures.labels(need.language)
    horizon = max(row.result.scenario.horizon_years for row in rows)
    closing = []
    choice = services.choice_of(need)
    if choice is not None:
        closing.append((texts["chosen"], choice.scenario.name))
        closing.append((texts["justification"], choice.justification))
        if choice.special_reasons:
            closing.append((texts["special_reasons"], choice.special_reasons))
    return ExtraSection(
        key="contract_length", title=texts["section"],
        paragraphs=(texts["intro"] % {"horizon": horizon},),
        table=tuple(tuple(row) for row in figures.comparison_table(rows, need.language)),
        charts=figures.charts(rows, need.language),
        closing=tuple(closing),
    )


def contract_length_tracks(need: Need) -> list[tuple]:
    return [(ContractScenario.__table__, ContractScenario.need_id == need.id, None),
            (ScenarioChoice.__table__, ScenarioChoice.need_id == need.id, None)]


CONTRACT_LENGTH = Contributed("contract_length", N_("Contract length"), contract_length_section,
                              contract_length_tracks)

"""The units an outcome's indicator is measured in, and the values each allows.
Pure module (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from procure.catalogue import N_


@dataclass(frozen=True)
class Unit:
    key: str
    label: str  # marked with N_, translated on use
    lowest: Decimal | None = Decimal(0)
    highest: Decimal | None = None
    whole: bool = False  # counts have no fractions


UNITS = {unit.key: unit for unit in (
    Unit("percent", N_("Percent"), Decimal(0), Decimal(100)),
    Unit("count", N_("Number (count)"), Decimal(0), None, whole=True),
    Unit("sek", N_("Kronor (SEK)")),
    Unit("kg", N_("Kilograms")),
    Unit("tonnes_co2e", N_("Tonnes CO₂e")),
    Unit("hours", N_("Hours")),
    Unit("days", N_("Days")),
    Unit("score_1_5", N_("Satisfaction score 1–5"), Decimal(1), Decimal(5)),
    Unit("score_1_10", N_("Score 1–10"), Decimal(1), Decimal(10)),
)}


def fits(unit_key: str, value: Decimal) -> bool:
    """Whether ``value`` can be a measurement in the unit (a share over 100 % cannot)."""
    unit = UNITS[unit_key]
    if unit.lowest is not None and value < unit.lowest:
        return False
    if unit.highest is not None and value > unit.highest:
        return False
    return not unit.whole or value == value.to_integral_value()

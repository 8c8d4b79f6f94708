"""Where an outcome stands against its target: met, on track, behind, missed.
Pure module (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from procure.catalogue import N_

STANDINGS = {
    "not_measured": N_("Not measured yet"),
    "on_track": N_("On track"),
    "behind": N_("Behind"),
    "met": N_("Met"),
    "missed": N_("Missed"),
}


@dataclass(frozen=True)
class Point:
    on: date
    value: Decimal


def reaches(value: Decimal, target: Decimal, baseline: Decimal) -> bool:
    """The target is reached: at or past it, in the direction from the baseline."""
    return value <= target if target < baseline else value >= target


def standing(baseline: Decimal, target: Decimal, target_on: date, start: date,
             points: list[Point], today: date) -> str:
    """``met`` once the latest measurement reaches the target; ``missed`` when the date
    has passed without it; before the date ``on_track`` when the latest measurement has
    come at least as far as a straight line from the baseline at the contract's start
    to the target on its date would, else ``behind``."""
    if not points:
        return "missed" if today > target_on else "not_measured"
    latest = max(points, key=lambda p: p.on)
    if reaches(latest.value, target, baseline):
        return "met"
    if today > target_on:
        return "missed"
    span = (target_on - start).days
    elapsed = min(max((latest.on - start).days, 0), span) if span > 0 else 0
    expected = baseline + (target - baseline) * Decimal(elapsed) / Decimal(span or 1)
    return "on_track" if reaches(latest.value, expected, baseline) else "behind"

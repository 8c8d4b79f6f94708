"""An outcome's measurements as a line chart against its target. Pure module (no Flask)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from procure.catalogue import texts
from procure.charts import Chart, Series
from procure.followup.units import UNITS


def outcome_chart(title: str, unit: str, baseline: Decimal, target: Decimal,
                  start: date | None, points: list[tuple[date, Decimal]],
                  language: str) -> Chart:
    """The baseline at the contract's start, then each measurement, with the target as a
    level line: the same figures go in the table beside the picture."""
    _ = texts(language)
    days = ([start] if start else []) + [on for on, _value in points]
    measured = ([baseline] if start else []) + [value for _on, value in points]
    return Chart(
        title=title,
        x_labels=tuple(on.isoformat() for on in days),
        series=(Series(_("Measured"), measured), Series(_("Target"), [target] * len(days))),
        y_label=_(UNITS[unit].label), kind="line", money=unit == "sek",
        x_title=_("Date"))

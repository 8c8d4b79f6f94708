"""Whether a meeting falls on a day off in Sweden: a Saturday, a Sunday or a public
holiday. Pure module (no Flask).

The holidays come from the ``holidays`` package (Open World Holidays Framework), whose
maintainers keep the Swedish calendar (Easter, Midsummer, All Saints' Day...) up to
date, rather than from a list written here. A day off is a reason to warn the officer,
never to refuse: a city may well hold a meeting on a Saturday.
"""
from __future__ import annotations

from datetime import date

import holidays

from procure.catalogue import N_, texts

SATURDAY = N_("a Saturday")
SUNDAY = N_("a Sunday")


def day_off(day: date, language: str) -> str | None:
    """Why ``day`` is not a working day in Sweden, in ``language`` ("Juldagen",
    "a Sunday"), or None on a working day. A public holiday is named before its weekday."""
    _ = texts(language)
    # Sundays are not listed as holidays: they are said as weekdays below.
    calendar = holidays.country_holidays("SE", years=day.year, include_sundays=False,
                                         language="sv" if language == "sv" else "en_US")
    name = calendar.get(day)
    if name:
        return name
    if day.weekday() == 5:
        return _(SATURDAY)
    if day.weekday() == 6:
        return _(SUNDAY)
    return None

"""Money, dates and paragraphs as people write them, in Swedish or English.

Pure module (Babel, no Flask): the web pages, the PDFs and the adviser's reasons all
format through here, so "1 500 000 kr" looks the same everywhere.
"""
from __future__ import annotations

import functools
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, get_group_symbol

from procure.catalogue import texts

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def format_share(ratio: Decimal | float, language: str, decimals: int = 0,
                 optional: bool = False) -> str:
    """A share as a percentage: 0.7333 → "73 %" (sv, no-break space) / "73%" (en).

    ``decimals`` places, always shown, or only when needed if ``optional`` (12.5 %, 12 %).
    """
    places = ("#" if optional else "0") * decimals
    number = format_decimal(Decimal(str(ratio)) * 100,
                            format="#,##0" + (f".{places}" if places else ""), locale=language)
    return f"{number}\u00a0%" if language == "sv" else f"{number}%"


def plain_number(value: Decimal, language: str) -> str:
    """A decimal as written, without grouping or trailing noughts: "12,5" (sv) / "12.5"
    (en), "10" for 10.00."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if language == "sv" else text


def format_sek(amount: int | Decimal, language: str) -> str:
    """Whole kronor: "1 500 000 kr" (sv, no-break spaces) or "SEK 1,500,000" (en)."""
    if isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0:
        # Babel's grouping, without its pattern machinery (a list shows dozens of sums).
        number = f"{amount:,}".replace(",", _group_separator(language))
    else:
        number = format_decimal(amount, format="#,##0", locale=language)
    return f"{number}\u00a0kr" if language == "sv" else f"SEK\u00a0{number}"


@functools.cache
def _group_separator(language: str) -> str:
    return get_group_symbol(language)


def format_file_size(size: int, language: str) -> str:
    """A file's size in SI units with one decimal: "67,9 MB" (sv) / "67.9 MB" (en)."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        # The unit it reads in: 999,960 bytes are "1.0 MB", not "1,000.0 kB".
        if size >= factor * Decimal("0.99995"):
            number = format_decimal(Decimal(size) / factor, format="#,##0.0", locale=language)
            return f"{number}\u00a0{unit}"
    return f"{size}\u00a0B"


def format_long_date(value: date, language: str) -> str:
    """Day first in both languages: "5 mars 2026", "5 March 2026"."""
    return format_date(value, format="d MMMM y", locale=language)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of an aware ``moment`` in ``timezone`` (the city's, not UTC)."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def normalise_newlines(text: str | None) -> str:
    """Browsers send textarea lines ending in CR LF: keep plain LF everywhere."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(text: str | None) -> list[str]:
    """Blocks of ``text`` separated by blank lines (single line breaks stay inside)."""
    blocks = _PARAGRAPH_BREAK.split(normalise_newlines(text).strip())
    return [block.strip() for block in blocks if block.strip()]


def from_city_time(moment: datetime, timezone: str) -> datetime:
    """A wall-clock time typed in the city (naive) as an aware UTC moment."""
    return moment.replace(tzinfo=ZoneInfo(timezone)).astimezone(ZoneInfo("UTC"))


def to_city_time(moment: datetime, timezone: str) -> datetime:
    """An aware moment as the city's wall-clock time (naive), for a form to show."""
    return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


# The edges of the value ranges the market is shown (whole kronor): an estimate is an
# estimate, and a range says so better than an exact sum.
VALUE_RANGE_EDGES = (0, 700_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
                     100_000_000, 250_000_000, 500_000_000, 1_000_000_000)


def value_range(amount: int) -> tuple[int, int | None]:
    """The range ``amount`` falls in: (low, high), high None above the last edge."""
    for low, high in zip(VALUE_RANGE_EDGES, VALUE_RANGE_EDGES[1:]):
        if amount < high:
            return low, high
    return VALUE_RANGE_EDGES[-1], None


def format_value_range(amount: int, language: str) -> str:
    """"2 500 000–5 000 000 kr" / "SEK 2,500,000–5,000,000"; "över …" past the last edge."""
    low, high = value_range(amount)
    if high is None:
        _ = texts(language)
        return _("over %(amount)s", amount=format_sek(low, language))
    if language == "sv":
        return f"{format_sek(low, language)[:-3]}–{format_sek(high, language)}"
    return f"{format_sek(low, language)}–{format_sek(high, language)[4:]}"

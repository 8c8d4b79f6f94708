"""CSV files people open in Excel: UTF-8 with a BOM, semicolons, and no formulas.

Pure module (no Flask): every export of a table goes through here, so all of them open
the same way and none of them can carry a formula into somebody's spreadsheet.

Choices, made once for every export:

* **Semicolon as the delimiter.** The people who download these files open them by
  double-clicking in Excel set up for Swedish, whose list separator is ``;`` (the
  comma is the decimal sign). A comma-separated file opens there as one wide column.
  Python's ``csv``, pandas, LibreOffice and R all read ``;`` when told to. A ``sep=;``
  first line would also work for Excel, but other tools read it as data, and Excel then
  ignores the BOM, which breaks å, ä and ö again.
* **UTF-8 with a byte-order mark**, so Excel reads å, ä and ö as UTF-8 and not as
  Windows-1252.
* **RFC 4180 otherwise**: CRLF after every row, fields quoted with ``"`` when they hold
  the delimiter, a quote or a line break, quotes doubled.
* **Formula injection** (OWASP "CSV Injection"): a text cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab, a carriage return or a line feed gets a leading ``'``, so Excel and
  LibreOffice show it as text instead of evaluating it. Numbers are never changed: ``-5``
  given as a number stays ``-5``; only text is neutralised.
* **Values**: ``None`` is an empty cell, numbers are written plainly, with no thousands
  separator and no unit (units and currency belong in the header), so a spreadsheet reads
  them as numbers and can sum them: ``1234.50`` with a decimal point, or ``1234,50`` in a
  file for Swedish readers (``decimal_sign=","``, which Swedish Excel reads as a number);
  booleans as ``true`` and ``false``, timestamps in ISO 8601 UTC
  (``2026-03-05T09:15:00Z``), dates as ``2026-03-05``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

DELIMITER = ";"
BOM = "\ufeff"
# Spreadsheets read a cell starting with any of these as a formula (or a formula after
# whitespace they strip).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Rows are encoded this many at a time when streaming.
CHUNK_ROWS = 500


def decimal_sign_for(language: str) -> str:
    """The decimal sign a spreadsheet in ``language`` reads numbers with (Swedish: comma)."""
    return "," if language == "sv" else "."


def neutralise(value: Any, decimal_sign: str = ".") -> str:
    """One cell as text a spreadsheet shows as it is and never evaluates.

    Numbers are written in positional notation (never ``1E+3``) with ``decimal_sign``.
    Naive datetimes are refused: a time without a zone cannot be written as UTC.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        return format(number, "f").replace(".", decimal_sign)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a CSV export")
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def iter_csv(rows: Iterable[Sequence[Any]], header: Sequence[str],
             decimal_sign: str = ".") -> Iterator[bytes]:
    """The file as chunks of bytes: the BOM and the header first, then the rows.

    For exports too large to build in memory; ``to_csv`` joins the same chunks.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, quotechar='"', lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    buffer.write(BOM)
    writer.writerow([neutralise(name) for name in header])
    pending = 0
    for row in rows:
        writer.writerow([neutralise(value, decimal_sign) for value in row])
        pending += 1
        if pending == CHUNK_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def to_csv(rows: Iterable[Sequence[Any]], header: Sequence[str],
           decimal_sign: str = ".") -> bytes:
    """The whole file as bytes (see the module's docstring for the format)."""
    return b"".join(iter_csv(rows, header, decimal_sign))

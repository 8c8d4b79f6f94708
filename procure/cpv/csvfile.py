"""Read and check a CPV 2008 list: ``code,parent,kind,label_en,label_sv``.

Pure module (no Flask, no database). Every row is checked before anything is written,
so a malformed file is refused as a whole, with the line number and reason of each
problem.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from procure.cpv.codes import KINDS, is_ancestor, is_code

HEADER = ("code", "parent", "kind", "label_en", "label_sv")
MAX_LABEL_LENGTH = 300  # the longest label in CPV 2008 has 168 characters


@dataclass(frozen=True)
class CpvRow:
    """One checked code; ``parent`` and ``kind`` are ``None`` when the file leaves them empty."""

    code: str
    parent: str | None
    kind: str | None
    label_en: str
    label_sv: str


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class CpvFileError(ValueError):
    """The file cannot be imported; ``errors`` lists every problem found, in file order."""

    def __init__(self, errors: list[LineError]):
        super().__init__("; ".join(str(error) for error in errors[:3]))
        self.errors = errors

    def describe(self, limit: int = 20) -> str:
        """The problems, one a line, at most ``limit`` of them."""
        lines = [str(error) for error in self.errors[:limit]]
        if len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more")
        return "\n".join(lines)


def read_cpv_file(path: str | Path) -> list[CpvRow]:
    """Read a CPV CSV file (UTF-8, with or without a byte-order mark) and check it."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise CpvFileError([LineError(line, "the file is not UTF-8 text")]) from None
    return parse_cpv_text(text)


def parse_cpv_text(text: str) -> list[CpvRow]:
    """Parse and check the text of a CPV CSV file; raise :class:`CpvFileError` if malformed."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CpvFileError([LineError(1, "the file is empty")]) from None
    except csv.Error as error:
        raise CpvFileError([LineError(1, f"not valid CSV ({error})")]) from None
    if tuple(name.strip() for name in header) != HEADER:
        raise CpvFileError([LineError(1, f"the header must be {','.join(HEADER)}, "
                                         f"found {','.join(header)}")])
    records: list[tuple[int, Mapping[str, str]]] = []
    errors: list[LineError] = []
    try:
        for fields in reader:
            if not any(field.strip() for field in fields):
                continue  # blank lines, typically one at the end
            if len(fields) != len(HEADER):
                errors.append(LineError(reader.line_num,
                                        f"expected {len(HEADER)} fields, found {len(fields)}"))
                continue
            records.append((reader.line_num, dict(zip(HEADER, fields))))
    except csv.Error as error:
        errors.append(LineError(reader.line_num, f"not valid CSV ({error})"))
    return check_records(records, errors)


def check_records(records: Iterable[tuple[int, Mapping[str, str | None]]],
                  errors: list[LineError] | None = None) -> list[CpvRow]:
    """Check numbered records (from a CSV file or the demo seed) and return the rows.

    Rules: the code is ``NNNNNNNN-C`` and appears once; the parent is empty or a code of
    the same list that lies above this one; the kind is empty or supplies, works or
    services; both labels are given.
    """
    errors = list(errors or [])
    rows: list[CpvRow] = []
    lines: dict[str, int] = {}
    refused: set[str] = set()  # codes on lines already reported
    for line, record in records:
        row, reason = _check_record(record)
        if reason is None and row.code in lines:
            reason = f"code {row.code} appears again (first on line {lines[row.code]})"
        if reason is not None:
            errors.append(LineError(line, reason))
            refused.add((record.get("code") or "").strip())
            continue
        lines[row.code] = line
        rows.append(row)
    # Parents are checked once every code is known: a parent may come later in a file.
    # A parent on a refused line is reported there, not again at each of its children.
    for row in rows:
        if row.parent is not None and row.parent not in lines and row.parent not in refused:
            errors.append(LineError(lines[row.code], f"parent {row.parent} is not in the list"))
    if errors:
        raise CpvFileError(sorted(errors, key=lambda error: error.line))
    return rows


def _check_record(record: Mapping[str, str | None]) -> tuple[CpvRow | None, str | None]:
    code, parent, kind, label_en, label_sv = (
        (record.get(name) or "").strip() for name in HEADER
    )
    if not is_code(code):
        return None, (f"code {code!r} is not of the form NNNNNNNN-C "
                      "(eight digits, a hyphen, a check digit)")
    if parent:
        if not is_code(parent):
            return None, f"parent {parent!r} is neither empty nor a code of the form NNNNNNNN-C"
        if not is_ancestor(parent, code):
            return None, f"parent {parent} does not lie above {code} in the CPV hierarchy"
    if kind and kind not in KINDS:
        return None, f"kind {kind!r} is not one of {', '.join(KINDS)} (or empty)"
    for label, name in ((label_en, "English"), (label_sv, "Swedish")):
        if not label:
            return None, f"the {name} label is empty"
        if len(label) > MAX_LABEL_LENGTH:
            return None, f"the {name} label is longer than {MAX_LABEL_LENGTH} characters"
    return CpvRow(code, parent or None, kind or None, label_en, label_sv), None

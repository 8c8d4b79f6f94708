"""The CPV list in the database: bulk import, search, lookup and validation.

Functions change the session and flush; the caller (view, command, seed) commits.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import case, insert, select, update

from procure.audit.services import record
from procure.cpv.codes import (
    CodeQuery,
    code_level,
    parse_query,
    prefix_upper_bound,
    search_key,
)
from procure.cpv.csvfile import CpvRow, check_records, read_cpv_file
from procure.cpv.models import CpvCode
from procure.extensions import db

CHUNK_SIZE = 1000
_COMPARED = ("parent_code", "kind", "label_en", "label_sv")


@dataclass(frozen=True)
class ImportCounts:
    added: int
    updated: int
    unchanged: int


def _values(row: CpvRow) -> dict:
    """A row as column values, derived columns included (bulk writes skip the model's hooks)."""
    return {
        "code": row.code, "parent_code": row.parent, "kind": row.kind,
        "level": code_level(row.code), "label_en": row.label_en, "label_sv": row.label_sv,
        "search_en": search_key(row.label_en), "search_sv": search_key(row.label_sv),
    }


def upsert_codes(rows: Sequence[CpvRow], *, update_existing: bool = True,
                 progress: Callable[[int], object] | None = None) -> ImportCounts:
    """Add the codes that are missing and, unless told not to, update those that changed.

    One query reads what is there; the differences are written with bulk INSERTs and
    UPDATEs of ``CHUNK_SIZE`` rows, never a query per row. Codes absent from ``rows`` are
    left alone: needs and notices may still name them. ``progress`` is called with the
    number of rows dealt with after each step.
    """
    compared = [getattr(CpvCode, name) for name in _COMPARED]
    existing = {code: tuple(values)
                for code, *values in db.session.execute(select(CpvCode.code, *compared))}
    added, changed = [], []
    for row in rows:
        values = _values(row)
        before = existing.get(row.code)
        if before is None:
            added.append(values)
        elif update_existing and before != tuple(values[name] for name in _COMPARED):
            changed.append(values)
    unchanged = len(rows) - len(added) - len(changed)
    _report(progress, unchanged)
    # A parent's code sorts before its children's, so parents are written first.
    added.sort(key=lambda values: values["code"])
    for start in range(0, len(added), CHUNK_SIZE):
        chunk = added[start:start + CHUNK_SIZE]
        db.session.execute(insert(CpvCode), chunk)
        _report(progress, len(chunk))
    for start in range(0, len(changed), CHUNK_SIZE):
        chunk = changed[start:start + CHUNK_SIZE]
        db.session.execute(update(CpvCode), chunk)
        _report(progress, len(chunk))
    db.session.flush()
    return ImportCounts(added=len(added), updated=len(changed), unchanged=unchanged)


def _report(progress: Callable[[int], object] | None, count: int) -> None:
    if progress is not None and count:
        progress(count)


def import_codes(rows: Sequence[CpvRow], *, source: str,
                 progress: Callable[[int], object] | None = None) -> ImportCounts:
    """Import a checked CPV list and record the change in the audit trail."""
    counts = upsert_codes(rows, progress=progress)
    if counts.added or counts.updated:
        record("cpv.imported", object_type=CpvCode.__tablename__, source=source,
               added=counts.added, updated=counts.updated, unchanged=counts.unchanged)
    return counts


PACKAGED_LIST = Path(__file__).resolve().parent / "data" / "cpv2008.csv"


def load_packaged_list() -> ImportCounts:
    """Add the codes of the CPV 2008 list shipped with the app that are missing.

    ``init-db`` and ``demo`` call it, so a fresh install searches every code. Existing
    codes are kept as they are (an official list imported since wins), so running it
    again writes nothing.
    """
    counts = upsert_codes(read_cpv_file(PACKAGED_LIST), update_existing=False)
    if counts.added:
        record("cpv.imported", object_type=CpvCode.__tablename__, source=PACKAGED_LIST.name,
               added=counts.added, updated=0, unchanged=counts.unchanged)
    return counts


def load_demo_codes(seed_dir: Path) -> int:
    """Add the demo's codes (``cpv.json``) that are missing; return how many were added.

    Existing codes are kept as they are: an imported official list wins over the seed.
    """
    path = Path(seed_dir) / "cpv.json"
    if not path.exists():
        return 0
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = check_records(enumerate(records, start=1))
    return upsert_codes(rows, update_existing=False).added


def has_codes() -> bool:
    """Whether any CPV code has been imported."""
    return db.session.execute(select(CpvCode.code).limit(1)).first() is not None


def get_code(code: str) -> CpvCode | None:
    """The code, exactly as written (``NNNNNNNN-C``), or ``None``."""
    return db.session.get(CpvCode, (code or "").strip())


def validate_codes(codes: Iterable[str]) -> list[str]:
    """The given codes that are not in the CPV list, each once, in the order given.

    Forms refuse a code unless it is in the list: the check digit of CPV is not a Luhn
    digit, so looking a code up is the only reliable check.
    """
    wanted = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    if not wanted:
        return []
    known = set(db.session.scalars(select(CpvCode.code).where(CpvCode.code.in_(wanted))))
    return [code for code in wanted if code not in known]


def search_codes(query: str, language: str, limit: int = 20) -> list[CpvCode]:
    """Codes matching ``query``: a code or its first digits, or words of the label.

    By code: "7311", "73110000" and "73110000-6" all find 73110000-6 and what lies under
    it; the exact code comes first. By words: every word must appear (anywhere, so that
    "möbler" finds "Kontorsmöbler") in the label of ``language``, case and accents as
    :func:`~procure.cpv.codes.search_key` folds them; the label equal to the words comes
    first, then labels that start with them. Then broader codes before narrower ones,
    and code order.
    """
    parsed = parse_query(query)
    if parsed is None or limit < 1:
        return []
    statement = select(CpvCode)
    if isinstance(parsed, CodeQuery):
        # A range rather than LIKE: the primary key's B-tree serves it on any database.
        statement = statement.where(CpvCode.code >= parsed.digits)
        upper = prefix_upper_bound(parsed.digits)
        if upper is not None:
            statement = statement.where(CpvCode.code < upper)
        first = case((CpvCode.code == parsed.code, 0), else_=1) if parsed.code else None
    else:
        column = CpvCode.search_en if language == "en" else CpvCode.search_sv
        for word in parsed.words:
            statement = statement.where(column.contains(word, autoescape=True))
        # "Möbler" itself, then labels that start with the words ("Möbler (inkl. ...)"),
        # before labels that merely mention them ("... utom möbler").
        first = case((column == parsed.phrase, 0),
                     (column.startswith(parsed.phrase, autoescape=True), 1), else_=2)
    order = [CpvCode.level, CpvCode.code]
    if first is not None:
        order.insert(0, first)
    statement = statement.order_by(*order).limit(limit)
    return list(db.session.scalars(statement))

"""Revisions of a need as plain dicts, and what changed between two. Pure module."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from procure.catalogue import N_, texts
from procure.needs import outline

# The order fields are shown in when comparing: the basics, then the statement's order.
FIELDS = ("title", "language", "officer", "case_number", *outline.need_fields())


@dataclass(frozen=True)
class FieldChange:
    """One field that differs; ``segments`` are (kind, text) with kind in
    ``same``, ``removed``, ``added``."""

    field: str
    before: str
    after: str
    segments: tuple[tuple[str, str], ...]


WORDS = {True: N_("yes"), False: N_("no"), "must": N_("must"), "should": N_("should")}


def as_text(value: Any, language: str = "sv") -> str:
    """A field's value as readable text (lists of outcomes and requirements as lines)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return texts(language)(WORDS[value])
    if isinstance(value, list):
        return "\n".join(_item_text(number, item, language)
                         for number, item in enumerate(value, 1))
    return str(value)


def _item_text(number: int, item: Any, language: str) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "text" in item:  # a requirement: "2. [must] text (→ 1, 3)"
        kind = texts(language)(WORDS["must" if item.get("must") else "should"])
        outcomes = ", ".join(str(n) for n in item.get("outcomes", []))
        return f"{number}. [{kind}] {item['text']} (→ {outcomes or '–'})"
    # an outcome: "1. description (indicator: baseline → target, when)"
    criterion = item.get("indicator", "")
    progress = " → ".join(part for part in (item.get("baseline"), item.get("target")) if part)
    if progress:
        criterion = f"{criterion}: {progress}" if criterion else progress
    if item.get("when"):
        criterion = f"{criterion}, {item['when']}" if criterion else item["when"]
    return f"{number}. {item.get('description', '')}" + (f" ({criterion})" if criterion else "")


def _segments(before: str, after: str) -> tuple[tuple[str, str], ...]:
    # Word-level: a changed word in a long paragraph shows as that word, not the paragraph.
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    result: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            result.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            result.append(("added", "".join(new[j1:j2])))
    return tuple(result)


def compare(before: dict[str, Any], after: dict[str, Any],
            language: str = "sv") -> list[FieldChange]:
    """The fields that differ between two revisions' content, in statement order."""
    changes = []
    for field in FIELDS:
        old, new = as_text(before.get(field), language), as_text(after.get(field), language)
        if old != new:
            changes.append(FieldChange(field, old, new, _segments(old, new)))
    return changes

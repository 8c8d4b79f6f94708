"""How far a need statement has come, section by section (the GOV.UK task-list pattern).

Pure module (no Flask): from a :class:`~procure.needs.document.NeedDocument` and its
need-language findings, each section of the need page gets a state, and the statement
as a whole the parts that still block review (the same rule that refuses "Submit for
review": :func:`procure.needs.lifecycle.missing_before_review`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from procure.needs.document import NeedDocument
from procure.needs.lifecycle import missing_before_review

NOT_STARTED, IN_PROGRESS, COMPLETE, HAS_FINDINGS = (
    "not_started", "in_progress", "complete", "has_findings")

# The sections of the need page, in its order; the fields each is made of, and the
# fields it needs before it is complete.
SECTIONS = ("basics", "description", "outcomes", "requirements", "cpv", "procedure")
_FILLED = {
    "basics": ("estimated_value_sek", "timeline"),
    "description": ("background", "problem", "current_situation", "constraints",
                    "sustainability_ecological", "sustainability_social"),
    "outcomes": ("outcomes",),
    "requirements": ("requirements",),
    "cpv": ("cpv_main",),
    "procedure": ("procedure", "procedure_reason"),
}
_COMPLETE = {
    "basics": ("estimated_value_sek", "timeline"),
    "description": ("background", "problem", "current_situation"),
    "outcomes": ("outcomes",),
    "requirements": ("requirements",),
    "cpv": ("cpv_main",),
    "procedure": ("procedure", "procedure_reason"),
}
# The section a language-check finding belongs to (findings name a field).
_SECTION_OF_FIELD = {field: section for section, fields in _FILLED.items() for field in fields}


@dataclass(frozen=True)
class SectionProgress:
    section: str
    state: str
    findings: int
    # The fields of this section without which the need cannot be sent for review.
    blocking: tuple[str, ...]


def _has(document: NeedDocument, field: str) -> bool:
    value = getattr(document, field)
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple):
        return bool(value)
    return value is not None


def section_progress(document: NeedDocument, findings: Iterable) -> list[SectionProgress]:
    """Each section's state: not started, in progress, complete, or complete with
    findings of the need-language check to look at (``findings`` from ``check_need``)."""
    counts = dict.fromkeys(SECTIONS, 0)
    for finding in findings:
        counts[_SECTION_OF_FIELD.get(finding.section, "description")] += 1
    missing = missing_before_review(document)
    progress = []
    for section in SECTIONS:
        if counts[section]:
            state = HAS_FINDINGS
        elif all(_has(document, field) for field in _COMPLETE[section]):
            state = COMPLETE
        elif any(_has(document, field) for field in _FILLED[section]):
            state = IN_PROGRESS
        else:
            state = NOT_STARTED
        blocking = tuple(field for field in missing if _SECTION_OF_FIELD.get(field) == section)
        progress.append(SectionProgress(section, state, counts[section], blocking))
    return progress


def has_text_to_check(document: NeedDocument) -> bool:
    """Whether the need-language check has anything to read yet (a fresh draft has not)."""
    return any(_has(document, field) for field in
               (*_FILLED["description"], "timeline", "outcomes", "requirements"))

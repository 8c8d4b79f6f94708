"""Saving a need section by section.

Each section arrives as plain values (the view has read the form); the rules that the
values must meet are checked here, so the web, the CLI and the demo loader share them.
A save is refused when the need is not a draft or was saved after the form was loaded.
"""
from __future__ import annotations

from typing import Any

from procure.auth.models import User
from procure.cpv import services as cpv
from procure.extensions import db
from procure.needs.models import (
    Need,
    NeedCpvCode,
    NeedOutcome,
    NeedRequirement,
    NeedRevision,
)
from procure.needs.services import TEXT_SECTIONS, NeedError, begin_save, finish_save
from procure.needs.vocabulary import CONTRACT_KINDS, PROCEDURES

LANGUAGES = ("sv", "en")


def save_section(need: Need, section: str, values: dict[str, Any], *,
                 expected_lock_version: int, actor: User) -> NeedRevision:
    """Check and apply one section's ``values``, keep the revision, audit the save."""
    begin_save(need, expected_lock_version, SECTION_FIELDS[section])
    SETTERS[section](need, **values)
    return finish_save(need, actor, section)


def set_basics(need: Need, *, title: str, language: str, officer_id: int,
               estimated_value_sek: int | None, timeline: str, case_number: str = "") -> None:
    officer = db.session.get(User, officer_id)
    if (officer is None or not officer.is_staff or not officer.is_enabled
            or officer.department_id != need.department_id):
        raise NeedError("officer_department", field="officer")
    if language not in LANGUAGES:
        raise NeedError("language", field="language")
    if estimated_value_sek is not None and estimated_value_sek < 0:
        raise NeedError("value", field="estimated_value_sek")
    need.title = title.strip()
    need.language = language
    need.officer = officer
    need.estimated_value_sek = estimated_value_sek
    need.timeline = timeline.strip()
    need.case_number = case_number.strip()


def set_description(need: Need, **texts: str) -> None:
    for name in TEXT_SECTIONS:
        setattr(need, name, (texts.get(name) or "").strip())


def set_outcomes(need: Need, rows: list[dict[str, str]]) -> None:
    """Set the outcomes to ``rows`` in order.

    A row with the ``id`` of one of this need's outcomes updates that outcome (so the
    requirements tied to it stay tied to it wherever it moves); other rows are new
    outcomes; outcomes no row names are removed and untied from every requirement.
    """
    existing = {str(outcome.id): outcome for outcome in need.outcomes}
    ordered = []
    for position, row in enumerate(rows, 1):
        outcome = existing.pop(str(row.get("id") or ""), None) or NeedOutcome()
        outcome.position = position
        for key in ("description", "indicator", "baseline", "target", "when"):
            setattr(outcome, key, (row.get(key) or "").strip())
        ordered.append(outcome)
    for removed in existing.values():
        for requirement in need.requirements:
            if removed in requirement.outcomes:
                requirement.outcomes.remove(removed)
    need.outcomes = ordered


def set_requirements(need: Need, rows: list[dict[str, Any]]) -> None:
    """Set the requirements; each row's ``outcomes`` are 1-based outcome numbers."""
    by_number = {number: outcome for number, outcome in enumerate(need.outcomes, 1)}
    kept = list(need.requirements)
    for position, row in enumerate(rows, 1):
        if position <= len(kept):
            requirement = kept[position - 1]
        else:
            requirement = NeedRequirement()
            need.requirements.append(requirement)
        requirement.position = position
        requirement.text = row["text"].strip()
        requirement.must = bool(row["must"])
        requirement.outcomes = [by_number[n] for n in sorted(set(row["outcomes"]))
                                if n in by_number]
    for requirement in kept[len(rows):]:
        need.requirements.remove(requirement)


def set_cpv(need: Need, *, main: list[str], additional: list[str]) -> None:
    """One main code and any additional ones, every one from the CPV list."""
    if len(main) > 1:
        raise NeedError("one_main_code", field="cpv_main")
    for field, codes in (("cpv_main", main), ("cpv_additional", additional)):
        unknown = cpv.validate_codes(codes)
        if unknown:
            raise NeedError("unknown_cpv", field=field, codes=", ".join(unknown))
    main_code = main[0] if main else None
    need.cpv_main = main_code
    need.cpv_division = main_code[:2] if main_code else None
    wanted = [code for code in dict.fromkeys(additional) if code and code != main_code]
    existing = {c.code: c for c in need.additional_cpv}
    need.additional_cpv = [existing.get(code) or NeedCpvCode(code=code) for code in wanted]
    for position, entry in enumerate(need.additional_cpv, 1):
        entry.position = position


def set_procedure(need: Need, *, solution_exists: bool | None, development_needed: bool | None,
                  will_buy_result: bool | None, contract_kind: str, procedure: str | None,
                  procedure_reason: str) -> None:
    """The adviser's answers and the chosen route with its reasons."""
    if contract_kind not in CONTRACT_KINDS:
        raise NeedError("contract_kind", field="contract_kind")
    if procedure and procedure not in PROCEDURES:
        raise NeedError("procedure", field="procedure")
    need.solution_exists = solution_exists
    need.development_needed = development_needed
    need.will_buy_result = will_buy_result
    need.contract_kind = contract_kind
    need.procedure = procedure or None
    need.procedure_reason = procedure_reason.strip()


# The revision fields each section writes (and so may conflict on). Requirements name
# outcomes by number, so a change to the outcomes conflicts with requirements too.
SECTION_FIELDS = {
    "basics": ("title", "language", "officer", "case_number", "estimated_value_sek", "timeline"),
    "description": TEXT_SECTIONS,
    "outcomes": ("outcomes",),
    "requirements": ("requirements", "outcomes"),
    "cpv": ("cpv_main", "cpv_additional"),
    "procedure": ("solution_exists", "development_needed", "will_buy_result",
                  "contract_kind", "procedure", "procedure_reason"),
}

SETTERS = {
    "basics": set_basics,
    "description": set_description,
    "outcomes": set_outcomes,
    "requirements": set_requirements,
    "cpv": set_cpv,
    "procedure": set_procedure,
}

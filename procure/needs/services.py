"""Needs: creating, saving by section, moving through the lifecycle.

Service functions change state, flush and write the audit event; the caller commits.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from procure.audit.services import record
from procure.auth.models import User
from procure.core.identity import document_identity
from procure.db import utcnow
from procure.departments.models import Department
from procure.errors import CONFLICT, Refused
from procure.extensions import db
from procure.formatting import local_date
from procure.needs import lifecycle, outline
from procure.needs.adviser import route_name
from procure.needs.document import CpvCode, NeedDocument, Outcome, Requirement
from procure.needs.language_check import check_need
from procure.needs import staff_alerts
from procure.needs.models import Need, NeedRevision, NeedStatusChange, ReferenceCounter

# The free texts the "description" edit page writes, in statement order (the outline's).
TEXT_SECTIONS = outline.text_fields("description")


class NeedError(Refused):
    """A refused change; ``code`` names the reason, ``field`` the value at fault."""

    def __init__(self, code: str, field: str | None = None, **values):
        super().__init__(code, **values)
        self.field = field


class EditConflict(Refused):
    """Someone saved the need after the form was loaded: nothing was written."""

    def __init__(self, base: NeedRevision | None, current: NeedRevision):
        super().__init__(CONFLICT)
        self.base = base  # what the person started from
        self.current = current  # what is saved now


# --- who may do what ---------------------------------------------------------------

def can_view(user: User, need: Need) -> bool:
    """Staff of every department read needs; suppliers see needs only through dialogues."""
    return user.is_staff


def can_edit(user: User, need: Need) -> bool:
    """Officers of the owning department and admins change a need."""
    return user.is_admin or (user.role == "officer" and user.department_id == need.department_id)


def available_steps(user: User, need: Need) -> list[lifecycle.Transition]:
    """The lifecycle steps ``user`` may take on ``need`` now (the lifecycle decides)."""
    if not can_edit(user, need):
        return []
    steps = []
    for transition in lifecycle.transitions_from(need.status):
        if not transition.by_hand:
            continue
        try:
            lifecycle.check_transition(need.status, transition.target,
                                       actor_is_author=user.id == need.author_id,
                                       actor_is_admin=user.is_admin)
        except lifecycle.LifecycleError:
            continue
        steps.append(transition)
    return steps


def city_date(moment):
    """The calendar date of a UTC moment in the city's time zone."""
    return local_date(moment, current_app.config["BABEL_DEFAULT_TIMEZONE"])


# --- creating ------------------------------------------------------------------------

def next_reference(department: Department, year: int) -> tuple[int, str]:
    """Take the next number of ``department`` in ``year``: ``UTB-2026-014``.

    One atomic UPDATE ... RETURNING on a counter row, so two officers creating needs
    at once never get the same number, and a number once given is never given again.
    """
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.department_id == department.id, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    number = db.session.execute(bump).scalar_one_or_none()
    if number is None:
        try:
            with db.session.begin_nested():
                db.session.add(ReferenceCounter(department_id=department.id, year=year,
                                                last_number=1))
            number = 1
        except IntegrityError:  # another request created the row first
            number = db.session.execute(bump).scalar_one()
    return number, f"{department.code}-{year}-{number:03d}"


def create_need(*, title: str, department: Department, officer: User, language: str,
                actor: User, year: int | None = None) -> Need:
    """A new draft need with its first revision (numbered by the city's year, not UTC's)."""
    year = year or city_date(utcnow()).year
    sequence, reference = next_reference(department, year)
    need = Need(reference=reference, department=department, year=year, sequence=sequence,
                title=title.strip(), language=language, officer=officer, author=actor,
                status="draft")
    db.session.add(need)
    db.session.flush()
    need.status_changes.append(NeedStatusChange(from_status=None, to_status="draft",
                                                actor=actor))
    _keep_revision(need, actor, "created")
    record("need.created", need, actor=actor, reference=reference)
    return need


# --- saving --------------------------------------------------------------------------

def snapshot(need: Need) -> dict[str, Any]:
    """Everything the statement says, as plain JSON values."""
    numbers = {outcome.id: number for number, outcome in enumerate(need.outcomes, 1)}
    return {
        "title": need.title,
        "language": need.language,
        "officer": need.officer.name if need.officer else "",
        "case_number": need.case_number or "",
        **{name: getattr(need, name) for name in TEXT_SECTIONS},
        "timeline": need.timeline,
        "estimated_value_sek": need.estimated_value_sek,
        "cpv_main": need.cpv_main,
        "cpv_additional": [c.code for c in need.additional_cpv],
        "outcomes": [
            {"description": o.description, "indicator": o.indicator, "baseline": o.baseline,
             "target": o.target, "when": o.when}
            for o in need.outcomes
        ],
        "requirements": [
            {"text": r.text, "must": r.must,
             "outcomes": sorted(numbers[o.id] for o in r.outcomes if o.id in numbers)}
            for r in need.requirements
        ],
        "solution_exists": need.solution_exists,
        "development_needed": need.development_needed,
        "will_buy_result": need.will_buy_result,
        "contract_kind": need.contract_kind,
        "procedure": need.procedure,
        "procedure_reason": need.procedure_reason,
    }


def revision(need: Need, number: int) -> NeedRevision | None:
    return db.session.execute(
        db.select(NeedRevision).filter_by(need_id=need.id, number=number)
    ).scalar_one_or_none()


def _keep_revision(need: Need, actor: User | None, section: str) -> NeedRevision:
    db.session.flush()
    db.session.refresh(need)  # collections in their saved order
    kept = NeedRevision(need_id=need.id, number=need.lock_version, version=need.version,
                        saved_by=actor, section=section, content=snapshot(need))
    db.session.add(kept)
    need.finding_count = len(check_need(to_document(need)))
    return kept


def conflict_since(need: Need, expected_lock_version: int) -> EditConflict:
    """What was saved after the version a form was loaded with."""
    return EditConflict(base=revision(need, expected_lock_version),
                        current=revision(need, need.lock_version))


def begin_save(need: Need, expected_lock_version: int, fields: tuple[str, ...] = ()) -> None:
    """Refuse a save that is not allowed now or that would overwrite a newer one.

    A save made since the form was loaded is a conflict only when it changed one of
    ``fields`` (the section's own): two officers may write different sections at once.
    """
    if not lifecycle.is_editable(need.status):
        raise NeedError("not_editable")
    if expected_lock_version == need.lock_version:
        return
    conflict = conflict_since(need, expected_lock_version)
    if conflict.base is None or not fields or any(
            conflict.base.content.get(name) != conflict.current.content.get(name)
            for name in fields):
        raise conflict


def finish_save(need: Need, actor: User, section: str) -> NeedRevision:
    """Count the save, keep the revision and audit it (after the fields were set)."""
    need.lock_version += 1
    kept = _keep_revision(need, actor, section)
    record("need.saved", need, actor=actor, section=section, revision=need.lock_version)
    return kept


# --- the lifecycle -------------------------------------------------------------------

def change_status(need: Need, target: str, actor: User, comment: str = "",
                  by_hand: bool = False) -> None:
    """Take one step of the lifecycle, recorded with who, when and why; ``by_hand`` when
    a person asked for it on the need's page (steps the app takes itself are refused)."""
    if not can_edit(actor, need):
        raise NeedError("not_allowed")
    transition = lifecycle.check_transition(
        need.status, target, actor_is_author=actor.id == need.author_id,
        actor_is_admin=actor.is_admin)
    if by_hand and not transition.by_hand:
        raise lifecycle.LifecycleError("not_allowed", need.status, target)
    if transition.name == "withdraw" and not comment.strip():
        raise NeedError("reason_required")
    if target == "in_review":
        missing = lifecycle.missing_before_review(to_document(need))
        if missing:
            raise NeedError("incomplete", parts=",".join(missing))
    source = need.status
    need.status = target
    need.status_changes.append(NeedStatusChange(from_status=source, to_status=target,
                                                actor=actor, comment=comment.strip()))
    if source in ("draft", "in_review"):
        staff_alerts.need_status_changed(need, target, actor)
    if transition.new_version:
        need.version += 1
        need.lock_version += 1
        _keep_revision(need, actor, "reopened")
    record("need.status", need, actor=actor, from_status=source, to_status=target,
           comment=comment.strip())


# --- the statement -------------------------------------------------------------------

def to_document(need: Need, cpv_labels: dict[str, str] | None = None,
                extra_sections=()) -> NeedDocument:
    """The need as plain data for the language check, the PDF and the HTML statement."""
    labels = cpv_labels or {}
    numbers = {outcome.id: number for number, outcome in enumerate(need.outcomes, 1)}
    approved_at = next((c.at for c in reversed(need.status_changes)
                        if c.to_status == "approved"), None)
    return NeedDocument(
        reference=need.reference, title=need.title, language=need.language,
        identity=document_identity(need.case_number),
        department=need.department.name(need.language) if need.department else "",
        officer=need.officer.name if need.officer else "",
        version=need.version, status=need.status,
        issued=city_date(approved_at or need.updated_at) if (approved_at or need.updated_at)
        else None,
        **NeedDocument.texts_as_fields({name: getattr(need, name) or ""
                                        for name in outline.text_fields()}),
        outcomes=tuple(Outcome(o.description, o.indicator, o.baseline, o.target, o.when)
                       for o in need.outcomes),
        requirements=tuple(
            Requirement(r.text, r.must, tuple(sorted(numbers[o.id] for o in r.outcomes
                                                     if o.id in numbers)))
            for r in need.requirements),
        cpv_main=CpvCode(need.cpv_main, labels.get(need.cpv_main, "")) if need.cpv_main else None,
        cpv_additional=tuple(CpvCode(c.code, labels.get(c.code, "")) for c in need.additional_cpv),
        estimated_value_sek=need.estimated_value_sek,
        procedure=route_name(need.procedure, need.language) if need.procedure else "",
        procedure_reason=need.procedure_reason or "",
        extra_sections=tuple(extra_sections),
    )


def cpv_labels(need: Need, codes: list[str] | None = None) -> dict[str, str]:
    """Labels of the need's CPV codes (or of ``codes``) in the statement's language."""
    from procure.cpv.models import CpvCode as CpvEntry

    codes = need.cpv_codes if codes is None else codes
    if not codes:
        return {}
    rows = db.session.execute(db.select(CpvEntry).where(CpvEntry.code.in_(codes))).scalars()
    return {row.code: row.label(need.language) for row in rows}


def approved_revision(need: Need, version: int) -> NeedRevision | None:
    """The last revision saved under statement ``version``: its approved text, fixed from
    approval on (a reopened need saves under the next version)."""
    return db.session.execute(
        db.select(NeedRevision).filter_by(need_id=need.id, version=version)
        .order_by(NeedRevision.number.desc()).limit(1)).scalar_one_or_none()


def document_from_revision(need: Need, kept: NeedRevision, cpv_labels: dict[str, str],
                           extra_sections=(), dated: bool = True) -> NeedDocument:
    """The statement as revision ``kept`` says it: what the market reads, never the
    need's later drafts. Who and when come from the need (they are not text); the date
    of approval only when ``dated`` (a summary has no use for it)."""
    content = kept.content
    approved_at = next((c.at for c in reversed(need.status_changes)
                        if c.to_status == "approved"), None) if dated else None
    language = content.get("language") or need.language
    procedure = content.get("procedure")
    return NeedDocument(
        reference=need.reference, title=content.get("title", need.title), language=language,
        department=need.department.name(language) if need.department else "",
        officer=content.get("officer", ""), version=kept.version,
        status=need.status if lifecycle.is_approved(need.status) else "approved",
        issued=city_date(approved_at or kept.saved_at),
        **{name: content.get(name) or "" for name in TEXT_SECTIONS},
        timeline=content.get("timeline") or "",
        outcomes=tuple(Outcome(o.get("description", ""), o.get("indicator", ""),
                               o.get("baseline", ""), o.get("target", ""), o.get("when", ""))
                       for o in content.get("outcomes", [])),
        requirements=tuple(Requirement(r.get("text", ""), bool(r.get("must")),
                                       tuple(r.get("outcomes", [])))
                           for r in content.get("requirements", [])),
        cpv_main=CpvCode(content["cpv_main"], cpv_labels.get(content["cpv_main"], ""))
        if content.get("cpv_main") else None,
        cpv_additional=tuple(CpvCode(code, cpv_labels.get(code, ""))
                             for code in content.get("cpv_additional", [])),
        estimated_value_sek=content.get("estimated_value_sek"),
        procedure=route_name(procedure, language) if procedure else "",
        procedure_reason=content.get("procedure_reason") or "",
        extra_sections=tuple(extra_sections),
    )

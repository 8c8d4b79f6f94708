"""The OCDS export: what is public about each need, read in a fixed number of queries.

Public means: the statement as it was approved (never a draft, never a version under
review), the market dialogues from their publication on, the organisations still
registered for them, and, once a dialogue's consultation report is public, the answers
and information the city published. Never exported: written input (it may hold trade
secrets), attendees, who asked what, questions as suppliers wrote them, meeting
minutes, and the names of anyone's staff.

Service functions read, write the audit event and return; the caller commits.
"""
from __future__ import annotations

from dataclasses import replace

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, func, or_
from sqlalchemy.orm import joinedload, selectinload

from procure.audit.services import record
from procure.core import links
from procure.cpv.models import CpvCode
from procure.dialogues.vocabulary import CLARIFICATIONS_PUBLIC_STATES, PUBLIC_STATES
from procure.dialogues.models import Dialogue, Message, Registration
from procure.extensions import db
from procure.marketscan.models import KeptNotice
from procure.marketscan.services import ocds_notice_document
from procure.needs.adviser import route_name
from procure.needs.models import Need, NeedRevision, NeedStatusChange
from procure.needs.vocabulary import APPROVED_STATES, UNAPPROVED_STATES
from procure.opendata import ocds

OUTCOME_FIELDS = ("description", "indicator", "baseline", "target", "when")


def publication(uri: str | None = None) -> ocds.Publication:
    """The publisher and ocid prefix from the configuration; ``uri`` names the package
    (the whole export's address unless a page's is given)."""
    config = current_app.config
    return ocds.Publication(
        prefix=config["OCDS_PREFIX"], publisher=config["OCDS_PUBLISHER"],
        uri=uri or public_url("opendata.releases"), license=config["OCDS_LICENSE"],
        publication_policy=config["OCDS_PUBLICATION_POLICY"], language=package_language())


def package_language() -> str:
    """The one language a package names its parties in: the city's own."""
    return current_app.config.get("BABEL_DEFAULT_LOCALE") or "sv"


def public_url(endpoint: str, **values: Any) -> str:
    """An address under ``PUBLIC_URL``, the same from the web and the command line."""
    return links.public_url(endpoint, **values)


# Needs read at a time: every query of a batch names at most this many ids.
BATCH_SIZE = 500


@dataclass(frozen=True)
class ReleasePage:
    """One page of releases, and the reference the next page starts after (``None`` on
    the last page)."""

    needs: list[ocds.NeedRelease]
    next_after: str | None


def release_package() -> dict[str, Any]:
    """The OCDS release package of every need that has left draft, in memory (tests and
    small exports; the command and the API read in pages)."""
    return ocds.build_package(iter_public_needs(), publication())


def export(actor=None, via: str = "api", releases: int = 0, **detail: Any) -> None:
    """Write the audit event that says ``releases`` releases were exported."""
    record("export.ocds", actor=actor, object_type="export", releases=releases, via=via,
           **detail)


def write_export(out, actor=None, via: str = "cli", since: datetime | None = None) -> int:
    """Stream the whole release package to ``out`` in constant memory, audited; return
    the number of releases written."""
    count = ocds.write_package(out, iter_public_needs(since, release_memory=True),
                               publication())
    export(actor=actor, via=via, releases=count)
    return count


# --- reading ---------------------------------------------------------------------------

def iter_public_needs(since: datetime | None = None, batch_size: int = BATCH_SIZE,
                      release_memory: bool = False) -> Iterator[ocds.NeedRelease]:
    """Every public need in reference (so ocid) order, read ``batch_size`` at a time.

    With ``release_memory`` the session forgets each batch's rows once they are built,
    so a national export stays the size of one batch (only for callers that hold no
    loaded rows of their own, such as the export command).
    """
    after = None
    while True:
        page = release_page(after=after, limit=batch_size, since=since)
        yield from page.needs
        if page.next_after is None:
            return
        after = page.next_after
        if release_memory:
            db.session.expunge_all()


def release_page(after: str | None = None, limit: int = BATCH_SIZE,
                 since: datetime | None = None) -> ReleasePage:
    """The public needs whose reference sorts after ``after``, at most ``limit`` of them
    read (ten queries at most, however many needs there are); with ``since``, only those
    whose release changed at or after that moment. A page may hold fewer releases than
    ``limit`` (a reopened need whose approved text is not kept has none)."""
    query = (db.select(Need)
             .where(or_(Need.status.in_((*APPROVED_STATES, "withdrawn")),
                        and_(Need.status.in_(UNAPPROVED_STATES), Need.version > 1)))
             .options(joinedload(Need.department), selectinload(Need.outcomes),
                      selectinload(Need.additional_cpv), selectinload(Need.status_changes))
             .order_by(Need.reference).limit(limit + 1))
    if after:
        query = query.where(Need.reference > after)
    if since is not None:
        query = query.where(_changed_since(since))
    needs = list(db.session.execute(query).scalars())
    # One row more than the page tells whether another page follows (no empty last page).
    next_after = needs[limit - 1].reference if len(needs) > limit else None
    needs = needs[:limit]
    releases = _releases(needs)
    if since is not None:
        since = since if since.tzinfo else since.replace(tzinfo=UTC)
        releases = [release for release in releases if ocds.release_date(release) >= since]
    return ReleasePage(releases, next_after)


def _changed_since(since: datetime):
    """Needs whose release may have changed since ``since``: a superset of those whose
    release date (:func:`procure.opendata.ocds.release_date`) is that late, in SQL."""
    dialogue_moments = or_(Dialogue.published_at >= since, Dialogue.closed_at >= since,
                           Dialogue.reported_at >= since)
    return or_(
        Need.updated_at >= since,
        db.select(NeedStatusChange.id).where(NeedStatusChange.need_id == Need.id,
                                             NeedStatusChange.at >= since).exists(),
        db.select(Dialogue.id).where(Dialogue.need_id == Need.id, dialogue_moments).exists(),
        db.select(Message.id).join(Dialogue, Dialogue.id == Message.dialogue_id)
        .where(Dialogue.need_id == Need.id, Message.published_at >= since).exists(),
        _measured_since(since),
    )


def _measured_since(since: datetime):
    """A measurement of one of the need's outcomes recorded since ``since``."""
    from procure.followup.models import Measurement
    from procure.needs.models import NeedOutcome

    return (db.select(Measurement.id).join(NeedOutcome, NeedOutcome.id == Measurement.outcome_id)
            .where(NeedOutcome.need_id == Need.id, Measurement.recorded_at >= since).exists())


def _releases(needs: list[Need]) -> list[ocds.NeedRelease]:
    """The releases of ``needs`` (a batch), in their order."""
    sources = {need.id: source for need in needs if (source := _source(need))}
    earlier = _approved_revisions([need for need in needs if sources.get(need.id) == "revision"])
    contents = {}
    for need in needs:
        if sources.get(need.id) == "live":
            contents[need.id] = _live_content(need)
        elif need.id in earlier:
            contents[need.id] = earlier[need.id]
    needs = [need for need in needs if need.id in contents]
    dialogues = _public_dialogues([need.id for need in needs])
    notices = _kept_notices([need.id for need in needs if sources[need.id] == "live"])
    labels = _cpv_labels(contents.values())
    procured = _tenders_and_awards({need.id: need.language for need in needs})
    results = _outcome_results([need.id for need in needs])
    return [replace(_need_release(need, contents[need.id], sources[need.id] == "revision",
                                  dialogues.get(need.id, ()), notices.get(need.id, ()), labels),
                    results=tuple(results.get(need.id, ())), **procured.get(need.id, {}))
            for need in needs]


def _outcome_results(need_ids: list[int]) -> dict[int, list[ocds.OutcomeResult]]:
    """Each outcome with a measurable target, and its latest measurement (one statement
    for every need at once). Only the values and their dates are public: a measurement's
    source and comment stay with the staff."""
    from procure.followup.models import Measurement, OutcomeTarget
    from procure.followup.progress import reaches
    from procure.needs.models import NeedOutcome
    from procure.needs.services import city_date
    from procure.db import utcnow

    found: dict[int, list[ocds.OutcomeResult]] = defaultdict(list)
    if not need_ids:
        return found
    ranked = (db.select(Measurement.outcome_id, Measurement.value, Measurement.measured_on,
                        func.row_number().over(partition_by=Measurement.outcome_id,
                                               order_by=(Measurement.measured_on.desc(),
                                                         Measurement.id.desc()))
                        .label("position"))
              .join(NeedOutcome, NeedOutcome.id == Measurement.outcome_id)
              .where(NeedOutcome.need_id.in_(need_ids)).subquery())
    rows = db.session.execute(
        db.select(NeedOutcome.need_id, NeedOutcome.position, NeedOutcome.description,
                  NeedOutcome.indicator, OutcomeTarget.baseline_value,
                  OutcomeTarget.target_value, OutcomeTarget.target_on, ranked.c.value,
                  ranked.c.measured_on)
        .join(OutcomeTarget, OutcomeTarget.outcome_id == NeedOutcome.id)
        .outerjoin(ranked, and_(ranked.c.outcome_id == NeedOutcome.id, ranked.c.position == 1))
        .where(NeedOutcome.need_id.in_(need_ids))
        .order_by(NeedOutcome.need_id, NeedOutcome.position))
    today = city_date(utcnow())
    for (need_id, position, description, indicator, baseline, target, target_on, value,
         measured_on) in rows:
        if value is not None and reaches(value, target, baseline):
            standing = "met"
        elif today > target_on:
            standing = "missed"
        else:
            standing = "on_track" if value is not None else "not_measured"
        found[need_id].append(ocds.OutcomeResult(
            position=position, description=description, indicator=indicator,
            baseline=baseline, target=target, target_on=target_on, standing=standing,
            latest_value=value, latest_on=measured_on))
    return found


def _tenders_and_awards(languages: dict[int, str]) -> dict[int, dict[str, Any]]:
    """The public notice and award of each need (two queries for every need at once)."""
    from procure.awards.models import Award, AwardSupplier, Tender
    from procure.awards.vocabulary import OCDS_METHOD, PROCEDURES
    from procure.catalogue import texts

    found: dict[int, dict[str, Any]] = {}
    need_ids = list(languages)
    if not need_ids:
        return found
    # One statement: the notice and the award side by side, each need's row once.
    rows = db.session.execute(
        db.select(Tender, Award).select_from(Need)
        .outerjoin(Tender, Tender.need_id == Need.id).outerjoin(Award, Award.need_id == Need.id)
        .where(Need.id.in_(need_ids), or_(Tender.id.is_not(None), Award.id.is_not(None)))
        .options(joinedload(Award.suppliers).joinedload(AwardSupplier.organisation))
    ).unique().all()
    for tender, award in rows:
        if tender is not None:
            _ = texts(languages[tender.need_id])
            found.setdefault(tender.need_id, {})["notice"] = ocds.TenderNotice(
                method=OCDS_METHOD[tender.procedure], procedure=_(PROCEDURES[tender.procedure]),
                source=tender.source, reference=tender.notice_reference, url=tender.notice_url,
                published=tender.published_on, deadline=tender.deadline_on)
        if award is not None:
            found.setdefault(award.need_id, {})["award"] = ocds.AwardRecord(
                suppliers=tuple(ocds.Supplier(
                    name=s.display_name, country=s.country,
                    identifier="" if s.sole_trader else s.display_identifier,
                    size=s.organisation.size if s.organisation else "",
                    withheld_key=s.withheld_key)
                    for s in award.suppliers),
                amount_sek=award.amount_sek, signed=award.signed_on, starts=award.starts_on,
                ends=award.ends_on, options_until=award.options_until, options=award.options)
    return found


def _source(need: Need) -> str | None:
    """Where the public text of ``need`` is: its own fields, an earlier revision, none."""
    if need.status in APPROVED_STATES:
        return "live"
    if need.status == "withdrawn" and _withdrawn_from(need) in APPROVED_STATES:
        return "live"  # nothing was edited after approval: the text is the approved one
    return "revision" if need.version > 1 else None


def _withdrawn_from(need: Need) -> str | None:
    return next((change.from_status for change in reversed(need.status_changes)
                 if change.to_status == "withdrawn"), None)


def _live_content(need: Need) -> dict[str, Any]:
    """The need's own fields, shaped like a revision's content (public fields only)."""
    return {
        "title": need.title, "language": need.language, "background": need.background,
        "problem": need.problem,
        "outcomes": [{key: getattr(outcome, key) for key in OUTCOME_FIELDS}
                     for outcome in need.outcomes],
        "cpv_main": need.cpv_main, "cpv_additional": [c.code for c in need.additional_cpv],
        "estimated_value_sek": need.estimated_value_sek, "contract_kind": need.contract_kind,
        "procedure": need.procedure, "procedure_reason": need.procedure_reason,
    }


def _approved_revisions(needs: list[Need]) -> dict[int, dict[str, Any]]:
    """The content of the last save of each reopened need's previous (approved) version."""
    if not needs:
        return {}
    last = (db.select(NeedRevision.need_id, func.max(NeedRevision.number).label("number"))
            .join(Need, Need.id == NeedRevision.need_id)
            .where(NeedRevision.need_id.in_([need.id for need in needs]),
                   NeedRevision.version == Need.version - 1)
            .group_by(NeedRevision.need_id).subquery())
    rows = db.session.execute(db.select(NeedRevision).join(
        last, and_(NeedRevision.need_id == last.c.need_id,
                   NeedRevision.number == last.c.number))).scalars()
    return {row.need_id: row.content for row in rows}


def _public_dialogues(need_ids: list[int]) -> dict[int, list[ocds.Dialogue]]:
    """Each need's published, closed and reported dialogues, with their participants
    and, for reported ones, what was published to all."""
    if not need_ids:
        return {}
    dialogues = list(db.session.execute(
        db.select(Dialogue).where(Dialogue.need_id.in_(need_ids),
                                  Dialogue.status.in_(PUBLIC_STATES))
        .order_by(Dialogue.published_at, Dialogue.id)).scalars())
    ids = [dialogue.id for dialogue in dialogues]
    participants: dict[int, list[ocds.Supplier]] = defaultdict(list)
    clarifications: dict[int, list[ocds.Clarification]] = defaultdict(list)
    if ids:
        # Who takes part is the officers' business while a dialogue runs; organisations
        # are named once its report is final (a step the city has published).
        reported = [d.id for d in dialogues if d.status == "reported"]
        registrations = db.session.execute(
            db.select(Registration).options(joinedload(Registration.organisation))
            .where(Registration.dialogue_id.in_(reported), Registration.cancelled_at.is_(None))
            .order_by(Registration.id)).scalars()
        for registration in registrations:
            organisation = registration.organisation
            sole_trader = organisation.sole_trader  # its number is a person's: withheld
            participants[registration.dialogue_id].append(ocds.Supplier(
                name=organisation.name, country=organisation.country,
                identifier="" if sole_trader else organisation.identifier,
                size=organisation.size,
                withheld_key=f"o{organisation.id}" if sole_trader else ""))
        with_report = [d.id for d in dialogues if d.status in CLARIFICATIONS_PUBLIC_STATES]
        if with_report:
            messages = db.session.execute(
                db.select(Message).where(Message.dialogue_id.in_(with_report))
                .order_by(Message.published_at, Message.id)).scalars()
            for message in messages:
                clarifications[message.dialogue_id].append(ocds.Clarification(
                    key=message.id, kind=message.kind, question=message.question,
                    body=message.body, published=message.published_at))
    by_need: dict[int, list[ocds.Dialogue]] = defaultdict(list)
    for dialogue in dialogues:
        report_public = dialogue.status in CLARIFICATIONS_PUBLIC_STATES
        by_need[dialogue.need_id].append(ocds.Dialogue(
            key=dialogue.id, kind=dialogue.kind, title=dialogue.title,
            description=dialogue.description, status=dialogue.status,
            input_deadline=dialogue.input_deadline, published=dialogue.published_at,
            closed=dialogue.closed_at, reported=dialogue.reported_at,
            url=public_url("dialogues.show", dialogue_id=dialogue.id),
            report_url=public_url("dialogues.report_pdf", dialogue_id=dialogue.id)
            if report_public else "",
            participants=tuple(participants[dialogue.id]),
            clarifications=tuple(clarifications[dialogue.id])))
    return by_need


def _kept_notices(need_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """TED notices kept for needs whose statement is the approved one (a reopened need's
    notices are being revised with it, so they wait for the new approval)."""
    if not need_ids:
        return {}
    kept = db.session.execute(
        db.select(KeptNotice).where(KeptNotice.need_id.in_(need_ids))
        .order_by(KeptNotice.publication_date.desc().nulls_last(), KeptNotice.id)).scalars()
    by_need: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for notice in kept:
        by_need[notice.need_id].append(ocds_notice_document(notice))
    return by_need


def _cpv_labels(contents) -> dict[tuple[str, str], str]:
    codes = {code for content in contents for code in _codes(content)}
    if not codes:
        return {}
    rows = db.session.execute(db.select(CpvCode).where(CpvCode.code.in_(codes))).scalars()
    return {(row.code, language): row.label(language) for row in rows
            for language in ("sv", "en")}


def _codes(content: dict[str, Any]) -> list[str]:
    main = content.get("cpv_main")
    return ([main] if main else []) + list(content.get("cpv_additional") or [])


def _need_release(need: Need, content: dict[str, Any], earlier_version: bool, dialogues,
                  notices, labels: dict[tuple[str, str], str]) -> ocds.NeedRelease:
    changes: list[NeedStatusChange] = need.status_changes
    # Steps into an approved state or out of the process show in the release; reopening,
    # submitting or returning a new version do not (the text shown stays the approved).
    shown = [change.at for change in changes
             if change.to_status in (*APPROVED_STATES, "withdrawn")]
    approved = [change.at for change in changes if change.to_status == "approved"]
    # A new version may change the language too: the approved one's is the public one.
    language = content.get("language") or need.language
    procedure = content.get("procedure")
    return ocds.NeedRelease(
        reference=need.reference, language=language,
        # A reopened need was approved before; it is still that approved need outside.
        status="approved" if need.status in UNAPPROVED_STATES else need.status,
        withdrawn_from=_withdrawn_from(need) if need.status == "withdrawn" else None,
        version=need.version - 1 if earlier_version else need.version,
        title=content.get("title") or "",
        # Named in the package's one language, whatever the release's.
        buyer=ocds.Buyer(key=need.department.code,
                         name=need.department.name(package_language())),
        changed=max(shown, default=need.updated_at),
        approved=max(approved) if approved else None,
        background=content.get("background") or "", problem=content.get("problem") or "",
        outcomes=tuple(ocds.Outcome(**{key: outcome.get(key) or "" for key in OUTCOME_FIELDS})
                       for outcome in content.get("outcomes") or ()),
        contract_kind=content.get("contract_kind") or "",
        procedure_name=route_name(procedure, language) if procedure else "",
        procedure_reason=content.get("procedure_reason") or "",
        estimated_value_sek=content.get("estimated_value_sek"),
        cpv=tuple(ocds.Classification(code, labels.get((code, language), ""))
                  for code in _codes(content)),
        dialogues=tuple(dialogues), market_studies=tuple(notices))

"""The need statement: the PDF for the tender documents and its accessible HTML twin.

Staff read the need's statement as it stands. Everybody else reads it once the need has
a published market dialogue, and then only the approved text that dialogue was published
with: never a later draft, review comments or the officers' notes.
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_login import current_user

from procure.audit.services import record
from procure.catalogue import texts
from procure.auth.access import public
from procure.core.pdf_downloads import (
    cached_pdf_response,
    pdf_cache,
    row_values,
    tracked_key,
    tracks_select,
)
from procure.cpv.models import CpvCode as CpvEntry
from procure.extensions import db
from procure.needs import bp, outline, queries, services
from procure.needs.document import NeedDocument
from procure.needs.models import (
    Need,
    NeedCpvCode,
    NeedOutcome,
    NeedRequirement,
    NeedStatusChange,
    requirement_outcomes,
)
from procure.needs.loading import load_need
from procure.needs.statement_pdf import build_need_statement
from procure.pdf.cache import pdf_key

# The sections the market may read with the approved text: what is already public.
PUBLIC_SECTION_KEYS = {"market_dialogue"}
# Which statement version the market may read: the one the need's published dialogue was
# published with, or None when it has none. Set by procure.register_statement_sections()
# (the dialogues know; the needs do not import them).
PUBLISHED_VERSION: list[Callable[[Need], int | None]] = []


def statement_document(need: Need) -> NeedDocument:
    """The statement's content, with the sections other domains contribute to the outline
    (market dialogue, PCP plan, contract length...), each when it has something to say."""
    extra = [section for contributed in outline.CONTRIBUTED
             if (section := contributed.provide(need))]
    return services.to_document(need, services.cpv_labels(need), extra)


def published_version(need: Need) -> int | None:
    """The statement version the market reads, or None while no dialogue is published."""
    return PUBLISHED_VERSION[0](need) if PUBLISHED_VERSION else None


def public_document(need: Need, sections: bool = True) -> NeedDocument | None:
    """The approved statement as its published dialogue presents it, or None; as a
    summary when ``sections`` is false (no other parts' sections, CPV labels or date)."""
    version = published_version(need)
    kept = services.approved_revision(need, version) if version is not None else None
    if kept is None:
        return None
    if not sections:
        return services.document_from_revision(need, kept, {}, dated=False)
    codes = [code for code in [kept.content.get("cpv_main"),
                               *kept.content.get("cpv_additional", [])] if code]
    extra = [section for contributed in outline.CONTRIBUTED
             if contributed.key in PUBLIC_SECTION_KEYS and (section := contributed.provide(need))]
    return services.document_from_revision(need, kept, services.cpv_labels(need, codes), extra)


def _readable_statement(reference: str) -> tuple[Need, NeedDocument, bool]:
    """The need, the statement the current person may read, and whether it is the
    public one; 404 when there is none for them."""
    if current_user.is_authenticated and current_user.is_staff:
        need = load_need(reference)
        return need, statement_document(need), False
    need = queries.by_reference(reference)
    document = public_document(need) if need is not None else None
    if document is None:
        abort(404)  # a need without a published dialogue is none of the market's business
    return need, document, True


def pdf_filename(need: Need, version: int | None = None) -> str:
    # The file's name in the statement's language, as a word of a file name.
    kind = texts(need.language).pgettext("file name", "need-statement")
    return f"{need.reference}-{kind}-v{version or need.version}.pdf"


@bp.get("/<reference>/statement")
@public
def statement_html(reference: str):
    need, document, is_public = _readable_statement(reference)
    return render_template("needs/statement.html", need=need, document=document,
                           is_public=is_public, cover=outline.cover(document),
                           sections=outline.render(document))


BUILDER = "procure.needs.statement_pdf"


def need_tracks(need_id, cpv_main) -> list[tuple]:
    """The rows of a need's own that its statement shows (see
    procure.core.pdf_downloads.tracked_key): its status changes, outcomes, requirements
    with the outcomes they serve, CPV codes and their labels. ``need_id`` and
    ``cpv_main`` are the need's, or bound parameters of a statement built once."""
    requirements = sa.select(NeedRequirement.id).where(NeedRequirement.need_id == need_id)
    codes = sa.select(NeedCpvCode.code).where(NeedCpvCode.need_id == need_id)
    return [
        (NeedStatusChange.__table__, NeedStatusChange.need_id == need_id, None),
        (NeedOutcome.__table__, NeedOutcome.need_id == need_id, None),
        (NeedRequirement.__table__, NeedRequirement.need_id == need_id, None),
        (requirement_outcomes, requirement_outcomes.c.requirement_id.in_(requirements), None),
        (NeedCpvCode.__table__, NeedCpvCode.need_id == need_id, None),
        # Two tracks, not one with OR: each finds its labels by the primary key.
        (CpvEntry.__table__, CpvEntry.code == cpv_main, None),
        (CpvEntry.__table__, CpvEntry.code.in_(codes), None),
    ]


def statement_tracks(need: Need) -> list[tuple] | None:
    """Every row the statement shows besides the need, its department and its officer;
    None when a contributed section does not say what it shows."""
    if any(contributed.tracks is None for contributed in outline.CONTRIBUTED):
        return None
    tracks = need_tracks(need.id, need.cpv_main)
    for contributed in outline.CONTRIBUTED:
        tracks += contributed.tracks(need)
    return tracks


def statement_pdf_key(need: Need) -> str:
    """The PDF cache key of a statement, read in one statement (the need, its department
    and its officer are loaded with it by load_need): a cache hit builds nothing."""
    tracks = statement_tracks(need)
    if tracks is None:
        document = statement_document(need)
        return pdf_key(document, BUILDER, document.language)
    known = {"need": row_values(need),
             "department": row_values(need.department) if need.department else None,
             "officer": need.officer.name if need.officer else None}
    return tracked_key(BUILDER, need.language, known, tracks_select(tracks))


@bp.get("/<reference>/statement.pdf")
@public
def statement_pdf(reference: str):
    if not (current_user.is_authenticated and current_user.is_staff):
        # The market's statement is the approved version its dialogue was published
        # with: keyed by that content, which a later draft does not change.
        need, document, _is_public = _readable_statement(reference)
        record("need.statement_downloaded", need, actor=current_user, version=document.version)
        db.session.commit()
        return cached_pdf_response(pdf_key(document, BUILDER, document.language),
                                   lambda: build_need_statement(document),
                                   pdf_filename(need, document.version))
    need = load_need(reference)
    key = statement_pdf_key(need)
    filename = pdf_filename(need)
    # On a miss the content is read now, in the transaction the key was read in, so the
    # PDF kept under the key is the one the key stands for.
    document = None if request.if_none_match.contains(key) or pdf_cache().path(key).is_file() \
        else statement_document(need)
    record("need.statement_downloaded", need, actor=current_user, version=need.version)
    db.session.commit()
    return cached_pdf_response(key, lambda: build_need_statement(
        document or statement_document(load_need(reference))), filename)

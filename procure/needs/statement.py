"""The need statement: the PDF for the tender documents and its accessible HTML twin."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request
from flask_login import current_user

from procure.audit.services import record
from procure.core.pdf_downloads import cached_pdf_response, pdf_cache, row_values, tracked_key
from procure.cpv.models import CpvCode as CpvEntry
from procure.extensions import db
from procure.needs import bp, outline, services
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


def statement_document(need: Need) -> NeedDocument:
    """The statement's content, with the sections other domains contribute to the outline
    (market dialogue, PCP plan, contract length...), each when it has something to say."""
    extra = [section for contributed in outline.CONTRIBUTED
             if (section := contributed.provide(need))]
    return services.to_document(need, services.cpv_labels(need), extra)


def pdf_filename(need: Need) -> str:
    kind = "behovsbeskrivning" if need.language == "sv" else "need-statement"
    return f"{need.reference}-{kind}-v{need.version}.pdf"


@bp.get("/<reference>/statement")
def statement_html(reference: str):
    need = load_need(reference)
    document = statement_document(need)
    return render_template("needs/statement.html", need=need, document=document,
                           cover=outline.cover(document), sections=outline.render(document))


BUILDER = "procure.needs.statement_pdf"


def statement_tracks(need: Need) -> list[tuple] | None:
    """Every row the statement shows besides the need, its department and its officer
    (see procure.core.pdf_downloads.tracked_key); None when a contributed section does
    not say what it shows."""
    if any(contributed.tracks is None for contributed in outline.CONTRIBUTED):
        return None
    requirements = sa.select(NeedRequirement.id).where(NeedRequirement.need_id == need.id)
    codes = sa.select(NeedCpvCode.code).where(NeedCpvCode.need_id == need.id)
    tracks = [
        (NeedStatusChange.__table__, NeedStatusChange.need_id == need.id, None),
        (NeedOutcome.__table__, NeedOutcome.need_id == need.id, None),
        (NeedRequirement.__table__, NeedRequirement.need_id == need.id, None),
        (requirement_outcomes, requirement_outcomes.c.requirement_id.in_(requirements), None),
        (NeedCpvCode.__table__, NeedCpvCode.need_id == need.id, None),
        (CpvEntry.__table__, CpvEntry.code.in_(codes) | (CpvEntry.code == need.cpv_main),
         None),
    ]
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
    return tracked_key(BUILDER, need.language, known, tracks)


@bp.get("/<reference>/statement.pdf")
def statement_pdf(reference: str):
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

"""The need statement: the PDF for the tender documents and its accessible HTML twin."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from procure.audit.services import record
from procure.core.pdf_downloads import cached_pdf_response
from procure.extensions import db
from procure.needs import bp, outline, services
from procure.needs.document import NeedDocument
from procure.needs.models import Need
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


def statement_pdf_key(document: NeedDocument) -> str:
    """The PDF cache key of a statement: its content, the code's version, its language."""
    return pdf_key(document, "procure.needs.statement_pdf", document.language)


@bp.get("/<reference>/statement.pdf")
def statement_pdf(reference: str):
    need = load_need(reference)
    document = statement_document(need)
    record("need.statement_downloaded", need, actor=current_user, version=need.version)
    db.session.commit()
    return cached_pdf_response(statement_pdf_key(document),
                               lambda: build_need_statement(document), pdf_filename(need))

"""The need statement: the PDF for the tender documents and its accessible HTML twin."""
from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask_login import current_user

from procure.audit.services import record
from procure.core.pdf_downloads import cached_pdf_response
from procure.extensions import db
from procure.needs import bp, services
from procure.needs.document import ExtraSection, NeedDocument
from procure.needs.models import Need
from procure.needs.statement_pdf import (
    TEXTS,
    build_need_statement,
    format_date,
    format_sek,
    status_label,
)
from procure.needs.loading import load_need
from procure.pdf.cache import pdf_key

# Other parts of the app add their sections to the statement (market dialogue, PCP plan,
# contract length): each provider returns an ExtraSection, or None when it has nothing.
# procure.register_statement_sections() fills the list, in the statement's order.
SECTION_PROVIDERS: list[Callable[[Need], ExtraSection | None]] = []


def statement_document(need: Need) -> NeedDocument:
    """The statement's content, with the sections other parts of the app contribute."""
    extra = [section for provider in SECTION_PROVIDERS if (section := provider(need))]
    return services.to_document(need, services.cpv_labels(need), extra)


def pdf_filename(need: Need) -> str:
    kind = "behovsbeskrivning" if need.language == "sv" else "need-statement"
    return f"{need.reference}-{kind}-v{need.version}.pdf"


@bp.get("/<reference>/statement")
def statement_html(reference: str):
    need = load_need(reference)
    document = statement_document(need)
    language = document.language
    return render_template(
        "needs/statement.html", need=need, document=document, texts=TEXTS[language],
        status_text=status_label(document.status, language),
        issued=format_date(document.issued, language) if document.issued else "",
        value_text=format_sek(document.estimated_value_sek, language)
        if document.estimated_value_sek is not None else "")


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

"""The tender-ready need statement as a PDF, in Swedish or English.

Reads only a :class:`~procure.needs.document.NeedDocument` and returns PDF bytes; no
Flask, no database. Section numbers stay stable: an empty text section says "not yet
described" instead of disappearing. Only the procedure section (11) and the extra
sections other features add are conditional, and they come last.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from procure.formatting import format_long_date as format_date
from procure.formatting import format_sek
from procure.needs.document import CpvCode, ExtraSection, NeedDocument
from procure.pdf.style import (
    CONTENT_WIDTH,
    build_pdf,
    heading,
    make_table,
    markup,
    stylesheet,
    text_paragraphs,
)

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "kind": "Behovsbeskrivning",
        "subtitle": "Funktionell behovsbeskrivning inför innovationsupphandling",
        "reference": "Referensnummer", "department": "Förvaltning",
        "officer": "Ansvarig handläggare", "version": "Version", "date": "Datum",
        "status": "Status",
        "cover_note": "Behovsbeskrivningen anger vilket problem som ska lösas och vilka effekter "
                      "som eftersträvas, inte vilken produkt som ska köpas. Den ingår i "
                      "upphandlingsdokumenten.",
        "background": "Bakgrund", "problem": "Problemet och vilka som berörs",
        "current_situation": "Dagens situation och dess kostnad",
        "outcomes": "Önskade effekter", "requirements": "Funktionella krav",
        "constraints": "Förutsättningar och begränsningar", "sustainability": "Hållbarhetsmål",
        "ecological": "Ekologisk hållbarhet", "social": "Social hållbarhet",
        "cpv": "CPV-koder", "value": "Uppskattat värde", "timeline": "Tidplan",
        "procedure": "Val av upphandlingsförfarande och skäl",
        "not_described": "Ännu inte beskrivet.", "not_estimated": "Ännu inte uppskattat.",
        "no": "Nr", "outcome": "Effekt", "indicator": "Indikator", "baseline": "Utgångsläge",
        "target": "Målvärde", "when": "När", "requirement": "Krav", "level": "Ska/Bör",
        "must": "Ska", "should": "Bör", "linked": "Effekter",
        "requirements_note": "Ska-krav är obligatoriska. Bör-krav är önskemål som kan värderas.",
        "cpv_kind": "Typ", "cpv_code": "Kod", "cpv_label": "Benämning",
        "cpv_main": "Huvudkod", "cpv_additional": "Tilläggskod",
        "value_note": "Värdet anges exklusive mervärdesskatt och omfattar samtliga faser, "
                      "optioner och förlängningar.",
        "procedure_chosen": "Valt förfarande", "procedure_reason": "Skäl",
        "subject": "Behovsbeskrivning för innovationsupphandling",
    },
    "en": {
        "kind": "Need statement",
        "subtitle": "Functional need statement for innovation procurement",
        "reference": "Reference", "department": "Department",
        "officer": "Responsible officer", "version": "Version", "date": "Date",
        "status": "Status",
        "cover_note": "This statement describes the problem to be solved and the effects "
                      "sought, not a product to be bought. It forms part of the "
                      "procurement documents.",
        "background": "Background", "problem": "The problem and who is affected",
        "current_situation": "Today's situation and its cost",
        "outcomes": "Desired outcomes", "requirements": "Functional requirements",
        "constraints": "Constraints", "sustainability": "Sustainability goals",
        "ecological": "Ecological sustainability", "social": "Social sustainability",
        "cpv": "CPV codes", "value": "Estimated value", "timeline": "Timeline",
        "procedure": "Procedure chosen and why",
        "not_described": "Not yet described.", "not_estimated": "Not yet estimated.",
        "no": "No.", "outcome": "Outcome", "indicator": "Indicator", "baseline": "Baseline",
        "target": "Target", "when": "When", "requirement": "Requirement", "level": "Must/Should",
        "must": "Must", "should": "Should", "linked": "Outcomes",
        "requirements_note": "Must requirements are mandatory. Should requirements are wishes "
                             "that may be scored.",
        "cpv_kind": "Type", "cpv_code": "Code", "cpv_label": "Label",
        "cpv_main": "Main", "cpv_additional": "Additional",
        "value_note": "The value excludes VAT and includes all phases, options and "
                      "extensions.",
        "procedure_chosen": "Procedure chosen", "procedure_reason": "Reasons",
        "subject": "Need statement for innovation procurement",
    },
}

STATUS_LABELS: dict[str, dict[str, str]] = {
    "sv": {"draft": "Utkast", "in_review": "Under granskning", "approved": "Godkänd",
           "in_dialogue": "Marknadsdialog pågår", "in_procurement": "Upphandling pågår",
           "contracted": "Avtal tecknat", "closed": "Avslutad", "withdrawn": "Återkallad"},
    "en": {"draft": "Draft", "in_review": "In review", "approved": "Approved",
           "in_dialogue": "In market dialogue", "in_procurement": "In procurement",
           "contracted": "Contracted", "closed": "Closed", "withdrawn": "Withdrawn"},
}

_DASH = "–"


def status_label(status: str, language: str) -> str:
    """A readable label for a lifecycle state; unknown states are shown as stored."""
    return STATUS_LABELS[language].get(status, status)


def build_need_statement(doc: NeedDocument) -> bytes:
    """Render ``doc`` as a tender-ready need statement PDF and return its bytes.

    Same input, same bytes: the build is invariant and dated by ``doc.issued``.
    """
    if doc.language not in TEXTS:
        raise ValueError(f"unsupported statement language {doc.language!r}")
    texts = TEXTS[doc.language]
    keywords = [texts["kind"], doc.reference]
    keywords += [cpv.code for cpv in ((doc.cpv_main,) if doc.cpv_main else ()) + doc.cpv_additional]
    return build_pdf(
        _cover(doc, texts) + _sections(doc, texts),
        title=doc.title, header_text=doc.reference, language=doc.language,
        author=doc.officer or doc.department, subject=texts["subject"], keywords=keywords,
        draft_watermark=not doc.is_approved, creation_date=doc.issued, identity=doc.identity,
    )


def _cover(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    styles = stylesheet()
    facts = [
        (texts["reference"], doc.reference),
        (texts["department"], doc.department or _DASH),
        (texts["officer"], doc.officer or _DASH),
        (texts["version"], str(doc.version)),
        (texts["date"], format_date(doc.issued, doc.language) if doc.issued else _DASH),
        (texts["status"], status_label(doc.status, doc.language)),
    ]
    facts_table = make_table([[Paragraph(markup(label), styles["label"]), value]
                              for label, value in facts],
                             col_widths=[48 * mm, CONTENT_WIDTH - 48 * mm], header=False)
    return [
        Spacer(1, 45 * mm),
        Paragraph(markup(texts["kind"].upper()), styles["kicker"]),
        Paragraph(markup(doc.title), styles["title"]),
        Paragraph(markup(texts["subtitle"]), styles["subtitle"]),
        facts_table,
        Spacer(1, 12 * mm),
        Paragraph(markup(texts["cover_note"]), styles["small"]),
        PageBreak(),
    ]


def _sections(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    """The numbered sections, in the order a need statement states them."""
    sections: list[tuple[str, list[Flowable]]] = [
        (texts["background"], _text_or_placeholder(doc.background, texts)),
        (texts["problem"], _text_or_placeholder(doc.problem, texts)),
        (texts["current_situation"], _text_or_placeholder(doc.current_situation, texts)),
        (texts["outcomes"], _outcomes(doc, texts)),
        (texts["requirements"], _requirements(doc, texts)),
        (texts["constraints"], _text_or_placeholder(doc.constraints, texts)),
        (texts["sustainability"], _sustainability(doc, texts)),
        (texts["cpv"], _cpv_codes(doc, texts)),
        (texts["value"], _estimated_value(doc, texts)),
        (texts["timeline"], _text_or_placeholder(doc.timeline, texts)),
    ]
    if doc.procedure.strip():
        sections.append((texts["procedure"], _procedure(doc, texts)))
    sections += [(extra.title, _extra_section_body(extra, texts, doc.language))
                 for extra in doc.extra_sections]

    story: list[Flowable] = []
    for number, (title, body) in enumerate(sections, start=1):
        story += [*heading(f"{number} {title.strip() or _DASH}"), *body]
    return story


def _text_or_placeholder(text: str, texts: dict[str, str]) -> list[Flowable]:
    return text_paragraphs(text) or [_placeholder(texts["not_described"])]


def _placeholder(text: str) -> Paragraph:
    return Paragraph(markup(text), stylesheet()["placeholder"])


def _sustainability(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    # Sections 1-10 are never skipped, so this is always section 7.
    return [*heading(f"7.1 {texts['ecological']}", level=2),
            *_text_or_placeholder(doc.sustainability_ecological, texts),
            *heading(f"7.2 {texts['social']}", level=2),
            *_text_or_placeholder(doc.sustainability_social, texts)]


def _outcomes(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    if not doc.outcomes:
        return [_placeholder(texts["not_described"])]
    header = [texts[key] for key in ("no", "outcome", "indicator", "baseline", "target", "when")]
    rows = [[str(number), outcome.description, outcome.indicator or _DASH,
             outcome.baseline or _DASH, outcome.target or _DASH, outcome.when or _DASH]
            for number, outcome in enumerate(doc.outcomes, start=1)]
    widths = _widths(10 * mm, 0.27, 0.29, 0.17, 0.15, 0.12)
    return [make_table([header, *rows], col_widths=widths)]


def _requirements(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    if not doc.requirements:
        return [_placeholder(texts["not_described"])]
    header = [texts["no"], texts["requirement"], texts["level"], texts["linked"]]
    rows = [[str(number), requirement.text, texts["must" if requirement.must else "should"],
             ", ".join(str(n) for n in requirement.outcomes) or _DASH]
            for number, requirement in enumerate(doc.requirements, start=1)]
    widths = _widths(10 * mm, 0.70, 0.14, 0.16)
    return [Paragraph(markup(texts["requirements_note"]), stylesheet()["small"]),
            make_table([header, *rows], col_widths=widths)]


def _cpv_codes(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    codes: list[tuple[str, CpvCode]] = [(texts["cpv_main"], doc.cpv_main)] if doc.cpv_main else []
    codes += [(texts["cpv_additional"], cpv) for cpv in doc.cpv_additional]
    if not codes:
        return [_placeholder(texts["not_described"])]
    rows = [[kind, cpv.code, cpv.label or _DASH] for kind, cpv in codes]
    header = [texts["cpv_kind"], texts["cpv_code"], texts["cpv_label"]]
    return [make_table([header, *rows], col_widths=[32 * mm, 30 * mm, CONTENT_WIDTH - 62 * mm])]


def _estimated_value(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    if doc.estimated_value_sek is None:
        return [_placeholder(texts["not_estimated"])]
    amount = format_sek(doc.estimated_value_sek, doc.language)
    return [Paragraph(f"<b>{markup(amount)}</b>", stylesheet()["body"]),
            Paragraph(markup(texts["value_note"]), stylesheet()["body"])]


def _procedure(doc: NeedDocument, texts: dict[str, str]) -> list[Flowable]:
    label = markup(f"{texts['procedure_chosen']}: ")
    chosen = Paragraph(f"<b>{label}</b>{markup(doc.procedure.strip())}", stylesheet()["body"])
    # A bold label rather than an h2, so the outline stays one entry per section.
    reason_label = Paragraph(f"<b>{markup(texts['procedure_reason'])}</b>", stylesheet()["body"])
    return [chosen, reason_label, *_text_or_placeholder(doc.procedure_reason, texts)]


def _extra_section_body(extra: ExtraSection, texts: dict[str, str],
                        doc_language: str) -> list[Flowable]:
    body: list[Flowable] = [p for text in extra.paragraphs for p in text_paragraphs(text)]
    if extra.table and extra.table[0]:
        columns = len(extra.table[0])
        # Ragged rows from other features are padded rather than crashing the table.
        rows = [list(row[:columns]) + [""] * (columns - len(row)) for row in extra.table]
        body += [Spacer(1, 2 * mm), make_table(rows)]
    for chart in extra.charts:
        # The chart as vectors, then its figures as a table for those who cannot see it.
        body += [Spacer(1, 4 * mm), chart.draw(CONTENT_WIDTH, 70 * mm, doc_language),
                 Spacer(1, 2 * mm), make_table(chart.table_rows(doc_language))]
    for title, text in extra.closing:
        body += [Spacer(1, 2 * mm), Paragraph(f"<b>{markup(title)}</b>", stylesheet()["body"]),
                 *text_paragraphs(text)]
    return body or [_placeholder(texts["not_described"])]


def _widths(first: float, *shares: float) -> list[float]:
    """Column widths: a fixed first column, the rest of the line split by ``shares``."""
    rest = CONTENT_WIDTH - first
    return [first, *(rest * share for share in shares)]

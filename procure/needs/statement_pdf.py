"""The tender-ready need statement as a PDF, in Swedish or English.

Reads only a :class:`~procure.needs.document.NeedDocument` and returns PDF bytes; no
Flask, no database. What the sections are, their order, numbers and texts come from
:mod:`procure.needs.outline`; this module only draws its blocks with ReportLab.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from procure.needs import outline
from procure.needs.document import NeedDocument
from procure.pdf.style import (
    CONTENT_WIDTH,
    build_pdf,
    heading,
    markup,
    stylesheet,
    subheading,
    text_paragraphs,
)
from procure.pdf.tables import make_table

_DASH = outline.DASH


def build_need_statement(doc: NeedDocument) -> bytes:
    """Render ``doc`` as a tender-ready need statement PDF and return its bytes.

    Same input, same bytes: the build is invariant and dated by ``doc.issued``.
    Raises ValueError for a language other than Swedish and English.
    """
    front = outline.cover(doc)
    keywords = [front.kind, doc.reference]
    keywords += [cpv.code for cpv in ((doc.cpv_main,) if doc.cpv_main else ()) + doc.cpv_additional]
    return build_pdf(
        _cover(front) + _sections(doc),
        title=doc.title, header_text=doc.reference, language=doc.language,
        author=doc.officer or doc.department, subject=front.subject, keywords=keywords,
        draft_watermark=not doc.is_approved, creation_date=doc.issued, identity=doc.identity,
    )


def _cover(front: outline.Cover) -> list[Flowable]:
    styles = stylesheet()
    facts_table = make_table([[Paragraph(markup(label), styles["label"]), value or _DASH]
                              for label, value in front.facts],
                             col_widths=[48 * mm, CONTENT_WIDTH - 48 * mm], header=False)
    return [
        Spacer(1, 45 * mm),
        Paragraph(markup(front.kind.upper()), styles["kicker"]),
        Paragraph(markup(front.title), styles["title"]),
        Paragraph(markup(front.subtitle), styles["subtitle"]),
        facts_table,
        Spacer(1, 12 * mm),
        Paragraph(markup(front.note), styles["small"]),
        PageBreak(),
    ]


def _sections(doc: NeedDocument) -> list[Flowable]:
    """The numbered sections of the outline, each block drawn as ReportLab flowables."""
    story: list[Flowable] = []
    for section in outline.render(doc):
        story += heading(section.heading)
        for position, block in enumerate(section.blocks):
            story += _draw(block, doc.language, first=position == 0)
    return story


def _draw(block: outline.Block, language: str, first: bool) -> list[Flowable]:
    styles = stylesheet()
    space = [] if first else [Spacer(1, 2 * mm)]
    if isinstance(block, outline.Prose):
        paragraphs = text_paragraphs(block.text)
        return paragraphs or ([_placeholder(block.empty)] if block.empty else [])
    if isinstance(block, outline.Para):
        lead = f"<b>{markup(block.lead)}</b>" if block.lead else ""
        joint = " " if lead and block.text else ""
        return [Paragraph(lead + joint + markup(block.text),
                          styles["small" if block.small else "body"])]
    if isinstance(block, outline.Table):
        rows = [[cell or _DASH for cell in row] for row in block.rows]
        rows[0] = list(block.rows[0])
        return [*space, make_table(rows, col_widths=_widths(block, len(rows[0])))]
    if isinstance(block, outline.Subheading):
        if block.number:
            return heading(f"{block.number} {block.title}", level=2)
        return [*space, *subheading(block.title)]
    if isinstance(block, outline.Figure):
        # The chart as vectors, then its figures as a table for those who cannot see it.
        return [Spacer(1, 4 * mm), block.chart.draw(CONTENT_WIDTH, 70 * mm, language),
                Spacer(1, 2 * mm), make_table(block.chart.table_rows(language))]
    return [_placeholder(block.text)]


def _placeholder(text: str) -> Paragraph:
    return Paragraph(markup(text), stylesheet()["placeholder"])


def _widths(table: outline.Table, columns: int) -> list[float] | None:
    """Column widths: the fixed ones first, the rest of the line split by the shares."""
    if not table.fixed_mm and not table.shares:
        return None
    fixed = [width * mm for width in table.fixed_mm]
    rest = CONTENT_WIDTH - sum(fixed)
    return [*fixed, *(rest * share for share in table.shares)][:columns]

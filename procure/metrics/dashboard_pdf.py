"""The dashboard as a printable PDF in the house style. Pure: reads a Dashboard."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from procure.metrics.dashboard import Dashboard
from procure.pdf.style import (
    CONTENT_WIDTH,
    build_pdf,
    heading,
    make_table,
    markup,
    stylesheet,
)


def format_cell(value, language: str) -> str:
    """Numbers in the language's format (1 500 000 / 1,500,000); text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    return format_decimal(value, format="#,##0.##", locale=language)


def build_dashboard_pdf(dashboard: Dashboard, language: str, issued: date) -> bytes:
    styles = stylesheet()
    story: list[Flowable] = [*heading(dashboard.title, 1),
                             Paragraph(markup(dashboard.selection), styles["body"]),
                             Paragraph(markup(dashboard.as_of), styles["body"])]
    for table in dashboard.tables:
        story += heading(table.title, 2)
        story.append(make_table([list(table.header),
                                 *([format_cell(c, language) for c in row] for row in table.rows)]))
        if table.note:
            story.append(Paragraph(markup(table.note), styles["body"]))
        story.append(Spacer(1, 3 * mm))
    for chart in dashboard.charts:
        story += heading(chart.title, 2)
        story.append(chart.draw(CONTENT_WIDTH, 70 * mm, language))
    return build_pdf(story, title=dashboard.title, header_text=dashboard.title,
                     language=language, author="procure", subject=dashboard.selection,
                     keywords=[dashboard.title], draft_watermark=False, creation_date=issued)

"""The dashboard as a printable PDF in the house style. Pure: reads a Dashboard.

Each chart stands directly above its own table (the chart whose title is the table's),
as a numbered figure whose caption is the only title; a chart with nothing to show is
said in words instead of drawn as a flat line at zero.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from procure.catalogue import texts
from procure.charts import NO_VALUE, NOTHING_TO_CHART, Chart, untitled
from procure.metrics.dashboard import Dashboard
from procure.pdf.style import (
    CONTENT_WIDTH,
    Figure,
    Identity,
    build_pdf,
    heading,
    markup,
    stylesheet,
)
from procure.pdf.tables import make_table


def format_cell(value, language: str) -> str:
    """Numbers in the language's format (1 500 000 / 1,500,000); text as it is; a missing
    value as the page shows it ("–"), never Python's ``None``."""
    if value is None:
        return NO_VALUE
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    return format_decimal(value, format="#,##0.##", locale=language)


def is_empty(chart: Chart) -> bool:
    """True when a chart has nothing to show: no values, or every value nought."""
    return chart.is_empty


def build_dashboard_pdf(dashboard: Dashboard, language: str, issued: date,
                        identity: Identity | None = None) -> bytes:
    """The dashboard as PDF bytes, dated ``issued``, with the city's ``identity``."""
    _ = texts(language)
    styles = stylesheet()
    story: list[Flowable] = [*heading(dashboard.title, 1),
                             Paragraph(markup(dashboard.selection), styles["body"]),
                             Paragraph(markup(dashboard.as_of), styles["body"])]
    charts = {chart.title: chart for chart in dashboard.charts}
    placed = set()
    for table in dashboard.tables:
        chart = charts.get(table.title)
        if chart is None:
            story += heading(table.title, 2)
        elif is_empty(chart):
            story += [*heading(table.title, 2),
                      Paragraph(markup(_(NOTHING_TO_CHART)), styles["placeholder"])]
            placed.add(chart.title)
        else:
            # The caption is the title: the chart is drawn without its own.
            story.append(Figure(table.title, untitled(chart).draw(
                CONTENT_WIDTH, 62 * mm, language)))
            placed.add(chart.title)
        if table.rows:
            story.append(make_table([list(table.header),
                                     *([format_cell(c, language) for c in row]
                                       for row in table.rows)]))
        if table.note:
            story.append(Paragraph(markup(table.note), styles["body"]))
        story.append(Spacer(1, 3 * mm))
    for chart in dashboard.charts:
        if chart.title in placed:
            continue
        if is_empty(chart):
            story += [*heading(chart.title, 2),
                      Paragraph(markup(_(NOTHING_TO_CHART)), styles["placeholder"])]
        else:
            story.append(Figure(chart.title, untitled(chart).draw(
                CONTENT_WIDTH, 62 * mm, language)))
            story.append(make_table(chart.table_rows(language)))
    city = identity.city if identity else ""
    return build_pdf(story, title=dashboard.title, header_text="",
                     language=language, author=city or "procure", subject=dashboard.selection,
                     keywords=[dashboard.title], draft_watermark=False, creation_date=issued,
                     identity=identity)

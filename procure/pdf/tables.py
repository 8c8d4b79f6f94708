"""The house style's tables: the look (:func:`table_style`), and :func:`make_table`, which
keeps words whole in their cells (widening a column or stacking the table), short tables
on one page, and long ones split with their header repeated and no lone row on either
side of a page break.

Pure ReportLab: no Flask, no database.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import FrameBreak

from procure.pdf.style import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    PRIMARY,
    RULE,
    TABLE_HEADER_BG,
    TABLE_STRIPE_BG,
    markup,
    stylesheet,
)

# Tables of this many rows or fewer (the header not counted) stay on one page; longer
# ones split, their header row repeated, never leaving fewer than SPLIT_ROWS rows on
# either side (no lone row at a page foot or at the top of the next page).
KEEP_TOGETHER_ROWS = 8
SPLIT_ROWS = 2
_CELL_PADDING = 5


def table_style(header_rows: int = 1, striped: bool = True) -> TableStyle:
    """The house table look: a tinted header that repeats, thin rules, optional stripes."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, PRIMARY),
    ]
    if header_rows:
        commands += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), TABLE_HEADER_BG),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, PRIMARY),
        ]
    if striped:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, TABLE_STRIPE_BG]))
    return TableStyle(commands)


def make_table(rows: Sequence[Sequence[str | Flowable]], col_widths: Sequence[float] | None = None,
               header: bool = True) -> Flowable:
    """A house-style table; ``str`` cells are plain text (escaped), flowables pass through.

    Lines in a cell break at spaces only: a column narrower than its longest word is
    widened, taking the room from columns that have some to spare; when the columns
    cannot all fit, the table is stacked (each row as label and value pairs). A table of
    up to :data:`KEEP_TOGETHER_ROWS` rows is kept on one page.
    """
    styles = stylesheet()
    cells = [
        [cell if isinstance(cell, Flowable)
         else Paragraph(markup(str(cell)), styles["cell_header" if header and i == 0 else "cell"])
         for cell in row]
        for i, row in enumerate(rows)
    ]
    if col_widths is None and cells:
        col_widths = [CONTENT_WIDTH / len(cells[0])] * len(cells[0])
    widths = _fit_columns(cells, list(col_widths or []))
    if widths is None:
        return _stacked_table(cells, header)
    # splitInRow: a cell longer than a page (a long requirement) breaks across pages
    # instead of failing the whole build.
    table = _HouseTable(cells, colWidths=widths, repeatRows=1 if header else 0,
                        hAlign="LEFT", splitInRow=1)
    table.setStyle(table_style(header_rows=1 if header else 0, striped=header))
    body_rows = len(cells) - (1 if header else 0)
    return KeepTogether([table]) if body_rows <= KEEP_TOGETHER_ROWS else table


class _HouseTable(Table):
    """A table that splits leaving at least :data:`SPLIT_ROWS` rows (its header row not
    counted) on each side: no lone row at the foot of a page under its header, none alone
    at the top of the next. Where that cannot be (rows taller than the page), at the top
    of a page it splits as a plain table would rather than fail the build.

    The rest always goes to the next page: left in the room under the first part, it
    would be split again inside a row, its header repeated in the middle of the page."""

    def split(self, availWidth, availHeight):
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        if len(self._cellvalues) - header < 2 * SPLIT_ROWS:
            return self._page_break_after_first(super().split(availWidth, availHeight))
        # ReportLab's rowSplitRange: the first row after the split lies in this range.
        self._rowSplitRange = (header + SPLIT_ROWS, -SPLIT_ROWS)
        try:
            parts = super().split(availWidth, availHeight)
        finally:
            self._rowSplitRange = None
        for part in parts:
            if isinstance(part, Table):
                part._rowSplitRange = None
        frame = getattr(self, "_frame", None)
        if parts or not getattr(frame, "_atTop", 0):
            return self._page_break_after_first(parts)
        return self._page_break_after_first(super().split(availWidth, availHeight))

    @staticmethod
    def _page_break_after_first(parts: list) -> list:
        if len(parts) != 2:
            return parts
        # ReportLab's FrameBreak is an instance, to be placed once: a new one of its kind.
        return [parts[0], type(FrameBreak)("frameEnd"), parts[1]]


_SPACES = re.compile(r"[ \t\r\n]+")


def _longest_word(cell) -> float:
    """The width of the widest word in a cell (a Paragraph; other flowables count 0)."""
    if not isinstance(cell, Paragraph):
        return 0
    style = cell.style
    font = FONT_BOLD if "<b>" in getattr(cell, "text", "") else style.fontName
    return max((pdfmetrics.stringWidth(word, font, style.fontSize)
                for word in _SPACES.split(cell.getPlainText()) if word), default=0)


def _fit_columns(cells, widths: list[float]) -> list[float] | None:
    """``widths`` changed so no column is narrower than its longest word; None when the
    words cannot fit side by side in the widths' total."""
    if not cells or not widths:
        return widths
    needed = [max(_longest_word(row[column]) for row in cells if column < len(row))
              + 2 * _CELL_PADDING + 1 for column in range(len(widths))]
    short = sum(max(0.0, need - width) for need, width in zip(needed, widths))
    if not short:
        return widths
    if sum(needed) > sum(widths):
        return None
    slack = [max(0.0, width - need) for need, width in zip(needed, widths)]
    spare = sum(slack)
    return [max(need, width - room / spare * short)
            for need, width, room in zip(needed, widths, slack)]


def _stacked_table(cells, header: bool) -> Flowable:
    """A table too wide for the page as label/value pairs, one group of lines per row."""
    label = stylesheet()["label"]
    headers = cells[0] if header else [Paragraph("", label)] * len(cells[0])
    records = cells[1:] if header else cells
    stacked, starts = [], []
    for record in records:
        starts.append(len(stacked))
        for name, value in zip(headers, record):
            text = name.getPlainText() if isinstance(name, Paragraph) else ""
            stacked.append([Paragraph(markup(text), label), value])
    label_width = min(CONTENT_WIDTH * 0.4, max(
        (_longest_word(row[0]) for row in stacked), default=0) + 2 * _CELL_PADDING + 1)
    table = Table(stacked, colWidths=[label_width, CONTENT_WIDTH - label_width],
                  hAlign="LEFT", splitInRow=1)
    style = table_style(header_rows=0, striped=False)
    for start in starts:
        style.add("LINEABOVE", (0, start), (-1, start), 0.8, PRIMARY)
    table.setStyle(style)
    return table

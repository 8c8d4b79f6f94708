"""The house style shared by every PDF the app makes.

Fonts, colours, paragraph and table styles, and :class:`HouseDocTemplate`, which draws
the running header and footer, the draft watermark, the PDF outline and the metadata.
Pure ReportLab: no Flask, no database. Builds are byte-for-byte reproducible: ReportLab
runs in invariant mode and the creation date comes from the caller, never the clock.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape  # nosec B406 # escapes text for ReportLab, parses nothing

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from procure.catalogue import texts
from procure.formatting import paragraphs

# Bitstream Vera ships inside ReportLab, so the PDFs never depend on system fonts, and it
# covers Latin-1 plus the euro sign. The built-in Helvetica is not embedded and has no
# reliable glyphs outside WinAnsi, so every style below uses this family, tables included.
FONT = "ProcureSans"
FONT_BOLD = "ProcureSans-Bold"
FONT_ITALIC = "ProcureSans-Italic"
FONT_BOLD_ITALIC = "ProcureSans-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf",
               FONT_BOLD_ITALIC: "VeraBI.ttf"}

INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5A6270")
PRIMARY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E6DA4")
RULE = colors.HexColor("#B8C0CC")
TABLE_HEADER_BG = colors.HexColor("#E3EAF2")
TABLE_STRIPE_BG = colors.HexColor("#F5F7FA")
WATERMARK = colors.HexColor("#9AA0A6")

PAGE_SIZE = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

# The language tag the PDF declares, per document language (its texts: the catalogue).
_LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
_PAGE_TOTAL_FORM = "procurePageTotal"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters people type (CO₂, m³, thin spaces from Word) that Vera has no glyph for:
# drawn as sub/superscript markup or the nearest space instead of an empty box.
_SUBSCRIPTS = {chr(0x2080 + d): f"<sub>{d}</sub>" for d in range(10)}
_SUPERSCRIPTS = {chr(c): f"<super>{d}</super>" for d, c in
                 zip((0, 4, 5, 6, 7, 8, 9), (0x2070, 0x2074, 0x2075, 0x2076, 0x2077, 0x2078, 0x2079))}
_GLYPH_FALLBACKS = {**_SUBSCRIPTS, **_SUPERSCRIPTS, "\u2009": " ", "\u2007": "\u00a0",
                    "\u202f": "\u00a0", "\u2011": "-", "\u2060": ""}
_FALLBACK_CHARS = re.compile("[" + "".join(_GLYPH_FALLBACKS) + "]")
# Header and footer are drawn straight on the canvas (no markup): plain digits there.
_PLAIN_FALLBACKS = str.maketrans({**{char: str(d) for d, char in enumerate(_SUBSCRIPTS)},
                                  "\u2009": " ", "\u2007": " ", "\u202f": " ", "\u2011": "-"})


@functools.cache
def register_fonts() -> str:
    """Register the embedded font family once (idempotent); return the regular face name."""
    font_dir = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, os.path.join(font_dir, filename)))
    # Without the family mapping <b> and <i> in a Paragraph would fall back to Helvetica.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)
    return FONT


@functools.cache
def stylesheet() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name: title, subtitle, h1, h2, body, small, label, cell, cell_header."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14.5, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", body, fontName=FONT_BOLD, fontSize=24, leading=30,
                                textColor=PRIMARY, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=13, leading=18, textColor=MUTED,
                                   spaceAfter=18),
        "kicker": ParagraphStyle("kicker", body, fontName=FONT_BOLD, fontSize=9, leading=12,
                                 textColor=ACCENT, spaceAfter=8),
        "h1": ParagraphStyle("h1", body, fontName=FONT_BOLD, fontSize=14, leading=18,
                             textColor=PRIMARY, spaceBefore=16, spaceAfter=8),
        "h2": ParagraphStyle("h2", body, fontName=FONT_BOLD, fontSize=11, leading=15,
                             textColor=PRIMARY, spaceBefore=10, spaceAfter=4),
        "body": body,
        "small": ParagraphStyle("small", body, fontSize=8.5, leading=11.5, textColor=MUTED),
        "placeholder": ParagraphStyle("placeholder", body, fontName=FONT_ITALIC, textColor=MUTED),
        "label": ParagraphStyle("label", body, fontName=FONT_BOLD, fontSize=9, leading=12,
                                textColor=MUTED, spaceAfter=0),
        "cell": ParagraphStyle("cell", body, fontSize=9, leading=12, spaceAfter=0),
        "cell_header": ParagraphStyle("cell_header", body, fontName=FONT_BOLD, fontSize=9,
                                      leading=12, textColor=PRIMARY, spaceAfter=0),
    }


def markup(text: str) -> str:
    """Plain user text as Paragraph markup: ``<``, ``>``, ``&`` escaped, line breaks kept.

    A stored ``<script>`` or ``<b>`` must print as written, never as markup, and must not
    crash the mini-language parser.
    """
    text = _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = escape(text.replace("\t", " ")).replace("\n", "<br/>")
    return _FALLBACK_CHARS.sub(lambda match: _GLYPH_FALLBACKS[match.group()], escaped)


def text_paragraphs(text: str, style: str = "body") -> list[Paragraph]:
    """One Paragraph per blank-line separated block of plain ``text``."""
    return [Paragraph(markup(block), stylesheet()[style]) for block in paragraphs(text)]


def heading(text: str, level: int = 1) -> list[Flowable]:
    """A heading (plain ``text``) that the template adds to the PDF outline at ``level`` (1 or 2).

    Returned as a list: a conditional page break keeps the heading off the foot of a page.
    (``keepWithNext`` would instead push a long table after it whole onto the next page.)
    """
    paragraph = Paragraph(markup(text), stylesheet()[f"h{level}"])
    paragraph.outline_title = " ".join(text.split())
    paragraph.outline_level = level - 1
    return [CondPageBreak((32 if level == 1 else 24) * mm), paragraph]


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
               header: bool = True) -> Table:
    """A house-style table; ``str`` cells are plain text (escaped), flowables pass through."""
    styles = stylesheet()
    cells = [
        [cell if isinstance(cell, Flowable)
         else Paragraph(markup(str(cell)), styles["cell_header" if header and i == 0 else "cell"])
         for cell in row]
        for i, row in enumerate(rows)
    ]
    if col_widths is None and cells:
        col_widths = [CONTENT_WIDTH / len(cells[0])] * len(cells[0])
    # splitInRow: a cell longer than a page (a long requirement) breaks across pages
    # instead of failing the whole build.
    table = Table(cells, colWidths=col_widths, repeatRows=1 if header else 0, hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(table_style(header_rows=1 if header else 0, striped=header))
    return table


class _HouseCanvas(Canvas):
    """A canvas that writes a fixed creation date and fills in the page total before saving."""

    def __init__(self, *args, creation_date: date | None = None, on_save=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_save = on_save
        if creation_date is not None:
            stamp = f"D:{creation_date:%Y%m%d}000000+00'00'"
            self.setDateFormatter(lambda *_clock: stamp)

    def save(self):
        if self._on_save is not None:
            self._on_save(self)
        super().save()


class HouseDocTemplate(BaseDocTemplate):
    """A4 document in the house style.

    Every page gets a header (document title left, ``header_text`` such as the reference
    right), a footer "Sida X av Y" / "Page X of Y" with the true total and, when
    ``draft_watermark`` is set, a diagonal "UTKAST" / "DRAFT". Headings made with
    :func:`heading` become outline entries. ``creation_date`` (default: ReportLab's fixed
    invariant date) is what the PDF reports as created, so output never depends on the clock.
    """

    def __init__(self, output, *, title: str, header_text: str = "", language: str = "sv",
                 author: str = "", subject: str = "", keywords: Iterable[str] = (),
                 draft_watermark: bool = False, creation_date: date | None = None, **kwargs):
        if language not in _LANGUAGE_TAGS:
            raise ValueError(f"unsupported document language {language!r}")
        register_fonts()
        self.header_text = header_text
        self.language = language
        self.draft_watermark = draft_watermark
        self.creation_date = creation_date
        self._outline_count = 0
        self._outline_level = -1
        self._last_page = 0
        super().__init__(
            output, pagesize=PAGE_SIZE, title=title, author=author, subject=subject,
            creator="procure", keywords=", ".join(keywords), lang=_LANGUAGE_TAGS[language],
            invariant=1, displayDocTitle=1, initialFontName=FONT,
            leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                            onPage=self._draw_page_furniture,
                                            onPageEnd=self._draw_watermark)])

    def build(self, flowables, canvasmaker=None):
        """Lay out ``flowables``; the page total is one form XObject filled in at save time,
        so "of Y" is true in a single pass and outline entries keep their real pages."""
        self._outline_count, self._outline_level, self._last_page = 0, -1, 0
        maker = canvasmaker or functools.partial(
            _HouseCanvas, creation_date=self.creation_date, on_save=self._draw_page_total)
        super().build(flowables, canvasmaker=maker)

    def afterFlowable(self, flowable):
        """Bookmark headings made by :func:`heading` and add them to the outline."""
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        # The outline may only go one level deeper at a time; a stray h2 is lifted.
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self._outline_count += 1
        key = f"h{self._outline_count}"
        top = self.frame._y + flowable.getSpaceAfter() + flowable.height + 6
        self.canv.bookmarkHorizontalAbsolute(key, top)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=level, closed=False)
        self.canv.showOutline()

    def afterPage(self):
        self._last_page = self.page

    def _draw_page_furniture(self, canv: Canvas, doc) -> None:
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        header_y = height - 15 * mm
        reference = self.header_text.translate(_PLAIN_FALLBACKS)
        reference_width = canv.stringWidth(reference, FONT, 8)
        canv.drawRightString(right, header_y, reference)
        title = (self.title or "").translate(_PLAIN_FALLBACKS)
        canv.drawString(left, header_y, _fit(title, right - left - reference_width - 12, 8))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, header_y - 4, right, header_y - 4)
        footer_y = 12 * mm
        canv.line(left, footer_y + 10, right, footer_y + 10)
        # "Sida 3 av " is drawn now; the total follows from a form defined once at save.
        label = texts(self.language)("Page %(page)s of ", page=canv.getPageNumber())
        label_width = canv.stringWidth(label, FONT, 8)
        total_x = right - canv.stringWidth("00", FONT, 8)
        canv.drawString(total_x - label_width, footer_y, label)
        canv.translate(total_x, footer_y)
        canv.doForm(_PAGE_TOTAL_FORM)
        canv.restoreState()

    def _draw_watermark(self, canv: Canvas, doc) -> None:
        # Drawn after the content, translucent, so shaded table cells cannot hide it.
        if not self.draft_watermark:
            return
        width, height = self.pagesize
        canv.saveState()
        canv.setFont(FONT_BOLD, 96)
        canv.setFillColor(WATERMARK)
        canv.setFillAlpha(0.18)
        canv.translate(width / 2, height / 2)
        canv.rotate(50)
        canv.drawCentredString(0, -34, texts(self.language)("DRAFT"))
        canv.restoreState()

    def _draw_page_total(self, canv: Canvas) -> None:
        canv.beginForm(_PAGE_TOTAL_FORM)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(0, 0, str(self._last_page))
        canv.endForm()


def _fit(text: str, max_width: float, font_size: float) -> str:
    """``text`` shortened with an ellipsis so it fits ``max_width`` points."""
    if pdfmetrics.stringWidth(text, FONT, font_size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, font_size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def build_pdf(story: list[Flowable], **template_kwargs) -> bytes:
    """Build ``story`` with :class:`HouseDocTemplate` (keyword arguments as its) into bytes."""
    buffer = BytesIO()
    HouseDocTemplate(buffer, **template_kwargs).build(story)
    return buffer.getvalue()

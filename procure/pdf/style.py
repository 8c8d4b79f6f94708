"""The house style shared by every PDF the app makes.

Fonts, colours, paragraph styles, and :class:`HouseDocTemplate`, which draws
the running header and footer, the draft watermark, the PDF outline and the metadata.
Pure ReportLab: no Flask, no database. Builds are byte-for-byte reproducible: ReportLab
runs in invariant mode and the creation date comes from the caller, never the clock.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
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
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.doctemplate import FrameBreak

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
# The room under the running header on page 1 for the city's logo and name.
IDENTITY_BAND = 24 * mm
_LOGO_BOX = (48 * mm, 18 * mm)
_HEADER_LOGO_HEIGHT = 5.5 * mm

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


@dataclass(frozen=True)
class Identity:
    """Who issues a document: the city (its name and logo) and the case number
    (diarienummer) the document is filed under.

    Every PDF passes one to :func:`build_pdf`, which prints it on page 1, in the running
    header of every page and in the metadata. It is part of the content a PDF's cache key
    is made of; the logo counts by the digest of its file, so a new logo makes new PDFs.
    """

    city: str = ""
    logo: str = ""  # a PNG, JPEG or SVG file; "" for none
    logo_digest: str = ""
    case_number: str = ""

    @classmethod
    def of(cls, city: str = "", logo: str = "", case_number: str | None = "") -> Identity:
        """An identity for ``city`` with the logo file at ``logo`` (read for its digest)."""
        return cls(city.strip(), logo or "", _file_digest(logo or ""),
                   (case_number or "").strip())

    def with_case(self, case_number: str | None) -> Identity:
        """The same city, filed under ``case_number`` (none when empty)."""
        return replace(self, case_number=(case_number or "").strip())

    def __bool__(self) -> bool:
        return bool(self.city or self.logo_digest or self.case_number)


def _file_digest(path: str) -> str:
    if not path:
        return ""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return ""  # no logo rather than no document; logo_problem() names the problem


def logo_problem(path: str) -> str:
    """Why the logo file at ``path`` cannot be printed, in English for the log; "" if it can."""
    if not path:
        return ""
    if not _file_digest(path):
        return f"CITY_LOGO {path!r} cannot be read"
    if _logo(path, _file_digest(path)) is None:
        if path.lower().endswith(".svg"):
            return f"CITY_LOGO {path!r} is not an SVG file svglib can read"
        return f"CITY_LOGO {path!r} is not an image ReportLab can read (PNG or JPEG)"
    return ""


@functools.lru_cache(maxsize=8)
def _logo(path: str, digest: str):
    """The logo at ``path`` as (kind, object, width, height): a PNG or JPEG through
    ReportLab's ImageReader, an SVG as a ReportLab Drawing through svglib (ReportLab reads
    no SVG itself). None when it cannot be read: no logo, no failed PDF."""
    if not path or not digest:
        return None
    try:
        if path.lower().endswith(".svg"):
            # Imported here: svglib brings lxml, which only an SVG logo needs loaded.
            from svglib.svglib import svg2rlg
            drawing = svg2rlg(path)
            # svglib recovers from broken XML with an empty drawing: nothing to scale.
            if drawing is None or not drawing.width or not drawing.height:
                return None
            return ("svg", drawing, drawing.width, drawing.height)
        reader = ImageReader(path)
        width, height = reader.getSize()
    except Exception:  # noqa: BLE001 # a broken logo file must not stop a document
        return None
    return ("image", reader, width, height)


def _draw_logo(canv: Canvas, identity: Identity, x: float, y: float, box_width: float,
               box_height: float) -> float:
    """Draw the logo scaled into the box with its lower left corner at (x, y); return the
    width used (0 without a logo)."""
    logo = _logo(identity.logo, identity.logo_digest)
    if logo is None:
        return 0
    kind, source, width, height = logo
    scale = min(box_width / width, box_height / height)
    if kind == "image":
        canv.drawImage(source, x, y, width * scale, height * scale, mask="auto")
    else:
        from reportlab.graphics import renderPDF
        canv.saveState()
        canv.translate(x, y)
        canv.scale(scale, scale)
        renderPDF.draw(source, canv, 0, 0)
        canv.restoreState()
    return width * scale


def case_label(identity: Identity, language: str, short: bool = True) -> str:
    """The case number as a reader expects it: "Dnr KS 2026/123" / "Case no. KS 2026/123"."""
    if not identity.case_number:
        return ""
    _ = texts(language)
    if short:
        return _("Case no. %(number)s", number=identity.case_number)
    return _("Case number: %(number)s", number=identity.case_number)


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
    # In a table cell a line breaks at spaces only: a word too long for its column widens
    # the column (see procure.pdf.tables.make_table) instead of breaking as "Utbild|ningsförvaltninge|n".
    whole_words = {"splitLongWords": 0, "hyphenationLang": "", "embeddedHyphenation": 0}
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
                                textColor=MUTED, spaceAfter=0, **whole_words),
        "cell": ParagraphStyle("cell", body, fontSize=9, leading=12, spaceAfter=0,
                               **whole_words),
        "cell_header": ParagraphStyle("cell_header", body, fontName=FONT_BOLD, fontSize=9,
                                      leading=12, textColor=PRIMARY, spaceAfter=0,
                                      **whole_words),
        "caption": ParagraphStyle("caption", body, fontName=FONT_BOLD, fontSize=10.5,
                                  leading=14, textColor=PRIMARY, spaceBefore=10, spaceAfter=4),
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

    The template keeps it with the start of what follows (see :class:`_KeepWithStart`),
    never alone at the foot of a page. Returned as a list, as it always was.
    """
    paragraph = Paragraph(markup(text), stylesheet()[f"h{level}"])
    paragraph.outline_title = " ".join(text.split())
    paragraph.outline_level = level - 1
    paragraph.keep_with_start = True
    return [paragraph]


def subheading(text: str) -> list[Flowable]:
    """A heading inside a section that is not in the outline ("Results and rights"), set
    as bold body text and kept with the start of what follows, like :func:`heading`."""
    paragraph = Paragraph(f"<b>{markup(text)}</b>", stylesheet()["body"])
    paragraph.keep_with_start = True
    return [paragraph]


class Figure(KeepTogether):
    """A chart or picture with a numbered caption above it ("Figur 2. Behov per status").

    The template numbers figures in the order they appear when the document is built, so
    the numbers run 1, 2, 3 through any document. The caption is the title: draw the
    picture without its own. The caption is an outline entry at ``level`` (1 or 2) and
    is kept with the start of what follows, like a heading.
    """

    keep_with_start = True

    def __init__(self, title: str, drawing: Flowable, level: int = 2):
        self.title = " ".join(title.split())
        self.level = level
        super().__init__([Paragraph(markup(self.title), stylesheet()["caption"]), drawing])

    def number(self, number: int, language: str) -> None:
        """Give the caption its number, in ``language``."""
        _ = texts(language)
        caption = _("Figure %(number)d. %(title)s", number=number, title=self.title)
        paragraph = Paragraph(markup(caption), stylesheet()["caption"])
        paragraph.outline_title = caption
        paragraph.outline_level = self.level - 1
        self._content[0] = paragraph


def _leads(flowable: Flowable) -> bool:
    return bool(getattr(flowable, "keep_with_start", False))


class _KeepWithStart(Flowable):
    """Placed before a heading (or a run of headings and figures): moves them to the next
    page unless the start of what follows fits under them too (two lines of a paragraph,
    a table's first rows, or the whole of a table kept together). A short intro of up to
    two lines ("Must requirements are mandatory...") and spacing count with the heading:
    the start that must fit is then the start of what comes after the intro (the table).

    ``keepWithNext`` would move a heading together with all of a long table instead."""

    def __init__(self, leading: list[Flowable], following: list[Flowable]):
        super().__init__()
        self.leading, self.following = leading, following

    def wrap(self, availWidth, availHeight):
        frame = self._doctemplateAttr("frame")
        if frame is not None and not getattr(frame, "_atTop", 0) \
                and not self._fits(availWidth, availHeight):
            frame.add_generated_content(FrameBreak)
        return 0, 0

    def _fits(self, width: float, height: float) -> bool:
        used = 1.0  # a point to spare: the frame rounds too
        followers = list(self.following)
        leading = list(self.leading)
        intro = True
        while followers:
            # Spacing, and a short intro with more after it, go with the heading.
            if type(followers[0]) is Spacer or (intro and len(followers) > 1
                                                and _short(followers[0], width)):
                intro = intro and type(followers[0]) is Spacer
                leading.append(followers.pop(0))
                continue
            break
        for flowable in leading:
            used += (flowable.getSpaceBefore() + _height(flowable, width, height, self.canv)
                     + flowable.getSpaceAfter())
        if not followers:
            return used <= height
        following = followers[0]
        room = height - used - following.getSpaceBefore()
        if room <= 0:
            return False
        if _height(following, width, room, self.canv) <= room:
            return True
        parts = list(following.split(width, room))
        for part in parts:
            if not hasattr(part, "canv"):
                part.canv = self.canv
        while parts and isinstance(parts[0], ActionFlowable):
            if isinstance(parts[0], type(FrameBreak)):
                return False
            parts.pop(0)
        return bool(parts) and 0 < _height(parts[0], width, room, self.canv) <= room

    def draw(self):
        pass  # takes no room: it only decides where the heading goes


def _short(flowable: Flowable, width: float, lines: int = 2) -> bool:
    """True for a paragraph of at most ``lines`` lines at ``width`` (an intro)."""
    if not isinstance(flowable, Paragraph):
        return False
    flowable.wrap(width, PAGE_SIZE[1])
    return 0 < len(getattr(flowable.blPara, "lines", ())) <= lines


def _height(flowable: Flowable, width: float, height: float, canv=None) -> float:
    if canv is not None and not hasattr(flowable, "canv"):
        flowable.canv = canv  # a KeepTogether wraps its content on its canvas
    _width, result = flowable.wrap(width, height)
    if isinstance(flowable, KeepTogether):
        return flowable._H  # its wrap answers "huge" to force a split; _H is the truth
    return result


def _keep_headings_with_text(story: list[Flowable]) -> list[Flowable]:
    """``story`` with a :class:`_KeepWithStart` before each run of headings and figures."""
    result: list[Flowable] = []
    index = 0
    while index < len(story):
        if not _leads(story[index]):
            result.append(story[index])
            index += 1
            continue
        run: list[Flowable] = []
        while index < len(story) and (_leads(story[index]) or type(story[index]) is Spacer):
            run.append(story[index])
            index += 1
        # What follows, up to the next heading: an intro, spacing, then the start proper.
        following = list(itertools.takewhile(lambda f: not _leads(f), story[index:index + 4]))
        result += [_KeepWithStart(run, following), *run]
    return result




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
                 draft_watermark: bool = False, creation_date: date | None = None,
                 identity: Identity | None = None, **kwargs):
        if language not in _LANGUAGE_TAGS:
            raise ValueError(f"unsupported document language {language!r}")
        register_fonts()
        self.identity = identity or Identity()
        self.document_title = title
        self.header_text = header_text
        self.language = language
        self.draft_watermark = draft_watermark
        self.creation_date = creation_date
        self._outline_count = 0
        self._outline_level = -1
        self._last_page = 0
        case = case_label(self.identity, language)
        city = self.identity.city
        super().__init__(
            output, pagesize=PAGE_SIZE, title=f"{title} ({case})" if case else title,
            author=" – ".join(dict.fromkeys(part for part in (author, city) if part)),
            subject=" – ".join(part for part in (subject, case) if part),
            creator="procure",
            keywords=", ".join(dict.fromkeys(
                [*keywords, *(part for part in (city, self.identity.case_number) if part)])),
            lang=_LANGUAGE_TAGS[language],
            invariant=1, displayDocTitle=1, initialFontName=FONT,
            leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, **kwargs)
        band = IDENTITY_BAND if (city or self.identity.logo_digest) else 0
        first = Frame(self.leftMargin, self.bottomMargin, self.width, self.height - band,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="first")
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([
            PageTemplate(id="first", frames=[first], onPage=self._draw_first_page,
                         onPageEnd=self._draw_watermark),
            PageTemplate(id="page", frames=[frame], onPage=self._draw_page_furniture,
                         onPageEnd=self._draw_watermark)])

    def build(self, flowables, canvasmaker=None):
        """Lay out ``flowables``; the page total is one form XObject filled in at save time,
        so "of Y" is true in a single pass and outline entries keep their real pages.

        Figures are numbered in order, and headings are kept with what follows them."""
        self._outline_count, self._outline_level, self._last_page = 0, -1, 0
        figures = [f for f in _walk(flowables) if isinstance(f, Figure)]
        for number, figure in enumerate(figures, start=1):
            figure.number(number, self.language)
        story = [NextPageTemplate("page"), *_keep_headings_with_text(list(flowables))]
        maker = canvasmaker or functools.partial(
            _HouseCanvas, creation_date=self.creation_date, on_save=self._draw_page_total)
        super().build(story, canvasmaker=maker)

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

    def _draw_first_page(self, canv: Canvas, doc) -> None:
        """Page 1: the running header and footer, and under them the city's logo and name
        with the case number (the cover's letterhead)."""
        self._draw_page_furniture(canv, doc)
        identity = self.identity
        if not (identity.city or identity.logo_digest):
            return
        width, height = self.pagesize
        left = self.leftMargin
        box_width, box_height = _LOGO_BOX
        bottom = height - self.topMargin - box_height
        used = _draw_logo(canv, identity, left, bottom, box_width, box_height)
        text_x = left + (used + 5 * mm if used else 0)
        canv.saveState()
        canv.setFillColor(PRIMARY)
        canv.setFont(FONT_BOLD, 15)
        city = identity.city.translate(_PLAIN_FALLBACKS)
        canv.drawString(text_x, bottom + box_height / 2 + (1 if identity.case_number else -5),
                        _fit(city, width - self.rightMargin - text_x, 15, FONT_BOLD))
        if identity.case_number:
            canv.setFont(FONT, 9)
            canv.setFillColor(MUTED)
            label = case_label(identity, self.language, short=False).translate(_PLAIN_FALLBACKS)
            canv.drawString(text_x, bottom + box_height / 2 - 12, label)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, bottom - 3 * mm, width - self.rightMargin, bottom - 3 * mm)
        canv.restoreState()

    def _draw_page_furniture(self, canv: Canvas, doc) -> None:
        width, height = self.pagesize
        left, right = self.leftMargin, width - self.rightMargin
        identity = self.identity
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        header_y = height - 15 * mm
        # Right: the case number and the document's reference; left: the city, the title.
        reference = "  ·  ".join(part for part in (case_label(identity, self.language),
                                                   self.header_text) if part)
        reference = reference.translate(_PLAIN_FALLBACKS)
        reference_width = canv.stringWidth(reference, FONT, 8)
        canv.drawRightString(right, header_y, reference)
        logo_width = _draw_logo(canv, identity, left, header_y - 1.5,
                                _HEADER_LOGO_HEIGHT * 4, _HEADER_LOGO_HEIGHT)
        text_x = left + (logo_width + 2 * mm if logo_width else 0)
        room = right - text_x - reference_width - 12
        if identity.city:
            city = identity.city.translate(_PLAIN_FALLBACKS) + "  ·  "
            canv.setFont(FONT_BOLD, 8)
            canv.drawString(text_x, header_y, city)
            city_width = canv.stringWidth(city, FONT_BOLD, 8)
            text_x, room = text_x + city_width, room - city_width
            canv.setFont(FONT, 8)
        title = (self.document_title or "").translate(_PLAIN_FALLBACKS)
        canv.drawString(text_x, header_y, _fit(title, room, 8))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, header_y - 4, right, header_y - 4)
        footer_y = 12 * mm
        canv.line(left, footer_y + 10, right, footer_y + 10)
        # "Sida 3 av " is drawn now; the total follows from a form defined once at save.
        _ = texts(self.language)
        label = _("Page %(page)s of ", page=canv.getPageNumber())
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
        _ = texts(self.language)
        canv.drawCentredString(0, -34, _("DRAFT"))
        canv.restoreState()

    def _draw_page_total(self, canv: Canvas) -> None:
        canv.beginForm(_PAGE_TOTAL_FORM)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(0, 0, str(self._last_page))
        canv.endForm()


def _fit(text: str, max_width: float, font_size: float, font: str = FONT) -> str:
    """``text`` shortened with an ellipsis so it fits ``max_width`` points."""
    if pdfmetrics.stringWidth(text, font, font_size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, font_size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def _walk(flowables):
    """Every flowable of a story, those inside KeepTogether groups included, in order."""
    for flowable in flowables:
        yield flowable
        if isinstance(flowable, KeepTogether):
            yield from _walk(flowable._content)


def build_pdf(story: list[Flowable], **template_kwargs) -> bytes:
    """Build ``story`` with :class:`HouseDocTemplate` (keyword arguments as its, the
    city's :class:`Identity` among them) into bytes."""
    buffer = BytesIO()
    HouseDocTemplate(buffer, **template_kwargs).build(story)
    return buffer.getvalue()

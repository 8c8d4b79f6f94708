"""Line and bar charts, drawn once with ReportLab graphics and shown twice: as vectors in
the PDFs and as inline SVG on the web pages.

Pure module (ReportLab and Babel, no Flask). :func:`drawing` builds a ``Drawing``, which
platypus takes as a flowable; :func:`to_svg` renders the same drawing as an accessible
SVG that can be inlined under the app's Content-Security-Policy (no ``style``
attributes, no script, no external references).

Other pictures (the PCP timeline in :mod:`procure.pcp.pictures`) plug in by having what
a :class:`Picture` has; with :func:`fit_text` and :func:`text_at` their labels are set
like these charts'.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # nosec B405 # parses only ReportLab's output (below)
from dataclasses import dataclass, is_dataclass, replace
from decimal import Decimal
from io import StringIO
from typing import Protocol

from babel.numbers import format_decimal
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from procure.catalogue import N_, texts
from procure.formatting import format_sek
from procure.pdf.style import FONT, FONT_BOLD, INK, MUTED, PRIMARY, RULE, register_fonts
from procure.remember import remember_recent

# Okabe-Ito hues, which stay apart for the common colour-vision deficiencies; its orange,
# yellow and sky blue are swapped for darker tones so every series has 3:1 contrast on
# white (WCAG 1.4.11).
SERIES_COLOURS = tuple(colors.HexColor(code) for code in (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#A6761D", "#332288", "#882255", "#5A6270"))
# Colour must not be the only cue (WCAG 1.4.1): each series also has its own marker and,
# on line charts, its own dash pattern, both repeated in the legend.
SERIES_MARKERS = ("FilledCircle", "FilledSquare", "FilledTriangle", "FilledDiamond",
                  "Circle", "Square", "Triangle", "Cross")
SERIES_DASHES = (None, (6, 3), (1.5, 2.5), (8, 3, 2, 3), (12, 3), (4, 2, 1, 2), (3, 4),
                 (10, 2, 2, 2))

NO_VALUE = "–"
EMPTY_NOTE = N_("No values to show")
# A chart with nothing but noughts is said in words rather than drawn as a flat line.
NOTHING_TO_CHART = N_("Nothing to chart in this selection: every figure is zero or missing.")
# The web page's own font stack: labels are anchored (start/middle/end), so they stay
# aligned whichever font the browser picks, and the chart reads like the rest of the page.
_WEB_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
_SVG_NS = "http://www.w3.org/2000/svg"
_SVG_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_LONG_DECIMAL = re.compile(r"(-?\d+\.\d\d)\d+")
TEXT_SIZE = 9
_LEGEND_ROW = 15
# Room above the plot when nothing is drawn over it (an untitled chart, as the pages and
# the PDFs' figures show it): the top tick label is centred on the top grid line, and a
# line chart's marker sits on it, so half a label and a marker would stick out.
_TOP_MARGIN = TEXT_SIZE / 2 + 4
_SLANTED_WIDTH = 80

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Picture(Protocol):
    """What the web page (``chart_svg``) and the need statement PDF (``ExtraSection.charts``)
    need of a chart: a title, a drawing, and the same figures as a table."""

    title: str

    def draw(self, width: float, height: float, language: str) -> Drawing:
        """The picture as a ReportLab ``Drawing`` of ``width`` × ``height`` points."""

    def table_rows(self, language: str) -> list[list[str]]:
        """A header row, then the figures the picture shows, as text."""


@dataclass(frozen=True)
class Series:
    """One named row of values, one per x label; ``None`` where there is no value."""

    name: str
    values: tuple[int | Decimal | None, ...]

    def __post_init__(self):
        object.__setattr__(self, "values", tuple(self.values))  # lists welcome, stored frozen


@dataclass(frozen=True)
class Chart:
    """What to draw: ``kind`` "line" or "bar"; ``money`` formats values as kronor."""

    title: str
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str = ""
    kind: str = "line"
    money: bool = False
    x_title: str = ""  # heads the label column of the table, and is drawn under the x axis

    def __post_init__(self):
        object.__setattr__(self, "x_labels", tuple(self.x_labels))
        object.__setattr__(self, "series", tuple(self.series))
        if self.kind not in ("line", "bar"):
            raise ValueError(f"chart kind must be 'line' or 'bar', not {self.kind!r}")
        for series in self.series:
            if len(series.values) != len(self.x_labels):
                raise ValueError(f"series {series.name!r} has {len(series.values)} values "
                                 f"for {len(self.x_labels)} x labels")

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw: no values, or every value nought."""
        return not any(value for series in self.series for value in series.values
                       if value is not None)

    def draw(self, width: float = 480, height: float = 260, language: str = "sv") -> Drawing:
        """The chart as a ``Drawing`` (see :func:`drawing`)."""
        return drawing(self, width, height, language)

    def table_rows(self, language: str = "sv") -> list[list[str]]:
        """The chart as a table: a header, then one row per x label with a column per series."""
        rows = [[self.x_title, *(series.name for series in self.series)]]
        for index, label in enumerate(self.x_labels):
            rows.append([label, *(self._cell(series.values[index], language)
                                  for series in self.series)])
        return rows

    def _cell(self, value: int | Decimal | None, language: str) -> str:
        if value is None:
            return NO_VALUE
        if self.money:
            return format_sek(value, language)
        return format_decimal(value, format="#,##0.##", locale=language)


def compact_number(value: Decimal | float, language: str, money: bool = False) -> str:
    """A short figure for an axis or a label: "1,5 mn kr" / "SEK 1.5m", "250 tkr", "2 mdr".

    Without ``money``, numbers below a million keep all their digits ("25 000").
    """
    magnitude = abs(Decimal(str(value)))
    divisor = _divisor_for(magnitude, money)
    # Pick again after rounding: 999 999 reads "1 mn kr", not "1 000 tkr".
    divisor = _divisor_for(round(magnitude / divisor, 1) * divisor, money)
    return _with_unit(value, language, money, divisor, "#,##0.#")


# Divisor: (Swedish unit, Swedish money unit, English suffix). No-break spaces, so a
# figure never wraps away from its unit.
_UNITS = {1: ("", "kr", ""), 10**3: ("", "tkr", "k"), 10**6: ("mn", "mn\u00a0kr", "m"),
          10**9: ("mdr", "mdr\u00a0kr", "bn")}


def _divisor_for(magnitude: Decimal | float, money: bool) -> int:
    """Thousands only shorten money ("250 tkr"); a count of 25 000 stays as it is."""
    return next((d for d in (10**9, 10**6, 10**3) if magnitude >= d and (money or d > 10**3)), 1)


def _with_unit(value, language: str, money: bool, divisor: int, pattern: str) -> str:
    number = format_decimal(Decimal(str(value)) / divisor, format=pattern, locale=language)
    sv_unit, sv_money_unit, en_suffix = _UNITS[divisor]
    if language != "sv":
        return f"SEK\u00a0{number}{en_suffix}" if money else f"{number}{en_suffix}"
    unit = sv_money_unit if money else sv_unit
    return f"{number}\u00a0{unit}" if unit else number


def _axis_ticks(values: list[float], headroom: float = 0) -> list[float]:
    """Round tick values from zero (always shown) past the data, about five steps."""
    low, high = min([0.0, *values]) * (1 + headroom), max([0.0, *values]) * (1 + headroom)
    if high == low:
        high = low + 1
    rough = (high - low) / 5
    power = 10 ** math.floor(math.log10(rough))
    counts = all(float(v).is_integer() for v in values)
    # Counts step in whole numbers: no "2,5 needs" on the axis.
    step = next(f * power for f in (1, 2, 2.5, 5, 10)
                if f * power >= rough and (not counts or float(f * power).is_integer()))
    step = max(step, 1) if counts else step
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _tick_formatter(ticks: list[float], language: str, money: bool):
    """One unit and one number of decimals for the whole axis ("0,5 mn", "1,0 mn")."""
    divisor = _divisor_for(max(abs(t) for t in ticks), money)
    step = (ticks[1] - ticks[0]) / divisor if len(ticks) > 1 else 1
    decimals = next((d for d in (0, 1) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 2)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return lambda value: ("0" if abs(value) < 1e-9
                          else _with_unit(value, language, money, divisor, pattern))


def fit_text(text: str, max_width: float, font: str = FONT, size: float = TEXT_SIZE) -> str:
    """``text`` shortened with an ellipsis to ``max_width`` points."""
    if stringWidth(text, font, size) <= max_width:
        return text
    while text and stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_label(text: str, max_width: float, max_lines: int = 3) -> list[str]:
    """``text`` in lines of at most ``max_width`` points, broken at spaces only; [] when a
    word is wider than that or it takes more than ``max_lines`` lines."""
    lines: list[str] = []
    for word in text.split():
        if stringWidth(word, FONT, TEXT_SIZE) > max_width:
            return []
        if lines and stringWidth(f"{lines[-1]} {word}", FONT, TEXT_SIZE) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines if len(lines) <= max_lines else []


def text_at(x: float, y: float, text: str, colour=MUTED, size: float = TEXT_SIZE, font: str = FONT,
            anchor: str = "start") -> String:
    """A label in the charts' type, its baseline at ``y``; ``anchor`` start, middle or end."""
    return String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def _marker(index: int, x: float, y: float, size: float = 6):
    marker = makeMarker(SERIES_MARKERS[index % len(SERIES_MARKERS)], x=x, y=y, size=size)
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    # Hollow markers get a white fill so the line does not run through them.
    filled = marker.kind.startswith("Filled")
    marker.strokeColor, marker.strokeWidth = colour, 1.2
    marker.fillColor = colour if filled else colors.white
    return marker


class _MarkedBarChart(VerticalBarChart):
    """Grouped bars with each series' marker at the end of its bars (WCAG 1.4.1)."""

    def _makeBar(self, g, x, y, width, height, rowNo, style):
        # ReportLab's per-bar hook (private, stable since 3.x) knows the bar's geometry.
        super()._makeBar(g, x, y, width, height, rowNo, style)
        if len(self.data) > 1:
            end = y + height + (5 if height >= 0 else -5)
            g.add(_marker(rowNo, x + width / 2, end, size=min(6, width)))

    def makeSwatchSample(self, rowNo, x, y, width, height):
        swatch = Group(Rect(x, y, 9, height, fillColor=self.bars[rowNo].fillColor,
                            strokeColor=None))
        if len(self.data) > 1:
            swatch.add(_marker(rowNo, x + 15, y + height / 2))
        return swatch


def drawing(chart: Chart, width: float = 480, height: float = 260, language: str = "sv") -> Drawing:
    """The chart as a ReportLab ``Drawing``: a platypus flowable, and what :func:`to_svg` renders.

    Title on top, the plot with round ticks in ``language``'s number format, a light grid
    and a dark zero line when values go negative, and a legend underneath.
    """
    register_fonts()
    canvas = Drawing(width, height)
    top = height
    if chart.title:
        title = fit_text(chart.title, width, FONT_BOLD, 11)
        canvas.add(text_at(0, top - 11, title, PRIMARY, size=11, font=FONT_BOLD))
        top -= 24
    if chart.y_label:
        canvas.add(text_at(0, top - 8, fit_text(chart.y_label, width, FONT, TEXT_SIZE)))
        top -= 20
    top = min(top, height - _TOP_MARGIN)
    values = [float(v) for series in chart.series for v in series.values if v is not None]
    plot = _MarkedBarChart() if chart.kind == "bar" else HorizontalLineChart()
    # Floats only for placing shapes; the figures people read come from the Decimals.
    plot.data = [[None if v is None else float(v) for v in s.values] for s in chart.series]
    _style_series(plot, chart)
    bottom = _draw_legend(canvas, plot, chart, width) + (_LEGEND_ROW if chart.series else 0)
    if chart.x_title:
        canvas.add(text_at(width / 2, bottom, fit_text(chart.x_title, width, FONT, TEXT_SIZE),
                           anchor="middle"))
        bottom += 12
    if not values:
        # Still a chart-shaped box, so the page layout does not jump when data arrives.
        canvas.add(Line(0, bottom + 14, width, bottom + 14, strokeColor=RULE, strokeWidth=0.8))
        note = texts(language)(EMPTY_NOTE)
        canvas.add(text_at(width / 2, (top + bottom) / 2, note, anchor="middle"))
        return canvas
    marked_bars = chart.kind == "bar" and len(chart.series) > 1
    ticks = _axis_ticks(values, headroom=0.08 if marked_bars else 0)  # room for bar markers
    tick_label = _tick_formatter(ticks, language, chart.money)
    plot.x = max(stringWidth(tick_label(t), FONT, TEXT_SIZE) for t in ticks) + 6
    plot.width = width - plot.x - 2
    label_height, overhang = _style_category_axis(plot, chart, plot.width / len(chart.x_labels))
    if overhang > plot.x:  # the first slanted label would stick out on the left
        plot.x, plot.width = overhang, width - overhang - 2
    bottom += label_height
    plot.y, plot.height = bottom, max(top - bottom, 20)  # a long legend squeezes, never inverts
    axis = plot.valueAxis
    axis.valueMin, axis.valueMax, axis.valueSteps = ticks[0], ticks[-1], ticks
    axis.labelTextFormat = tick_label
    axis.visibleAxis = axis.visibleTicks = 0  # the grid lines carry the scale
    axis.labels.fontName, axis.labels.fontSize = FONT, TEXT_SIZE
    axis.labels.fillColor, axis.labels.textAnchor = MUTED, "end"
    for tick in ticks:
        # Drawn before the plot, so series lines sit on top of the grid.
        y = plot.y + (tick - ticks[0]) / (ticks[-1] - ticks[0]) * plot.height
        is_zero = tick == 0 and ticks[0] < 0
        canvas.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=INK if is_zero else RULE,
                        strokeWidth=1 if is_zero else 0.4))
    canvas.add(plot)
    return canvas


def _style_series(plot, chart: Chart) -> None:
    styles = plot.bars if chart.kind == "bar" else plot.lines
    for index, series in enumerate(chart.series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        style = styles[index]
        style.name = series.name
        if chart.kind == "bar":
            style.fillColor, style.strokeColor = colour, None
        else:
            style.strokeColor, style.strokeWidth = colour, 1.8
            style.strokeDashArray = SERIES_DASHES[index % len(SERIES_DASHES)]
            style.symbol = _marker(index, 0, 0)


def _style_category_axis(plot, chart: Chart, band: float) -> tuple[float, float]:
    """Set up the x axis along the bottom; return the height its labels need below it and
    how far left of the axis the first label reaches."""
    axis = plot.categoryAxis
    axis.categoryNames = list(chart.x_labels)
    axis.joinAxisMode = "bottom"  # labels stay under the plot when values go negative
    axis.visibleTicks = 0
    axis.strokeColor, axis.strokeWidth = MUTED, 0.8
    labels = axis.labels
    labels.fontName, labels.fontSize, labels.fillColor = FONT, TEXT_SIZE, INK
    widest = max(stringWidth(label, FONT, TEXT_SIZE) for label in chart.x_labels)
    if widest <= band - 4:
        labels.boxAnchor, labels.textAnchor, labels.dy = "n", "middle", -4
        return 16, 0
    wrapped = [wrap_label(label, band - 4) for label in chart.x_labels]
    if all(wrapped):
        # Long labels wrap at spaces, up to three lines, rather than being cut short.
        axis.categoryNames = ["\n".join(lines) for lines in wrapped]
        labels.boxAnchor, labels.textAnchor, labels.dy = "n", "middle", -4
        labels.leading = TEXT_SIZE + 2
        return 8 + max(len(lines) for lines in wrapped) * (TEXT_SIZE + 2), 0
    # Too many or too long labels for the width: slant them (30°) rather than overlap,
    # in two lines broken at spaces where that fits, else shortened (the table beside
    # the chart has them in full).
    slanted = [wrap_label(label, _SLANTED_WIDTH, 2) for label in chart.x_labels]
    labels.angle, labels.boxAnchor, labels.textAnchor, labels.dy = 30, "ne", "end", -4
    if all(slanted):
        axis.categoryNames = ["\n".join(lines) for lines in slanted]
        labels.leading = TEXT_SIZE + 2
        extent = max(stringWidth(line, FONT, TEXT_SIZE) for lines in slanted for line in lines)
        depth = (max(len(lines) for lines in slanted) - 1) * (TEXT_SIZE + 2)
        return extent * 0.5 + 14 + depth, extent * 0.87 - band / 2 + 2
    axis.categoryNames = [fit_text(label, _SLANTED_WIDTH) for label in chart.x_labels]
    extent = min(widest, _SLANTED_WIDTH)
    return extent * 0.5 + 14, extent * 0.87 - band / 2 + 2


@dataclass(frozen=True)
class LegendItem:
    """Where a legend entry goes: its swatch at (``x``, ``y``), its fitted ``name`` after."""

    index: int
    x: float
    y: float
    name: str


def legend_layout(names: list[str], width: float, swatch_width: float,
                  gap: float = 14) -> tuple[list[LegendItem], float]:
    """Legend entries left to right along the bottom, wrapping into rows; the entries and
    the legend's height. Each picture draws its own swatches, the text goes at
    ``x + swatch_width + 6``."""
    rows: list[list[tuple[float, int, str]]] = [[]]
    x = 0.0
    for index, name in enumerate(names):
        name = fit_text(name, width - swatch_width - 6)
        item_width = swatch_width + 6 + stringWidth(name, FONT, TEXT_SIZE)
        if x and x + item_width > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, index, name))
        x += item_width + gap
    height = _LEGEND_ROW * len(rows) if names else 0
    items = [LegendItem(index, x, height - (row_number + 1) * _LEGEND_ROW + 3, name)
             for row_number, row in enumerate(rows) for x, index, name in row]
    return items, height


def _draw_legend(canvas: Drawing, plot, chart: Chart, width: float) -> float:
    """The chart's legend along the bottom; return its height."""
    swatch_width = 20 if chart.kind == "line" else 18 if len(chart.series) > 1 else 9
    items, height = legend_layout([series.name for series in chart.series], width, swatch_width)
    for item in items:
        canvas.add(plot.makeSwatchSample(item.index, item.x, item.y, 20, 7))
        canvas.add(text_at(item.x + swatch_width + 6, item.y, item.name, INK))
    return height


class _AnchoredSVGCanvas(renderSVG.SVGCanvas):
    """Writes ``text-anchor`` instead of shifting text by Vera's widths, so right-aligned
    and centred labels stay aligned in the browser's font."""

    def drawString(self, s, x, y, angle=0, link_info=None, text_anchor="left", textRenderMode=0,
                   **svg_attrs):
        anchor = {"end": "end", "numeric": "end", "middle": "middle"}.get(text_anchor)
        if anchor:
            svg_attrs["text-anchor"] = anchor
        super().drawString(s, x, y, angle, link_info, "start", textRenderMode, **svg_attrs)


def untitled(chart: Picture) -> Picture:
    """The picture drawn without its own title, for a page or PDF that already shows the
    title as a heading or caption (a title twice reads as two figures)."""
    if is_dataclass(chart) and getattr(chart, "title", ""):
        return replace(chart, title="")
    return chart


# Drawing a chart takes milliseconds; the dashboard shows the same four to everyone.
@remember_recent(maxsize=256)
def to_svg(chart: Picture, chart_id: str, description: str, width: float = 480,
           height: float = 260, language: str = "sv", title_shown: bool = False) -> str:
    """The chart (a :class:`Chart` or any other :class:`Picture`) as an ``<svg>`` element to
    inline in a page.

    Accessible as one image: ``role="img"`` labelled by its ``<title>`` (the chart title)
    and ``<desc>`` (``description``, ideally the finding in words), with ids
    ``{chart_id}-title`` and ``{chart_id}-desc``, so ``chart_id`` must be unique on the
    page. Scales with its container (viewBox, width 100 %). Presentation attributes only:
    the page's CSP (``style-src 'self'``) would block ``style`` attributes.

    ``title_shown``: the page shows the title as a heading or caption, so the drawing
    leaves it out; the ``<title>`` that names the image for screen readers keeps it.
    """
    if not _SVG_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must be a plain identifier, not {chart_id!r}")
    canvas = _AnchoredSVGCanvas((width, height), useClip=True,
                                fontHacks={FONT_BOLD: {"weight": "bold"}})
    drawn = untitled(chart) if title_shown else chart
    renderSVG.draw(drawn.draw(width, height, language), canvas, showBoundary=False)
    output = StringIO()
    canvas.save(output)
    # ReportLab writes text as it gets it; characters XML cannot carry (a pasted
    # vertical tab) would make the SVG unparsable, so they go.
    # Safe to parse: ReportLab escapes the texts (<, & …), and the only DTD is its own
    # fixed reference to the public SVG one, which expat never fetches.
    root = ET.fromstring(_NOT_XML.sub("", output.getvalue()))  # nosec B314
    _make_inline_safe(root)
    for attribute in ("height", "version"):
        root.attrib.pop(attribute, None)
    root.attrib.update({"width": "100%", "class": "chart", "font-family": _WEB_FONTS, "role": "img",
                        "aria-labelledby": f"{chart_id}-title {chart_id}-desc"})
    for tag, suffix, text in (("title", "title", chart.title), ("desc", "desc", description)):
        element = root.find(f"{{{_SVG_NS}}}{tag}")
        element.set("id", f"{chart_id}-{suffix}")
        element.text = text
    # Plain tags and a literal xmlns rather than ET's prefix registry, which is shared by
    # the whole process: an "ns0:svg" would not be drawn by browsers inline in HTML.
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{_SVG_NS}}}")
    root.attrib = {"xmlns": _SVG_NS, **root.attrib}
    return ET.tostring(root, encoding="unicode")


def _make_inline_safe(root: ET.Element) -> None:
    """``style`` attributes become presentation attributes; ReportLab's fixed ids go
    (two charts on one page would repeat them); whitespace and float noise shrink."""
    for element in root.iter():
        for declaration in element.attrib.pop("style", "").split(";"):
            name, _, value = declaration.partition(":")
            # The root carries the font family once; every text inherits it.
            if name.strip() and value.strip() and name.strip() != "font-family":
                value = value.strip()
                element.set(name.strip(), "none" if value == "None" else value)
        for attribute in ("id", "clip"):
            element.attrib.pop(attribute, None)
        if element.get("transform") == "":
            del element.attrib["transform"]
        element.attrib.update({name: _LONG_DECIMAL.sub(r"\1", value)
                               for name, value in element.attrib.items()})
        if element.tag != f"{{{_SVG_NS}}}text" and element.text and not element.text.strip():
            element.text = None
        if element.tail and not element.tail.strip():
            element.tail = None


"""The self-assessment as a radar chart: one spoke per item, one outline per year.

Pure module (ReportLab and Babel, no Flask), in the manner of :mod:`procure.charts`: a
:class:`Radar` is a :class:`procure.charts.Picture`, drawn once as a ReportLab
``Drawing`` (a flowable in a PDF, and what :func:`procure.charts.to_svg` renders for the
web), with the same figures as a table for those who cannot see it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from procure.catalogue import texts
from procure.charts import (
    EMPTY_NOTE,
    NO_VALUE,
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_MARKERS,
    TEXT_SIZE,
    Series,
    fit_text,
    legend_layout,
    text_at,
)
from procure.pdf.style import FONT, FONT_BOLD, INK, MUTED, PRIMARY, RULE, register_fonts

_LEADING = 10.5
_LABEL_GAP = 6  # between the outer ring and an axis label
_MAX_LABEL_LINES = 3
_SCALE_SIZE = TEXT_SIZE - 1


@dataclass(frozen=True)
class Radar:
    """Values on ``0..max_value`` per axis, one :class:`~procure.charts.Series` per outline.

    ``series`` is drawn first to last underneath each other, so the first (this year)
    lies on top. ``axis_title`` heads the label column of the table.
    """

    title: str
    axes: tuple[str, ...]
    series: tuple[Series, ...]
    axis_title: str = ""
    max_value: int = 4

    def __post_init__(self):
        object.__setattr__(self, "axes", tuple(self.axes))
        object.__setattr__(self, "series", tuple(self.series))
        if len(self.axes) < 3:
            raise ValueError("a radar needs at least three axes")
        if self.max_value <= 0:
            raise ValueError("a radar's max_value must be above zero")
        for series in self.series:
            if len(series.values) != len(self.axes):
                raise ValueError(f"series {series.name!r} has {len(series.values)} values "
                                 f"for {len(self.axes)} axes")

    def table_rows(self, language: str = "sv") -> list[list[str]]:
        """A header, then per axis its label and each series' value ("–" for none)."""
        rows = [[self.axis_title, *(series.name for series in self.series)]]
        for index, label in enumerate(self.axes):
            rows.append([label, *(_cell(series.values[index], language)
                                  for series in self.series)])
        return rows

    def draw(self, width: float = 480, height: float = 400, language: str = "sv") -> Drawing:
        """The radar as a ``Drawing``: the title on top, rings at every whole step of the
        scale with its numbers between the first two spokes, the axis labels wrapped around the
        outside, each series as an outline with its own colour, dash pattern and markers
        (WCAG 1.4.1: colour is never the only cue), and the legend underneath."""
        register_fonts()
        canvas = Drawing(width, height)
        top = height
        if self.title:
            canvas.add(text_at(0, top - 11, fit_text(self.title, width, FONT_BOLD, 11), PRIMARY,
                               size=11, font=FONT_BOLD))
            top -= 24
        bottom = _draw_legend(canvas, self.series, width) + 6 if self.series else 0
        labels = [_wrap(label, _label_width(width), _MAX_LABEL_LINES) for label in self.axes]
        angles = [math.pi / 2 - 2 * math.pi * index / len(self.axes)
                  for index in range(len(self.axes))]
        centre_x, centre_y = width / 2, (top + bottom) / 2
        radius = _fitting_radius(labels, angles, centre_x, centre_y, width, bottom, top)

        def point(index: int, value: float) -> tuple[float, float]:
            reach = radius * value / self.max_value
            return (centre_x + reach * math.cos(angles[index]),
                    centre_y + reach * math.sin(angles[index]))

        for step in range(1, self.max_value + 1):
            ring = [coordinate for index in range(len(angles)) for coordinate in point(index, step)]
            outer = step == self.max_value
            canvas.add(Polygon(ring, fillColor=None, strokeColor=MUTED if outer else RULE,
                               strokeWidth=0.8 if outer else 0.5))
        for index in range(len(angles)):
            canvas.add(Line(centre_x, centre_y, *point(index, self.max_value), strokeColor=RULE,
                            strokeWidth=0.5))
        for index, lines in enumerate(labels):
            _draw_label(canvas, lines, angles[index], *point(index, self.max_value))

        drawn = False
        for number in reversed(range(len(self.series))):  # the first series on top
            drawn |= _draw_series(canvas, number, self.series[number].values, point)
        # The scale between the first two spokes, where no marker sits, on a white patch
        # so an outline crossing it does not hide the number.
        between = (angles[0] + angles[1]) / 2
        reach = radius * math.cos(math.pi / len(angles))  # to the middle of a ring's side
        for step in range(1, self.max_value + 1):
            x = centre_x + reach * step / self.max_value * math.cos(between)
            y = centre_y + reach * step / self.max_value * math.sin(between)
            half = stringWidth(str(step), FONT, _SCALE_SIZE) / 2 + 1.5
            canvas.add(Rect(x - half, y - _SCALE_SIZE / 2 - 1, 2 * half, _SCALE_SIZE + 1,
                            fillColor=colors.white, strokeColor=None))
            canvas.add(text_at(x, y - _SCALE_SIZE / 2 + 1, str(step), MUTED, size=_SCALE_SIZE,
                               anchor="middle"))
        if not drawn:
            note = texts(language)(EMPTY_NOTE)
            canvas.add(text_at(centre_x, centre_y - radius / 2, note, INK, anchor="middle"))
        return canvas


def _cell(value: int | Decimal | None, language: str) -> str:
    if value is None:
        return NO_VALUE
    return format_decimal(value, format="#,##0.##", locale=language)


def _label_width(width: float) -> float:
    """How wide an axis label may run: about a fifth of the picture, within bounds that
    keep a clause number and a long Swedish word ("4 Organisationens") on one line."""
    return max(84.0, min(120.0, width * 0.22))


def _wrap(text: str, max_width: float, max_lines: int) -> list[str]:
    """``text`` in lines of at most ``max_width`` points; the last shortened if need be.
    A leading number ("10 Förbättring") stays with the word after it."""
    words = text.split()
    if len(words) > 1 and words[0].isdecimal():
        words[:2] = [f"{words[0]} {words[1]}"]
    lines: list[str] = []
    for word in words:
        if lines and stringWidth(f"{lines[-1]} {word}", FONT, TEXT_SIZE) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return [fit_text(line, max_width) for line in lines] or [""]


def _anchor(angle: float) -> str:
    """Labels on the right start at their spoke, on the left end there, and those near
    the top or bottom are centred on it."""
    cos = math.cos(angle)
    return "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"


def _label_box(lines: list[str], angle: float, x: float, y: float):
    """Where a label sits outside the spoke's end (``x``, ``y``): its anchor point, the
    baseline of its first line, and its box as (left, bottom, right, top)."""
    width = max(stringWidth(line, FONT, TEXT_SIZE) for line in lines)
    height = len(lines) * _LEADING
    x += _LABEL_GAP * math.cos(angle)
    y += _LABEL_GAP * math.sin(angle)
    sin = math.sin(angle)
    if sin > 0.2:  # above the centre: the box rests on the point
        box_bottom = y
    elif sin < -0.2:  # below: the box hangs from it
        box_bottom = y - height
    else:
        box_bottom = y - height / 2
    anchor = _anchor(angle)
    left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
    first_baseline = box_bottom + height - TEXT_SIZE + 1
    return x, first_baseline, (left, box_bottom, left + width, box_bottom + height)


def _fitting_radius(labels, angles, centre_x, centre_y, width, bottom, top) -> float:
    """The largest radius at which every label stays inside the picture (bisected)."""
    def fits(radius: float) -> bool:
        for lines, angle in zip(labels, angles, strict=True):
            end_x = centre_x + radius * math.cos(angle)
            end_y = centre_y + radius * math.sin(angle)
            left, low, right, high = _label_box(lines, angle, end_x, end_y)[2]
            if left < 0 or right > width or low < bottom or high > top:
                return False
        return True

    low, high = 10.0, max(10.0, min(width, top - bottom) / 2)
    if not fits(low):
        return low
    for _ in range(30):
        middle = (low + high) / 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def _draw_label(canvas: Drawing, lines: list[str], angle: float, x: float, y: float) -> None:
    anchor_x, baseline, _box = _label_box(lines, angle, x, y)
    for number, line in enumerate(lines):
        canvas.add(text_at(anchor_x, baseline - number * _LEADING, line, INK,
                           anchor=_anchor(angle)))


def _style(number: int) -> tuple:
    return (SERIES_COLOURS[number % len(SERIES_COLOURS)],
            SERIES_DASHES[number % len(SERIES_DASHES)])


def _marker(number: int, x: float, y: float, size: float = 6):
    colour = _style(number)[0]
    marker = makeMarker(SERIES_MARKERS[number % len(SERIES_MARKERS)], x=x, y=y, size=size)
    marker.strokeColor, marker.strokeWidth = colour, 1.2
    # Hollow markers get a white fill so the outline does not run through them.
    marker.fillColor = colour if marker.kind.startswith("Filled") else colors.white
    return marker


def _draw_series(canvas: Drawing, number: int, values, point) -> bool:
    """One series' outline and markers; a missing value breaks the outline there.
    Returns whether anything was drawn."""
    colour, dashes = _style(number)
    known = [index for index, value in enumerate(values) if value is not None]
    if not known:
        return False
    line_style = {"strokeColor": colour, "strokeWidth": 1.8, "strokeDashArray": dashes,
                  "strokeLineJoin": 1}
    if len(known) == len(values):
        outline = [c for index in known for c in point(index, float(values[index]))]
        canvas.add(Polygon(outline, fillColor=None, **line_style))
    else:
        for index in known:  # a segment to each neighbour that has a value
            following = (index + 1) % len(values)
            if values[following] is not None and following != index:
                canvas.add(PolyLine([*point(index, float(values[index])),
                                     *point(following, float(values[following]))],
                                    **line_style))
    for index in known:
        canvas.add(_marker(number, *point(index, float(values[index]))))
    return True


def _draw_legend(canvas: Drawing, series: tuple[Series, ...], width: float) -> float:
    """Each series' line sample, marker and name along the bottom, wrapping; returns the
    legend's height."""
    items, height = legend_layout([entry.name for entry in series], width, 26, gap=16)
    for item in items:
        colour, dashes = _style(item.index)
        canvas.add(Line(item.x, item.y + 3, item.x + 24, item.y + 3, strokeColor=colour,
                        strokeWidth=1.8, strokeDashArray=dashes))
        canvas.add(_marker(item.index, item.x + 12, item.y + 3))
        canvas.add(text_at(item.x + 32, item.y, item.name, INK))
    return height

"""Pictures of a pre-commercial procurement (PCP): the timeline, the supplier funnel and
the budget, phase by phase.

Pure module (ReportLab and Babel, no Flask, no database), in the manner of
:mod:`procure.charts`: each picture draws itself once as a ReportLab ``Drawing`` (a
platypus flowable in the PDFs, and what :func:`procure.charts.to_svg` renders for the
web) and gives the same figures as a table, for those who cannot see the picture. The
phases run from 0 (preparation and the call for tenders) to 3 (original development and
field testing); suppliers take part from phase 1.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from procure.catalogue import N_, texts
from procure.charts import (
    NO_VALUE,
    SERIES_COLOURS,
    TEXT_SIZE,
    Chart,
    Series,
    fit_text,
    legend_layout,
    text_at,
)
from procure.formatting import format_long_date
from procure.pcp.vocabulary import PHASE_NAMES
from procure.pdf.style import (
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    PRIMARY,
    RULE,
    TABLE_STRIPE_BG,
    register_fonts,
)

# The pictures' words by key, in English; _texts() gives them in a language.
LABELS: dict[str, str] = {
    "timeline_title": N_("Timeline per phase: planned and actual"),
    "funnel_title": N_("Suppliers per phase: planned and actual number"),
    "budget_title": N_("Budget and spending per phase"),
    "actual_time": N_("Actual"),
    "ongoing_legend": N_("Ongoing (drawn up to today)"),
    "ongoing": N_("ongoing"),
    "today": N_("Today"),
    "no_dates": N_("No dates to show"),
    "phase": N_("Phase"),
    "phase_short": N_("Phase %(number)s"),
    "planned_start": N_("Planned start"),
    "planned_end": N_("Planned end"),
    "actual_start": N_("Actual start"),
    "actual_end": N_("Actual end"),
    "suppliers": N_("Number of suppliers"),
    "planned_suppliers": N_("Planned number"),
    "actual_suppliers": N_("Suppliers with a contract"),
    "budget": N_("Budget"),
    "spent": N_("Spent (sum of contracts)"),
    "kr": N_("SEK"),
}

# Planned and actual keep the same colours in all three pictures (the first two series
# colours of procure.charts). Colour is not the only cue (WCAG 1.4.1): planned time is an
# outlined pale bar above, actual time a solid bar below, and a running phase ends in an
# arrowhead.
PLANNED_COLOUR = SERIES_COLOURS[0]
PLANNED_FILL = colors.HexColor("#DCEAF5")
ACTUAL_COLOUR = SERIES_COLOURS[1]

_LEADING = 10.5
_LABEL_SHARE = 0.38  # of the width, at most, for the phase names on the left
_TICK_STEPS = (1, 3, 6, 12, 24, 60)  # months between labelled ticks
_DAYS_PER_MONTH = 30.44
LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class PhaseFigures:
    """One PCP phase's plan and outcome, as the pictures need them."""

    number: int  # 0..3
    name: str  # in the document's language
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None  # None while the phase runs: drawn to `today`, as ongoing
    planned_suppliers: int | None = None
    actual_suppliers: int | None = None  # suppliers with a contract in the phase
    budget_sek: int | None = None
    spent_sek: int | None = None  # the sum of the phase's contracts


def phase_name(number: int, language: str) -> str:
    """The standard name of PCP phase ``number`` ("Fas 1: Lösningsdesign")."""
    if number in PHASE_NAMES:
        return texts(language)(PHASE_NAMES[number])
    return _texts(language)["phase_short"] % {"number": number}


@dataclass(frozen=True)
class _Bar:
    start: date
    end: date  # exclusive: the first day after the bar
    ongoing: bool = False


@dataclass(frozen=True)
class Timeline:
    """A Gantt chart of the phases, planned against actual; a :class:`procure.charts.Picture`."""

    title: str
    phases: tuple[PhaseFigures, ...]
    today: date | None = None

    def __post_init__(self):
        object.__setattr__(self, "phases", tuple(self.phases))

    @property
    def series(self) -> tuple[Series, ...]:
        """The phases as named rows, so whatever describes a chart by its series names (the
        ``chart_svg`` template global) describes the timeline by its phases."""
        return tuple(Series(phase.name, ()) for phase in self.phases)

    def table_rows(self, language: str = "sv") -> list[list[str]]:
        """A header, then per phase its planned and actual start and end ("1 mars 2026")."""
        words = _texts(language)
        rows = [[words[key] for key in ("phase", "planned_start", "planned_end", "actual_start",
                                        "actual_end")]]
        for phase in self.phases:
            actual_end = _date_cell(phase.actual_end, language)
            if phase.actual_end is None and phase.actual_start is not None:
                actual_end = words["ongoing"]
            rows.append([phase.name, _date_cell(phase.planned_start, language),
                         _date_cell(phase.planned_end, language),
                         _date_cell(phase.actual_start, language), actual_end])
        return rows

    def draw(self, width: float = 480, height: float = 260, language: str = "sv") -> Drawing:
        """The timeline as a ``Drawing``: the title on top, a row per phase named on the left
        with its planned bar over its actual bar, a date axis with month, quarter or year
        ticks in ``language``, a line at today when today is on the axis, and the legend
        underneath. A phase without dates to draw keeps an empty row; a timeline with no bars
        at all says so instead."""
        register_fonts()
        words = _texts(language)
        canvas = Drawing(width, height)
        top = height
        if self.title:
            canvas.add(text_at(0, top - 11, fit_text(self.title, width, FONT_BOLD, 11), PRIMARY,
                               size=11, font=FONT_BOLD))
            top -= 24
        bars = [(self._planned_bar(phase), self._actual_bar(phase)) for phase in self.phases]
        drawn = [bar for pair in bars for bar in pair if bar]
        if not drawn:
            # A chart-shaped box all the same, like procure.charts' empty charts.
            canvas.add(Line(0, 14, width, 14, strokeColor=RULE, strokeWidth=0.8))
            canvas.add(text_at(width / 2, top / 2, words["no_dates"], anchor="middle"))
            return canvas

        ongoing = any(bar.ongoing for bar in drawn)
        bottom = _draw_legend(canvas, words, width, ongoing) + 6
        axis_y = bottom + 16  # room for the date labels under the axis
        start, end = _date_range(drawn)
        show_today = self.today is not None and start <= self.today <= end
        if show_today:
            top -= 12  # room for the "today" label over the plot

        row_height = (top - axis_y) / len(bars)
        label_lines, label_width = _phase_labels(self.phases, width, row_height)
        plot_left, plot_right = label_width + 10, width - 2
        per_day = (plot_right - plot_left) / max((end - start).days, 1)

        def x_of(day: date) -> float:
            return plot_left + (day - start).days * per_day

        for index in range(1, len(bars), 2):  # light stripes, to follow a row across
            canvas.add(Rect(0, top - (index + 1) * row_height, width, row_height,
                            fillColor=TABLE_STRIPE_BG, strokeColor=None))
        label_end = float("-inf")
        for tick, label in _date_ticks(start, end, per_day, language):
            x = x_of(tick)
            canvas.add(Line(x, axis_y, x, top, strokeColor=RULE, strokeWidth=0.4))
            canvas.add(Line(x, axis_y, x, axis_y - 3, strokeColor=MUTED, strokeWidth=0.8))
            text = _clamped_text(x, axis_y - 13, label, MUTED, width)
            left, right = _extent(text)
            if left >= label_end + 4:  # one pushed in from the edge may crowd its neighbour
                canvas.add(text)
                label_end = right
        canvas.add(Line(plot_left, axis_y, plot_right, axis_y, strokeColor=MUTED, strokeWidth=0.8))

        bar_height = min(8.0, row_height * 0.28)
        for index, (planned, actual) in enumerate(bars):
            middle = top - (index + 0.5) * row_height
            for line_number, line in enumerate(label_lines[index]):
                baseline = (middle + (len(label_lines[index]) - 1) * _LEADING / 2
                            - line_number * _LEADING - TEXT_SIZE / 3)
                canvas.add(text_at(0, baseline, line, INK))
            if planned:
                canvas.add(_planned_rect(x_of(planned.start), middle + 1,
                                         x_of(planned.end) - x_of(planned.start), bar_height))
            if actual:
                left = x_of(actual.start)
                right = max(x_of(actual.end), left + 1.5)  # a phase begun today still shows
                canvas.add(_actual_rect(left, middle - 1 - bar_height, right - left, bar_height))
                if actual.ongoing:
                    canvas.add(_arrowhead(right, middle - 1 - bar_height, bar_height))
        if show_today:
            x = x_of(self.today)
            canvas.add(Line(x, axis_y, x, top + 2, strokeColor=INK, strokeWidth=1,
                            strokeDashArray=(3, 2)))
            canvas.add(_clamped_text(x, top + 4, words["today"], INK, width))
        return canvas

    def _planned_bar(self, phase: PhaseFigures) -> _Bar | None:
        if phase.planned_start is None or phase.planned_end is None:
            return None
        return _span(phase.planned_start, phase.planned_end + timedelta(days=1))

    def _actual_bar(self, phase: PhaseFigures) -> _Bar | None:
        if phase.actual_start is None:
            return None
        if phase.actual_end is not None:
            return _span(phase.actual_start, phase.actual_end + timedelta(days=1))
        # Still running: up to today; without a today, only where it began.
        return _Bar(phase.actual_start, max(self.today or phase.actual_start, phase.actual_start),
                    ongoing=True)


def timeline(phases: Sequence[PhaseFigures], language: str, today: date | None = None) -> Timeline:
    """The phases' planned and actual time as a :class:`Timeline`, in phase order.

    ``today`` (the caller's, never the clock's, so a PDF stays reproducible) is where a
    running phase's bar ends and where the "today" line is drawn.
    """
    return Timeline(_texts(language)["timeline_title"], _in_order(phases), today)


def funnel(phases: Sequence[PhaseFigures], language: str) -> Chart:
    """Suppliers per phase, planned against those with a contract, as a bar chart.

    Phases 1 to 3 only: phase 0 prepares the call and has no suppliers yet.
    """
    words = _texts(language)
    shown = [phase for phase in _in_order(phases) if phase.number >= 1]
    return Chart(words["funnel_title"], _short_names(shown, words),
                 (Series(words["planned_suppliers"], [p.planned_suppliers for p in shown]),
                  Series(words["actual_suppliers"], [p.actual_suppliers for p in shown])),
                 y_label=words["suppliers"], kind="bar", x_title=words["phase"])


def budget_chart(phases: Sequence[PhaseFigures], language: str) -> Chart:
    """Budget against spending (the sum of contracts) per phase, as a bar chart in kronor."""
    words = _texts(language)
    shown = _in_order(phases)
    return Chart(words["budget_title"], _short_names(shown, words),
                 (Series(words["budget"], [p.budget_sek for p in shown]),
                  Series(words["spent"], [p.spent_sek for p in shown])),
                 y_label=words["kr"], kind="bar", money=True, x_title=words["phase"])


def _texts(language: str) -> dict:
    """The words of the pictures in ``language``, by key."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _ = texts(language)
    words = {key: _(text) for key, text in LABELS.items()}
    # "Planerad tid" in the legend; a plain "Planerad" elsewhere in Swedish.
    words["planned_time"] = _.pgettext("timeline legend", "Planned")
    return words


def _in_order(phases: Sequence[PhaseFigures]) -> tuple[PhaseFigures, ...]:
    return tuple(sorted(phases, key=lambda phase: phase.number))


def _short_names(phases: Sequence[PhaseFigures], words: dict) -> tuple[str, ...]:
    # "Fas 1" under the bars; the timeline and its table carry the full names.
    return tuple(words["phase_short"] % {"number": phase.number} for phase in phases)


def _date_cell(day: date | None, language: str) -> str:
    return NO_VALUE if day is None else format_long_date(day, language)


def _span(start: date, end: date) -> _Bar:
    # An end typed before the start is drawn as the span between them, not inverted.
    return _Bar(min(start, end), max(start, end))


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _date_range(bars: Sequence[_Bar]) -> tuple[date, date]:
    """Whole months around every bar, so the axis starts and ends on a month."""
    first = min(bar.start for bar in bars)
    last = max(bar.end for bar in bars)
    start = first.replace(day=1)
    end = last if last.day == 1 and last > start else _month_start(_month_index(last) + 1)
    return start, end


def _date_ticks(start: date, end: date, per_day: float, language: str) -> list[tuple[date, str]]:
    """Ticks on the first of a month, every month, quarter, half-year or year: the closest
    spacing whose labels ("mars 2026", "2027") do not collide."""
    ticks: list[date] = []
    labels: list[str] = []
    for step in _TICK_STEPS:
        pattern = "MMM y" if step < 12 else "y"
        first = -(-_month_index(start) // step) * step
        ticks = [_month_start(i) for i in range(first, _month_index(end) + 1, step)]
        labels = [format_date(tick, pattern, locale=language) for tick in ticks]
        widest = max((stringWidth(label, FONT, TEXT_SIZE) for label in labels), default=0)
        if len(ticks) >= 2 and widest + 8 <= step * _DAYS_PER_MONTH * per_day:
            break
    if len(ticks) < 2:  # a narrow picture of a long plan: at least where the axis begins and ends
        ticks = [start, end]
        labels = [format_date(tick, "MMM y", locale=language) for tick in ticks]
    return list(zip(ticks, labels, strict=True))


def _phase_labels(phases: Sequence[PhaseFigures], width: float,
                  row_height: float) -> tuple[list[list[str]], float]:
    """Each phase's name in as many lines as its row holds (the last shortened if need be),
    and the width the widest takes."""
    limit = width * _LABEL_SHARE
    max_lines = max(1, min(3, int((row_height - 2) // _LEADING)))
    lines = [_wrap(phase.name, limit, max_lines) for phase in phases]
    widest = max((stringWidth(line, FONT, TEXT_SIZE) for group in lines for line in group),
                 default=0)
    return lines, widest


def _wrap(text: str, max_width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", FONT, TEXT_SIZE) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    return [fit_text(line, max_width) for line in lines]


def _clamped_text(x: float, y: float, text: str, colour, width: float) -> String:
    """A label centred on ``x`` but kept inside the drawing at either edge."""
    half = stringWidth(text, FONT, TEXT_SIZE) / 2
    if x - half < 0:
        return text_at(0, y, text, colour)
    if x + half > width:
        return text_at(width, y, text, colour, anchor="end")
    return text_at(x, y, text, colour, anchor="middle")


def _extent(text: String) -> tuple[float, float]:
    """Where a label starts and ends along the x axis."""
    length = stringWidth(text.text, text.fontName, text.fontSize)
    left = text.x - {"start": 0, "middle": length / 2, "end": length}[text.textAnchor]
    return left, left + length


def _planned_rect(x: float, y: float, width: float, height: float) -> Rect:
    return Rect(x, y, max(width, 1.5), height, fillColor=PLANNED_FILL,
                strokeColor=PLANNED_COLOUR, strokeWidth=1)


def _actual_rect(x: float, y: float, width: float, height: float) -> Rect:
    return Rect(x, y, width, height, fillColor=ACTUAL_COLOUR, strokeColor=None)


def _arrowhead(x: float, y: float, height: float) -> Polygon:
    """A right-pointing head at the end of a running phase's bar: it goes on."""
    return Polygon([x, y - 1.5, x + height * 0.9, y + height / 2, x, y + height + 1.5],
                   fillColor=ACTUAL_COLOUR, strokeColor=None)


def _draw_legend(canvas: Drawing, words: dict, width: float, ongoing: bool) -> float:
    """Planned, actual (and ongoing, when a phase runs) along the bottom; return its height."""
    kinds = ["planned", "actual", *(["ongoing"] if ongoing else [])]
    names = [words["planned_time"], words["actual_time"], words["ongoing_legend"]][:len(kinds)]
    items, height = legend_layout(names, width, 18)
    for item in items:
        kind, x, y = kinds[item.index], item.x, item.y
        if kind == "planned":
            canvas.add(_planned_rect(x, y, 18, 7))
        elif kind == "actual":
            canvas.add(_actual_rect(x, y, 18, 7))
        else:
            canvas.add(_actual_rect(x, y, 11, 7))
            canvas.add(_arrowhead(x + 11, y, 7))
        canvas.add(text_at(x + 24, y, item.name, INK))
    return height

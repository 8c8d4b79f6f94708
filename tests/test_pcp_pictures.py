"""The PCP pictures as readers meet them: the timeline, the supplier funnel and the budget
as inline SVG, as tables, and as vectors in a PDF."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from procure.charts import to_svg
from procure.needs.document import ExtraSection, NeedDocument
from procure.needs.statement_pdf import build_need_statement
from procure.pcp.pictures import (
    ACTUAL_COLOUR,
    PLANNED_COLOUR,
    PLANNED_FILL,
    PhaseFigures,
    budget_chart,
    funnel,
    phase_name,
    timeline,
)
from procure.pdf.style import CONTENT_WIDTH, FONT, build_pdf

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"
TODAY = date(2026, 10, 15)


def phases(language: str = "sv") -> list[PhaseFigures]:
    """Phases 0 and 1 done (late), phase 2 running, phase 3 only planned."""
    return [
        PhaseFigures(0, phase_name(0, language), date(2025, 9, 1), date(2026, 1, 31),
                     date(2025, 9, 15), date(2026, 2, 20), None, None, 800_000, 650_000),
        PhaseFigures(1, phase_name(1, language), date(2026, 2, 1), date(2026, 5, 31),
                     date(2026, 3, 1), date(2026, 6, 30), 6, 5, 1_500_000, 1_250_000),
        PhaseFigures(2, phase_name(2, language), date(2026, 6, 1), date(2026, 12, 31),
                     date(2026, 7, 1), None, 3, 3, 3_000_000, 2_700_000),
        PhaseFigures(3, phase_name(3, language), date(2027, 1, 1), date(2027, 12, 31),
                     None, None, 2, None, 6_000_000, None),
    ]


def svg_root(picture, language: str = "sv", **kwargs) -> ET.Element:
    return ET.fromstring(to_svg(picture, "pcp", "Beskrivning", language=language, **kwargs))


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def svg_colour(colour) -> str:
    """A ReportLab colour as renderSVG writes it."""
    return "rgb({:d}%,{:d}%,{:d}%)".format(*(int(part * 100) for part in colour.rgb()))


def plot_bars(root: ET.Element, colour) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) in drawing coordinates (y up) of the bars of ``colour`` above
    the date axis, in drawing order: the legend's swatches sit below the axis labels."""
    axis_labels_y = min(float(text.get("y")) for text in root.iter(f"{SVG}text")
                        if text.text and text.text[-4:].isdigit())
    rects = [tuple(float(rect.get(key)) for key in ("x", "y", "width", "height"))
             for rect in root.iter(f"{SVG}rect") if rect.get("fill") == svg_colour(colour)]
    return [rect for rect in rects if rect[1] > axis_labels_y]


def today_line_x(root: ET.Element) -> float:
    (path,) = [path for path in root.iter(f"{SVG}path") if path.get("stroke-dasharray")]
    return float(path.get("d").split()[1].split(",")[0])


def test_svg_is_an_accessible_image():
    markup = to_svg(timeline(phases(), "sv", TODAY), "t1", "desc")
    root = ET.fromstring(markup)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.find(f"{SVG}title").text == "Tidplan per fas: planerad och faktisk"
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert "<script" not in markup and "href" not in markup


def test_one_planned_and_one_actual_bar_per_phase_with_dates():
    root = svg_root(timeline(phases(), "sv", TODAY))
    planned, actual = plot_bars(root, PLANNED_FILL), plot_bars(root, ACTUAL_COLOUR)

    assert len(planned) == 4  # every phase is planned
    assert len(actual) == 3  # phase 3 has not begun
    # Row by row, top down, and later phases further right.
    assert [y for _, y, _, _ in planned] == sorted((y for _, y, _, _ in planned), reverse=True)
    assert [x for x, _, _, _ in planned] == sorted(x for x, _, _, _ in planned)
    # Back-to-back plans touch: phase 0 ends where phase 1 begins (the end day counts).
    assert planned[0][0] + planned[0][2] == pytest.approx(planned[1][0], abs=0.02)
    # Each actual bar lies just under its planned one, in the same row.
    for (_, planned_y, _, _), (_, actual_y, _, height) in zip(planned, actual, strict=False):
        assert actual_y + height < planned_y < actual_y + 3 * height
    # Phase 1 began a month late, so its actual bar starts to the right of the plan.
    assert actual[1][0] > planned[1][0]


def test_planned_and_actual_differ_by_more_than_colour():
    root = svg_root(timeline(phases(), "sv", TODAY))
    planned = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == svg_colour(PLANNED_FILL)]
    actual = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == svg_colour(ACTUAL_COLOUR)]

    # Planned time is outlined, actual time solid (WCAG 1.4.1), in the legend too.
    assert {rect.get("stroke") for rect in planned} == {svg_colour(PLANNED_COLOUR)}
    assert {rect.get("stroke") for rect in actual} == {"none"}
    assert {"Planerad tid", "Faktisk tid"} <= set(texts(root))


def test_running_phase_is_drawn_to_today_and_marked_ongoing():
    root = svg_root(timeline(phases(), "sv", TODAY))
    running = plot_bars(root, ACTUAL_COLOUR)[2]  # phase 2, begun 1 July 2026
    today = today_line_x(root)

    assert running[0] + running[2] == pytest.approx(today, abs=0.02)
    arrowheads = [p for p in root.iter(f"{SVG}polygon")
                  if p.get("fill") == svg_colour(ACTUAL_COLOUR)]
    assert len(arrowheads) == 2  # on the bar and in the legend
    assert {"Idag", "Pågår (ritad fram till idag)"} <= set(texts(root))


def test_no_today_line_when_today_is_off_the_axis():
    done = [PhaseFigures(1, "Fas 1", date(2026, 1, 1), date(2026, 3, 31),
                         date(2026, 1, 1), date(2026, 4, 15))]
    root = svg_root(timeline(done, "sv", date(2030, 1, 1)))

    assert not [path for path in root.iter(f"{SVG}path") if path.get("stroke-dasharray")]
    assert "Idag" not in texts(root)
    assert "Pågår (ritad fram till idag)" not in texts(root)


@pytest.mark.parametrize("language, axis_dates", [
    ("sv", {"jan. 2026", "juli 2026", "jan. 2027"}),
    ("en", {"Jan 2026", "Jul 2026", "Jan 2027"}),
])
def test_labels_name_the_phases_and_the_dates(language, axis_dates):
    shown = texts(svg_root(timeline(phases(language), language, TODAY), language))
    words = " ".join(shown)

    assert axis_dates <= set(shown)
    for phase in phases(language):
        assert phase.name in words  # long names come wrapped over two lines


def test_long_phase_names_are_wrapped_within_the_label_column():
    root = svg_root(timeline(phases("en"), "en", TODAY), "en")
    shown = texts(root)

    first = next(index for index, text in enumerate(shown) if text.startswith("Phase 3"))
    assert f"{shown[first]} {shown[first + 1]}" == "Phase 3: Original development and field testing"
    widest = max(stringWidth(text, FONT, 9) for text in shown if text.startswith("Phase"))
    first_bar = min(x for x, _, _, _ in plot_bars(root, PLANNED_FILL))
    assert widest < first_bar


def test_a_long_plan_gets_year_ticks_that_do_not_collide():
    long_plan = [PhaseFigures(n, phase_name(n, "sv"), date(2025 + n, 1, 1), date(2025 + n, 12, 31))
                 for n in range(4)]
    root = svg_root(timeline(long_plan, "sv"))
    labels = [(float(t.get("x")), t.text) for t in root.iter(f"{SVG}text")
              if t.text and t.text.isdigit()]

    assert [text for _, text in labels] == ["2025", "2026", "2027", "2028", "2029"][:len(labels)]
    assert len(labels) >= 4
    gaps = [b - a for (a, _), (b, _) in zip(labels, labels[1:], strict=False)]
    assert min(gaps) > stringWidth("2029", FONT, 9)


def test_table_rows_in_swedish():
    assert timeline(phases("sv")[1:3], "sv", TODAY).table_rows("sv") == [
        ["Fas", "Planerad start", "Planerat slut", "Faktisk start", "Faktiskt slut"],
        ["Fas 1: Lösningsdesign", "1 februari 2026", "31 maj 2026", "1 mars 2026",
         "30 juni 2026"],
        ["Fas 2: Prototyper", "1 juni 2026", "31 december 2026", "1 juli 2026", "pågår"],
    ]


def test_table_rows_in_english():
    rows = timeline(phases("en")[2:], "en", TODAY).table_rows("en")
    assert rows == [
        ["Phase", "Planned start", "Planned end", "Actual start", "Actual end"],
        ["Phase 2: Prototyping", "1 June 2026", "31 December 2026", "1 July 2026", "ongoing"],
        ["Phase 3: Original development and field testing", "1 January 2027",
         "31 December 2027", "–", "–"],
    ]


def test_phases_are_put_in_order():
    shuffled = list(reversed(phases()))
    assert [row[0] for row in timeline(shuffled, "sv").table_rows("sv")[1:]] == [
        phase_name(n, "sv") for n in range(4)]
    assert phase_name(1, "sv") == "Fas 1: Lösningsdesign"


@pytest.mark.parametrize("data", [
    [],
    [PhaseFigures(1, "Fas 1"), PhaseFigures(2, "Fas 2", planned_end=date(2026, 5, 1))],
], ids=["no-phases", "no-complete-dates"])
def test_empty_timeline_says_so(data):
    root = svg_root(timeline(data, "en"), "en")
    assert "Timeline per phase: planned and actual" in texts(root)
    assert "No dates to show" in texts(root)
    assert not list(root.iter(f"{SVG}rect"))


def test_running_phase_without_today_is_a_stub_not_a_guess():
    running = [PhaseFigures(1, "Fas 1", date(2026, 1, 1), date(2026, 6, 30), date(2026, 2, 1))]
    root = svg_root(timeline(running, "sv"))
    (bar,) = plot_bars(root, ACTUAL_COLOUR)
    assert bar[2] < 2
    assert "Idag" not in texts(root)


def test_funnel_shows_the_supplier_counts():
    chart = funnel(phases("sv"), "sv")

    assert chart.table_rows("sv") == [
        ["Fas", "Planerat antal", "Leverantörer med avtal"],
        ["Fas 1", "6", "5"],
        ["Fas 2", "3", "3"],
        ["Fas 3", "2", "–"],
    ]
    root = svg_root(chart)
    assert {"Fas 1", "Fas 2", "Fas 3", "Planerat antal", "Leverantörer med avtal"} <= set(
        texts(root))
    assert "Fas 0" not in texts(root)  # phase 0 has no suppliers
    planned = [r for r in root.iter(f"{SVG}rect")
               if r.get("fill") == svg_colour(PLANNED_COLOUR) and float(r.get("width")) > 20]
    heights = [float(rect.get("height")) for rect in planned]
    assert heights[0] == pytest.approx(2 * heights[1]) == pytest.approx(3 * heights[2])


def test_budget_chart_is_in_kronor_per_phase():
    rows = budget_chart(phases("en"), "en").table_rows("en")
    assert rows[0] == ["Phase", "Budget", "Spent (sum of contracts)"]
    assert rows[1] == ["Phase 0", f"SEK{NBSP}800,000", f"SEK{NBSP}650,000"]
    assert rows[4] == ["Phase 3", f"SEK{NBSP}6,000,000", "–"]


def test_phase_names_and_languages():
    assert phase_name(1, "sv") == "Fas 1: Lösningsdesign"
    assert phase_name(3, "en") == "Phase 3: Original development and field testing"
    assert phase_name(4, "en") == "Phase 4"
    with pytest.raises(ValueError, match="language"):
        timeline(phases(), "de")


def test_timeline_is_a_platypus_flowable():
    story = [timeline(phases("sv"), "sv", TODAY).draw(CONTENT_WIDTH, 70 * mm, "sv"),
             timeline([], "sv").draw(CONTENT_WIDTH, 70 * mm, "sv")]
    pdf = build_pdf(story, title="PCP")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
                    .split())

    for phase in phases("sv"):
        assert phase.name in text
    assert "Idag" in text and "jan. 2026" in text and "Inga datum att visa" in text


def test_need_statement_draws_the_pictures_of_its_pcp_plan():
    pictures = (timeline(phases("en"), "en", TODAY), funnel(phases("en"), "en"))
    doc = NeedDocument(reference="PCP 1", title="Quiet school kitchens", language="en",
                       extra_sections=(ExtraSection("pcp", "PCP plan", charts=pictures),))
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(build_need_statement(doc))).pages).split())

    assert "11 PCP plan" in text
    assert "Timeline per phase: planned and actual" in text
    assert "Suppliers per phase: planned and actual number" in text
    assert "Phase 2: Prototyping" in text and "ongoing" in text  # the drawing and its table
    assert "Suppliers with a contract" in text


def test_chart_svg_template_global_takes_a_timeline(app):
    chart_svg = app.jinja_env.globals["chart_svg"]
    root = ET.fromstring(str(chart_svg(timeline(phases("sv"), "sv", TODAY), "pcp-1", "sv")))

    assert root.get("role") == "img"
    assert "Fas 2: Prototyper" in root.find(f"{SVG}desc").text

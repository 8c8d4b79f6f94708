"""Charts as a reader meets them: the inline SVG on a page under the app's CSP, and the
same chart in a PDF."""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from pypdf import PdfReader

from procure.charts import Chart, Series, compact_number, drawing, to_svg
from procure.pdf.style import CONTENT_WIDTH, build_pdf

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"
YEARS = ("År 1", "År 2", "År 3", "År 4")


def svg_root(chart: Chart, chart_id: str = "chart", description: str = "Beskrivning", **kwargs):
    return ET.fromstring(to_svg(chart, chart_id, description, **kwargs))


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def to_screen(root: ET.Element):
    """Map drawing coordinates (y up) to what the reader sees (y down), via the one
    flipping group ReportLab puts around the chart."""
    height = float(root.get("viewBox").split()[3])
    flips = [g for g in root.iter(f"{SVG}g")
             if g.get("transform", "").replace(" ", "") == f"scale(1,-1)translate(0,-{height:g})"]
    assert len(flips) == 1
    return lambda x, y: (x, height - y)


def plotted_lines(root: ET.Element) -> list[list[tuple[float, float]]]:
    """Each series' line as the reader sees it, in series order (screen coordinates)."""
    screen = to_screen(root)
    lines = []
    for polyline in root.iter(f"{SVG}polyline"):
        numbers = [float(n) for n in re.split(r"[ ,]+", polyline.get("points").strip())]
        lines.append([screen(x, y) for x, y in zip(numbers[::2], numbers[1::2], strict=True)])
    return lines


def horizontal_rules(root: ET.Element) -> list[tuple[float, float, str]]:
    """Grid and zero lines: (screen y, length, stroke width) of every horizontal path."""
    screen = to_screen(root)
    rules = []
    for path in root.iter(f"{SVG}path"):
        match = re.fullmatch(r"M ([\d.-]+),([\d.-]+) L ([\d.-]+),([\d.-]+) Z", path.get("d", ""))
        if match and match.group(2) == match.group(4):
            x1, y, x2 = float(match.group(1)), float(match.group(2)), float(match.group(3))
            rules.append((screen(0, y)[1], abs(x2 - x1), path.get("stroke-width")))
    return rules


CITY_COST = Chart(
    "Stadens kumulativa kostnad för åren", YEARS,
    (Series("Två år", (100_000, 300_000, 200_000, 400_000)),
     Series("Fyra år + option", [Decimal("150000.50"), None, 250_000, 350_000])),
    y_label="Kostnad", money=True, x_title="År")
SUPPLIER_CASH = Chart(
    "Leverantörens kassaflöde", YEARS,
    (Series("Scenario A", (-1_500_000, 0, 900_000, 2_000_000)),), money=True)


def test_svg_is_an_accessible_image_that_can_be_inlined():
    markup = to_svg(CITY_COST, "scenario-cost", "Kostnaden stiger med avtalets längd.")
    root = ET.fromstring(markup)

    assert not markup.startswith("<?xml") and "<!DOCTYPE" not in markup
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = list(root)[:2]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.get("id") == "scenario-cost-title" and desc.get("id") == "scenario-cost-desc"
    assert title.text == "Stadens kumulativa kostnad för åren"
    assert desc.text == "Kostnaden stiger med avtalets längd."
    # Scales with its container: a viewBox, no fixed pixel width or height.
    assert root.get("viewBox") == "0 0 480 260"
    assert root.get("width") in (None, "100%") and root.get("height") is None


def test_svg_obeys_the_content_security_policy():
    markup = to_svg(CITY_COST, "c1", "d")
    root = ET.fromstring(markup)

    # style-src 'self' blocks style attributes; the look rides on presentation attributes.
    assert not [element.tag for element in root.iter() if "style" in element.attrib]
    assert "<script" not in markup.lower() and "<style" not in markup.lower()
    assert not [a for element in root.iter() for a in element.attrib if a.endswith("href")]
    assert "url(" not in markup
    assert any(element.get("stroke") for element in root.iter(f"{SVG}polyline"))
    assert all(element.get("font-size") for element in root.iter(f"{SVG}text"))


def test_two_charts_on_one_page_share_no_ids():
    ids = [element.get("id") for chart_id in ("first", "second")
           for element in svg_root(CITY_COST, chart_id).iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == 4


def test_user_text_is_escaped_not_markup():
    chart = Chart("Kostnad <script>alert(1)</script>", ("A & B",),
                  (Series('Leverantör "<b>"', (1,)),))
    markup = to_svg(chart, "escaped", "<img src=x onerror=alert(1)>")
    root = ET.fromstring(markup)

    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    assert 'Leverantör "<b>"' in texts(root)
    assert "A & B" in texts(root)
    assert root.find(f"{SVG}desc").text == "<img src=x onerror=alert(1)>"


def test_legend_names_the_series_and_the_axis_names_the_years():
    shown = texts(svg_root(CITY_COST))
    assert {"Två år", "Fyra år + option"} <= set(shown)
    assert set(YEARS) <= set(shown)
    assert {"Stadens kumulativa kostnad för åren", "Kostnad", "År"} <= set(shown)


@pytest.mark.parametrize("language, expected", [
    ("sv", {"0", f"100{NBSP}tkr", f"400{NBSP}tkr"}),
    ("en", {"0", f"SEK{NBSP}100k", f"SEK{NBSP}400k"}),
])
def test_value_axis_uses_compact_round_figures(language, expected):
    assert expected <= set(texts(svg_root(CITY_COST, language=language)))


def test_plotted_points_follow_the_data():
    first, second = plotted_lines(svg_root(CITY_COST))

    assert [x for x, _ in first] == sorted(x for x, _ in first)
    # 100 < 200 < 300 < 400 thousand: a higher value is drawn higher (smaller y).
    y = dict(zip((100, 300, 200, 400), (point[1] for point in first), strict=True))
    assert y[400] < y[300] < y[200] < y[100]
    # The missing year is left out, not drawn as zero.
    assert len(second) == 3


def test_line_crossing_zero_shows_a_zero_line_at_zero():
    root = svg_root(SUPPLIER_CASH)
    (line,) = plotted_lines(root)
    zero_y = line[1][1]  # the year where the cash flow is exactly 0
    rules = horizontal_rules(root)
    plot_width = max(length for _, length, _ in rules)

    at_zero = [rule for rule in rules if abs(rule[0] - zero_y) < 0.01 and rule[1] == plot_width]
    assert at_zero, "no line across the plot at zero"
    grid_widths = {float(width) for y, length, width in rules
                   if length == plot_width and abs(y - zero_y) >= 0.01}
    assert float(at_zero[-1][2]) > max(grid_widths)  # heavier than the grid and the x axis
    assert line[0][1] > zero_y > line[2][1]  # the loss below it, the profit above
    assert f"-1{NBSP}mn{NBSP}kr" in texts(root) or f"-2{NBSP}mn{NBSP}kr" in texts(root)


def test_eight_series_differ_by_more_than_colour():
    chart = Chart("Åtta scenarier", YEARS,
                  tuple(Series(f"Scenario {n}", (n, n + 1, n + 2, n + 3)) for n in range(8)))
    root = svg_root(chart)
    lines = list(root.iter(f"{SVG}polyline"))

    assert len(lines) == 8
    assert len({line.get("stroke") for line in lines}) == 8
    # Colour is not the only cue (WCAG 1.4.1): the lines also differ in dash pattern ...
    assert len({line.get("stroke-dasharray") for line in lines}) == 8
    # ... and in marker shape: circles, squares, polygons, hollow and filled.
    marker_kinds = {(element.tag, element.get("fill") == "rgb(100%,100%,100%)")
                    for element in root.iter() if element.tag in (f"{SVG}circle", f"{SVG}rect",
                                                                   f"{SVG}path", f"{SVG}polygon")}
    assert len(marker_kinds) >= 5
    assert {f"Scenario {n}" for n in range(8)} <= set(texts(root))


def test_bar_heights_are_proportional_to_the_values():
    chart = Chart("Behov per fas", ("Utkast", "Dialog", "Avslutad"),
                  (Series("Behov", (12, 6, 3)),), kind="bar")
    root = svg_root(chart)
    bars = sorted((float(rect.get("x")), float(rect.get("height")))
                  for rect in root.iter(f"{SVG}rect") if float(rect.get("width")) > 20)

    heights = [height for _, height in bars]
    assert len(heights) == 3
    assert heights[0] == pytest.approx(2 * heights[1]) == pytest.approx(4 * heights[2])
    assert {"Utkast", "Dialog", "Avslutad", "Behov"} <= set(texts(root))
    assert "2,5" not in texts(root)  # counts get whole-number ticks


def test_negative_bar_hangs_below_the_zero_line():
    chart = Chart("Netto", ("A", "B"), (Series("I år", (4, -2)), Series("I fjol", (3, 1))),
                  kind="bar")
    root = svg_root(chart)
    screen = to_screen(root)
    zero_y = next(y for y, _, width in horizontal_rules(root) if width == "1")
    bars = [rect for rect in root.iter(f"{SVG}rect") if float(rect.get("width")) > 20]
    tops = sorted(screen(0, float(r.get("y")) + float(r.get("height")))[1] for r in bars)
    bottoms = [screen(0, float(r.get("y")))[1] for r in bars]

    assert len(bars) == 4
    assert sum(1 for y in bottoms if y > zero_y + 0.01) == 1  # one bar reaches below zero
    assert tops[-1] == pytest.approx(zero_y)  # and it starts at the zero line


@pytest.mark.parametrize("chart", [
    Chart("Inga scenarier än", YEARS, ()),
    Chart("Inga värden", YEARS, (Series("Tom", (None, None, None, None)),)),
    Chart("Inget alls", (), ()),
], ids=["no-series", "only-gaps", "no-labels"])
def test_empty_chart_still_renders_and_says_so(chart):
    root = svg_root(chart, language="en")
    assert chart.title in texts(root)
    assert "No values to show" in texts(root)
    assert not list(root.iter(f"{SVG}polyline"))


def test_single_year_is_drawn_as_points():
    chart = Chart("Ett år", ("2026",), (Series("A", (5,)), Series("B", (3,))))
    root = svg_root(chart)
    (a,), (b,) = plotted_lines(root)
    assert a[0] == b[0] and a[1] < b[1]
    assert "2026" in texts(root)


def test_many_long_labels_are_shortened_and_stay_inside():
    labels = tuple(f"Utbildningsförvaltningen {n}" for n in range(12))
    chart = Chart("Per förvaltning", labels, (Series("Behov", tuple(range(12))),))
    root = svg_root(chart)
    shown = [text for text in texts(root) if text.startswith("Utbildnings")]
    assert len(shown) == 12 and all(text.endswith("…") for text in shown)
    assert min(x for x, _ in plotted_lines(root)[0]) > 0


def test_many_labels_of_short_words_slant_in_two_lines_uncut():
    labels = tuple(f"Förvaltningen för {n}" for n in range(12))
    chart = Chart("Per förvaltning", labels, (Series("Behov", tuple(range(12))),))
    root = svg_root(chart)
    shown = texts(root)
    # "Förvaltningen för" on one line, the number on the next: nothing cut.
    assert shown.count("Förvaltningen för") == 12 and not any("…" in text for text in shown)
    assert all(str(n) in shown for n in range(12))
    assert min(x for x, _ in plotted_lines(root)[0]) > 0


def test_chart_embeds_in_a_pdf_with_its_swedish_text():
    story = [drawing(CITY_COST, width=CONTENT_WIDTH), drawing(SUPPLIER_CASH, width=CONTENT_WIDTH),
             drawing(Chart("Tomt diagram", YEARS, ()), width=CONTENT_WIDTH)]
    pdf = build_pdf(story, title="Scenarier")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())

    assert "Stadens kumulativa kostnad för åren" in text
    assert "Fyra år + option" in text and "Leverantörens kassaflöde" in text
    assert "Inga värden att visa" in text


def test_table_rows_have_a_header_and_a_formatted_row_per_label():
    assert CITY_COST.table_rows("sv") == [
        ["År", "Två år", "Fyra år + option"],
        ["År 1", f"100{NBSP}000{NBSP}kr", f"150{NBSP}000{NBSP}kr"],
        ["År 2", f"300{NBSP}000{NBSP}kr", "–"],
        ["År 3", f"200{NBSP}000{NBSP}kr", f"250{NBSP}000{NBSP}kr"],
        ["År 4", f"400{NBSP}000{NBSP}kr", f"350{NBSP}000{NBSP}kr"],
    ]
    assert CITY_COST.table_rows("en")[1] == ["År 1", f"SEK{NBSP}100,000", f"SEK{NBSP}150,000"]
    counts = Chart("Behov", ("Utkast",), (Series("Antal", (Decimal("1234.5"),)),))
    assert counts.table_rows("sv") == [["", "Antal"], ["Utkast", f"1{NBSP}234,5"]]


@pytest.mark.parametrize("value, language, money, expected", [
    (1_500_000, "sv", True, f"1,5{NBSP}mn{NBSP}kr"),
    (1_500_000, "en", True, f"SEK{NBSP}1.5m"),
    (250_000, "sv", True, f"250{NBSP}tkr"),
    (250_000, "en", True, f"SEK{NBSP}250k"),
    (999_999, "sv", True, f"1{NBSP}mn{NBSP}kr"),
    (Decimal(-2_100_000_000), "en", True, f"SEK{NBSP}-2.1bn"),
    (Decimal(-2_100_000_000), "sv", True, f"-2,1{NBSP}mdr{NBSP}kr"),
    (950, "sv", True, f"950{NBSP}kr"),
    (25_000, "sv", False, f"25{NBSP}000"),
    (150_000, "sv", False, f"150{NBSP}000"),
    (999_999, "en", True, f"SEK{NBSP}1m"),
    (25_000, "en", False, "25,000"),
    (3_000_000, "en", False, "3m"),
    (0, "sv", True, f"0{NBSP}kr"),
])
def test_compact_number(value, language, money, expected):
    assert compact_number(value, language, money=money) == expected


def test_inconsistent_chart_is_refused():
    with pytest.raises(ValueError, match="3 values for 4 x labels"):
        Chart("Fel", YEARS, (Series("A", (1, 2, 3)),))
    with pytest.raises(ValueError, match="kind"):
        Chart("Fel", YEARS, (), kind="pie")
    with pytest.raises(ValueError, match="chart_id"):
        to_svg(CITY_COST, 'x" onload="alert(1)', "d")


def test_a_title_the_page_already_shows_is_not_drawn_again():
    drawn = svg_root(CITY_COST, "shown", "d")
    heading = svg_root(CITY_COST, "heading", "d", title_shown=True)
    assert CITY_COST.title in texts(drawn)
    assert CITY_COST.title not in texts(heading)
    # The image keeps its name for screen readers.
    assert heading.find(f"{SVG}title").text == CITY_COST.title
    assert heading.get("aria-labelledby") == "heading-title heading-desc"


def test_a_chart_of_noughts_is_said_in_words_on_a_page(app):
    zeros = Chart("PCP-tratten", ("Fas 1", "Fas 2"), (Series("Leverantörer", (0, None)),),
                  kind="bar")
    assert zeros.is_empty and not CITY_COST.is_empty
    assert not Chart("Minus", ("A",), (Series("S", (-1,)),)).is_empty
    chart_svg = app.jinja_env.globals["chart_svg"]
    with app.test_request_context():
        said = str(chart_svg(zeros, "zeros", "sv"))
        drawn = str(chart_svg(CITY_COST, "cost", "sv", title_shown=True))
    assert "<svg" not in said
    assert said == ('<p class="chart-empty">Inget att visa i diagram för det här urvalet: '
                    'alla värden är noll eller saknas.</p>')
    assert drawn.startswith("<svg")


def _transform(text: str) -> tuple[float, ...]:
    """An SVG transform list as one affine matrix (a, b, c, d, e, f)."""
    matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for name, numbers in re.findall(r"(\w+)\(([^)]*)\)", text or ""):
        values = [float(n) for n in re.split(r"[ ,]+", numbers.strip())]
        step = {"matrix": lambda v: tuple(v),
                "translate": lambda v: (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0),
                "scale": lambda v: (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)}[name](values)
        a, b, c, d, e, f = matrix
        a2, b2, c2, d2, e2, f2 = step
        matrix = (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
                  a * e2 + c * f2 + e, b * e2 + d * f2 + f)
    return matrix


def drawn_on_screen(root: ET.Element):
    """Every text (text, screen y of its baseline, font size) and every rectangle (screen
    y of its top edge), with all the transforms around them applied: where the reader
    sees them in the SVG's viewBox (y down, 0 the top edge)."""
    found_texts, rect_tops = [], []

    def visit(element, outer):
        matrix = outer
        if element.get("transform"):
            a, b, c, d, e, f = outer
            a2, b2, c2, d2, e2, f2 = _transform(element.get("transform"))
            matrix = (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
                      a * e2 + c * f2 + e, b * e2 + d * f2 + f)
        a, b, c, d, e, f = matrix
        if element.tag == f"{SVG}text":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            found_texts.append((element.text, b * x + d * y + f,
                                float(element.get("font-size", "9px").removesuffix("px"))))
        elif element.tag == f"{SVG}rect":
            x, y = float(element.get("x")), float(element.get("y"))
            corners = [b * x + d * (y + h) + f for h in (0, float(element.get("height")))]
            rect_tops.append(min(corners))
        for child in element:
            visit(child, matrix)

    visit(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return found_texts, rect_tops


@pytest.mark.parametrize("chart", [
    Chart("Behov per status", ("Utkast", "Godkänd", "Avslutad"),
          (Series("Behov", (4, 8, 10)),), kind="bar", x_title="Status"),
    Chart("Språkanmärkningar", ("2026 K1", "2026 K2", "2026 K3"),
          (Series("Anmärkningar per behov", (Decimal("1.5"), Decimal("0.5"), 2)),),
          kind="line"),
    CITY_COST,
], ids=["bar", "line", "money-with-y-label"])
@pytest.mark.parametrize("title_shown", [True, False])
def test_the_top_of_a_chart_is_inside_its_drawing(chart, title_shown):
    # As the dashboard and the portfolio show their charts: the page gives the title, so
    # the drawing starts with the plot. Its top tick label and tallest bar used to sit on
    # the SVG's top edge, cut in half by the browser.
    root = svg_root(chart, title_shown=title_shown)
    found_texts, rect_tops = drawn_on_screen(root)
    ticks = [(y, size) for text, y, size in found_texts
             if text and re.fullmatch(r"[\d\s\u00a0,.−-]+(mn|tkr|kr|\u00a0)*[\s\u00a0kr]*", text)]
    top_y, size = min(ticks)
    # The digits reach about three quarters of the font size above the baseline.
    assert top_y - 0.75 * size >= 0, f"the top tick label sticks out by {0.75 * size - top_y}"
    assert min(rect_tops, default=2) >= 2, "the tallest bar touches the top edge"
    assert min(y for _text, y, _size in found_texts) - 0.75 * size >= 0
    for line in plotted_lines(root):
        assert min(y for _x, y in line) >= 4, "a marker on the top line sticks out"

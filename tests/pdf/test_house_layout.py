"""Every PDF in the house style, read back with pypdf: the city's identity on every page
and in the metadata, no heading left at a page foot, short tables kept whole, no word
broken inside a table cell, and the dashboard's charts each above their own table."""
from __future__ import annotations

import dataclasses
import io
import re
from datetime import date, timedelta

import pypdf
import pytest
from PIL import Image

from bench.sample_need import sample_need
from procure.charts import Chart, Series
from procure.dialogues.report import PublishedItem
from procure.dialogues.report_pdf import build_consultation_report
from procure.metrics.dashboard import Dashboard, Table
from procure.metrics.dashboard_pdf import build_dashboard_pdf
from procure.needs.document import CpvCode, Outcome
from procure.needs.statement_pdf import build_need_statement
from procure.pdf.style import Identity
from tests.dialogues.test_report_pdf import make_report
from tests.needs.test_statement_pdf import english_need

CITY = "Norrköpings kommun"
CASE = "KS 2026/0417"
LONG_WORD = "Utbildningsförvaltningen"


@pytest.fixture(scope="module")
def logo(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("logo") / "logo.png"
    Image.new("RGB", (120, 60), (31, 58, 95)).save(path)
    return str(path)


@pytest.fixture(scope="module")
def identity(logo) -> Identity:
    return Identity.of(CITY, logo, CASE)


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in read(pdf).pages]


def content_lines(page) -> list[tuple[float, str]]:
    """The page's upright text pieces between header and footer, top first (y, text)."""
    found = []

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        # Upright only (the draft watermark is turned 50°); inside the margins.
        if text.strip() and tm[1] == 0 and cm[1] == 0 and 70 < y < 760:
            found.append((y, " ".join(text.split())))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda item: -item[0])


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


@dataclasses.dataclass
class Line:
    """One line of a page as the reader sees it: its pieces at one height."""

    y: float
    pieces: list[tuple[float, str, bool, float]]  # x, text, bold, font size

    @property
    def text(self) -> str:
        return " ".join(text for _x, text, _bold, _size in sorted(self.pieces))

    @property
    def x(self) -> float:
        return min(x for x, *_rest in self.pieces)

    @property
    def bold(self) -> bool:
        return all(bold for _x, _text, bold, _size in self.pieces)

    @property
    def size(self) -> float:
        return max(size for *_rest, size in self.pieces)

    def is_heading(self, outline: set[str]) -> bool:
        """A heading, a caption or a section's unnumbered subheading ("Resultat och
        rättigheter"): all bold, larger than a table's 9 points."""
        return self.text in outline or (self.bold and self.size >= 10)

    @property
    def is_table_header(self) -> bool:
        return self.bold and round(self.size) == 9


def page_lines(page) -> list[Line]:
    """The page's upright lines between header and footer, top first."""
    lines: dict[float, Line] = {}

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        # The frame runs from 22 mm (62 pt) to 26 mm under the top; the footer's text is
        # at 34 pt, the header's at 799.
        if text.strip() and tm[1] == 0 and cm[1] == 0 and 50 < y < 780:
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            line = lines.setdefault(round(y, 1), Line(round(y, 1), []))
            line.pieces.append((tm[4] * cm[0] + cm[4], " ".join(text.split()), bold,
                                size * tm[3] * cm[3]))

    page.extract_text(visitor_text=visit)
    return sorted(lines.values(), key=lambda line: -line.y)


def _table_rows(lines: list[Line], header: Line) -> int:
    """The rows of the table under ``header`` in ``lines`` (which start just after it):
    the 9-point lines that begin in its first column, up to whatever is not the table."""
    rows = 0
    for line in lines:
        if line.bold or round(line.size) != 9 or line.x < header.x - 1:
            break
        rows += abs(line.x - header.x) <= 1  # not a cell's second line in another column
    return rows


def assert_no_page_ends_with_a_heading(pdf: bytes) -> None:
    """No page ends with a heading; none with a heading and its one-line intro while the
    section goes on overleaf, or a heading and a short intro while the next page starts
    with the section's table; and no table leaves a lone row on either side of a page
    break (its header is repeated on the next page)."""
    reader = read(pdf)
    headings = {" ".join(title.split()) for title in outline_titles(reader.outline)}
    assert headings
    pages = [page_lines(page) for page in reader.pages]
    for number, (lines, following) in enumerate(zip(pages, pages[1:]), start=1):
        assert lines, f"page {number} is empty"
        assert not lines[-1].is_heading(headings), f"page {number} ends with {lines[-1].text!r}"
        last = max((i for i, line in enumerate(lines) if line.is_heading(headings)),
                   default=None)
        overleaf = following[0] if following else None
        if last is not None and overleaf is not None and not overleaf.is_heading(headings):
            after = lines[last + 1:]
            assert not (len(after) == 1 or len(after) == 2 and overleaf.is_table_header), (
                f"page {number} ends with {lines[last].text!r} and its intro "
                f"{' '.join(line.text for line in after)!r}; page {number + 1} goes on with "
                f"{overleaf.text!r}")
        if overleaf is not None and overleaf.is_table_header:
            header = next((i for i in range(len(lines) - 1, -1, -1)
                           if lines[i].text == overleaf.text), None)
            if header is not None:  # the same table, its header repeated overleaf
                before = _table_rows(lines[header + 1:], lines[header])
                rest = _table_rows(following[1:], overleaf)
                assert before >= 2 and rest >= 2, (
                    f"the table {overleaf.text!r} splits leaving {before} row(s) on page "
                    f"{number} and {rest} on page {number + 1}")


def assert_identity_on_every_page(pdf: bytes, case_label: str = f"Dnr {CASE}") -> None:
    for number, text in enumerate(page_texts(pdf), start=1):
        assert CITY in text, f"no city on page {number}"
        assert case_label in text, f"no case number on page {number}"


def sections_that_move_down(base, count: int = 14):
    """The same statement with a background that grows a paragraph at a time, so every
    heading and table after it passes each point of a page foot once."""
    for extra in range(count):
        yield dataclasses.replace(base, background=base.background + "\n\n" + "\n\n".join(
            "Förskolorna lagar mat till 4 200 barn varje dag, och en del blir över." * 2
            for _n in range(extra)))


# --- the city's identity -------------------------------------------------------------

def test_statement_has_the_city_and_case_number_on_every_page_and_in_its_metadata(identity):
    pdf = build_need_statement(dataclasses.replace(sample_need(), identity=identity))
    assert_identity_on_every_page(pdf)
    reader = read(pdf)
    meta = reader.metadata
    assert CITY in meta.author and CASE in meta.title and CASE in meta.subject
    assert CITY in meta["/Keywords"] and CASE in meta["/Keywords"]
    assert "Diarienummer: " + CASE in page_texts(pdf)[0]  # the cover's letterhead
    assert reader.pages[0].images, "the logo is on the cover"


def test_report_and_dashboard_carry_the_identity_too(identity):
    report = build_consultation_report(make_report(identity=identity))
    assert_identity_on_every_page(report)
    assert CITY in read(report).metadata.author
    english = build_consultation_report(make_report(language="en", identity=identity))
    assert_identity_on_every_page(english, f"Case no. {CASE}")
    dashboard = build_dashboard_pdf(sample_dashboard(), "sv", date(2026, 3, 5),
                                    Identity.of(CITY))
    for text in page_texts(dashboard):
        assert CITY in text
    assert CITY in read(dashboard).metadata.author


def test_without_identity_the_documents_are_as_before():
    pdf = build_need_statement(english_need())
    assert "Case no." not in " ".join(page_texts(pdf))
    assert not read(pdf).pages[0].images


def test_a_new_logo_is_new_content_for_the_cache(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (10, 10), (0, 0, 0)).save(path)
    first = Identity.of(CITY, str(path))
    Image.new("RGB", (10, 10), (255, 0, 0)).save(path)
    assert Identity.of(CITY, str(path)) != first
    assert Identity.of(CITY, str(tmp_path / "missing.png")).logo_digest == ""


# --- layout --------------------------------------------------------------------------

def test_no_page_of_a_statement_ends_with_a_heading_wherever_the_sections_fall(identity):
    base = dataclasses.replace(sample_need(), identity=identity)
    for need in sections_that_move_down(base):
        assert_no_page_ends_with_a_heading(build_need_statement(need))


DEMO_NEEDS = ("UTB-2026-002", "AFF-2026-003")


def test_no_page_of_a_demo_statement_strands_a_heading_or_a_table_row(seeded):
    # UTB-2026-002 and AFF-2026-003 had "5 Funktionella krav" and its one-line intro at
    # the foot of page 2 and its table on page 3, "Resultat och rättigheter" with one
    # line at a page foot, and a year table with one row under its header.
    from procure.needs import queries
    from procure.needs.models import Need
    from procure.needs.statement import statement_document
    with seeded.app_context():
        references = dict.fromkeys([*DEMO_NEEDS, *queries.db.session.scalars(
            queries.db.select(Need.reference).order_by(Need.reference))])
        for reference in references:
            pdf = build_need_statement(statement_document(queries.by_reference(reference)))
            try:
                assert_no_page_ends_with_a_heading(pdf)
            except AssertionError as error:
                raise AssertionError(f"{reference}: {error}") from None


def test_a_long_table_starts_under_its_heading_and_splits_with_its_header_repeated():
    from reportlab.platypus import Paragraph

    from procure.pdf.style import build_pdf, heading, stylesheet
    from procure.pdf.tables import make_table
    rows = [["År", "Kostnad"], *([str(n), f"{n * 1000} kr"] for n in range(1, 31))]
    filler = [Paragraph("Text. " * 60, stylesheet()["body"]) for _n in range(5)]
    pdf = build_pdf([*filler, *heading("Kostnad per år"),
                     Paragraph("Kostnaden år för år.", stylesheet()["body"]),
                     make_table(rows)], title="T")
    pages = [page_lines(page) for page in read(pdf).pages]
    first = next(i for i, lines in enumerate(pages)
                 if any(line.text == "Kostnad per år" for line in lines))
    texts = [line.text for line in pages[first]]
    # Not the whole block on the next page: the heading, its intro and the first rows.
    assert texts[texts.index("Kostnad per år") + 2] == "År Kostnad"
    assert pages[first + 1][0].text == "År Kostnad"
    assert_no_page_ends_with_a_heading(pdf)


def test_a_table_never_splits_leaving_one_row_on_either_side():
    from procure.pdf.style import CONTENT_WIDTH
    from procure.pdf.tables import make_table
    rows = [["År", "Kostnad"], *([str(n), f"{n * 1000} kr"] for n in range(1, 13))]
    table = make_table(rows)
    table.wrap(CONTENT_WIDTH, 10_000)
    splits = 0
    for height in range(10, int(table._height) + 10, 2):
        parts = [part for part in table.split(CONTENT_WIDTH, height)
                 if isinstance(part, type(table))]
        if len(parts) == 2:
            splits += 1
            assert [len(part._cellvalues) - 1 for part in parts] != [1, 11], height
            assert min(len(part._cellvalues) - 1 for part in parts) >= 2, height
    assert splits


def test_a_short_table_is_never_split_over_two_pages():
    base = english_need(cpv_additional=(CpvCode("50850000", "Repair of furniture"),
                                        CpvCode("39113000", "Miscellaneous seats and chairs")))
    for need in sections_that_move_down(base, 34):
        pages = page_texts(build_need_statement(need))
        holding = [i for i, text in enumerate(pages) if "39113000" in text or "39100000" in text]
        assert len(set(holding)) == 1, "the CPV table is on one page"
        assert "50850000" in pages[holding[0]]


def test_no_page_of_a_long_report_ends_with_a_heading():
    items = tuple(PublishedItem("answer", date(2026, 3, 2) + timedelta(days=n % 20),
                                f"Fråga nummer {n}?", "Svaret är nej. " * (n % 9 + 1), 7)
                  for n in range(1, 40))
    assert_no_page_ends_with_a_heading(build_consultation_report(make_report(
        published_items=items)))


def test_a_long_word_in_a_narrow_column_is_never_broken():
    outcome = Outcome("Färre portioner kastas", LONG_WORD, LONG_WORD, "Hälften", "2029")
    pdf = build_need_statement(english_need(outcomes=(outcome,) * 3))
    lines = [line for page in read(pdf).pages for line in page.extract_text().splitlines()]
    holding = [line for line in lines if LONG_WORD in line]
    assert len(holding) >= 3, "the word is printed whole on its lines"
    broken = [line for line in lines if re.search(r"(^|\s)Utbild\S*$", line)
              and LONG_WORD not in line]
    assert not broken, broken


def test_a_table_too_wide_for_its_words_is_stacked():
    from reportlab.platypus import Table as RlTable

    from procure.pdf.tables import make_table
    rows = [[f"Rubrik{n}" for n in range(9)], [LONG_WORD] * 9]
    table = make_table(rows)
    flat = table._content[0] if hasattr(table, "_content") else table
    assert isinstance(flat, RlTable) and len(flat._colWidths) == 2


# --- the dashboard -------------------------------------------------------------------

def sample_dashboard() -> Dashboard:
    procedures = ("Öppet förfarande", "Konkurrenspräglad dialog", "Innovationspartnerskap",
                  "Förhandlat förfarande med föregående annonsering")
    return Dashboard(
        "Innovationsupphandling i siffror", "Alla förvaltningar, 2026",
        (), (
            Table("key-figures", "Nyckeltal", ("Mått", "Värde"), (("Behov", 12),)),
            Table("needs-by-status", "Behov per status", ("Status", "Behov"),
                  (("Utkast", 4), ("Godkänd", 8))),
            Table("pcp-funnel", "PCP-tratten", ("Fas", "Leverantörer"),
                  (("Fas 1", 0), ("Fas 2", 0))),
            Table("procedures", "Valda förfaranden", ("Förfarande", "Behov"),
                  tuple((name, n) for n, name in enumerate(procedures, start=1))),
        ), (
            Chart("Behov per status", ("Utkast", "Godkänd"), (Series("Behov", (4, 8)),),
                  kind="bar"),
            Chart("PCP-tratten", ("Fas 1", "Fas 2"), (Series("Leverantörer", (0, 0)),),
                  kind="line"),
            Chart("Valda förfaranden", procedures,
                  (Series("Behov", tuple(range(1, len(procedures) + 1))),), kind="bar"),
        ), "Siffror per 5 mars 2026 kl. 10.00.")


def test_dashboard_prints_each_chart_title_once_directly_above_its_table():
    pdf = build_dashboard_pdf(sample_dashboard(), "sv", date(2026, 3, 5), Identity.of(CITY))
    text = " ".join(page_texts(pdf))
    for title in ("Behov per status", "PCP-tratten", "Valda förfaranden"):
        assert text.count(title) == 1, title
    # The figure, then its own table's header: no other table between them.
    assert re.search(r"Figur 1\. Behov per status .*?Status Behov Utkast 4", text)
    assert re.search(r"Figur 2\. Valda förfaranden .*?Förfarande Behov Öppet förfarande",
                     text)
    assert text.index("Figur 1.") < text.index("Figur 2.")
    # An all-zero series is said in words, not drawn as a flat line.
    assert re.search(r"PCP-tratten Inget att visa i diagram", text)
    assert "Konkurrenspräg…" not in text


def test_dashboard_axis_labels_wrap_instead_of_being_cut():
    chart = sample_dashboard().charts[2]
    drawn = chart.draw(460, 180, "sv")
    from reportlab.graphics.renderPDF import drawToString
    text = " ".join(page.extract_text() for page in read(drawToString(drawn)).pages)
    assert "Konkurrenspräglad" in text and "…" not in text


def test_an_unreadable_logo_prints_no_logo_and_says_why(tmp_path):
    from procure.pdf.style import logo_problem
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not a picture")
    assert "not an image" in logo_problem(str(broken))
    assert "cannot be read" in logo_problem(str(tmp_path / "missing.png"))
    pdf = build_need_statement(english_need(identity=Identity.of(CITY, str(broken))))
    assert CITY in page_texts(pdf)[0] and not read(pdf).pages[0].images
    not_svg = tmp_path / "broken.svg"
    not_svg.write_text("<svg this is not xml")
    assert "not an SVG file svglib can read" in logo_problem(str(not_svg))
    pdf = build_need_statement(english_need(identity=Identity.of(CITY, str(not_svg))))
    assert CITY in page_texts(pdf)[0]


def test_an_svg_logo_is_drawn_as_vectors_on_every_page(tmp_path):
    from procure.pdf.style import logo_problem
    svg = tmp_path / "logo.svg"
    # A red square and a blue bar: colours nothing else in a statement uses.
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                   '<rect x="0" y="0" width="20" height="20" fill="#ff0000"/>'
                   '<rect x="20" y="5" width="20" height="10" fill="#0000ff"/></svg>')
    assert logo_problem(str(svg)) == ""
    pdf = build_need_statement(english_need(identity=Identity.of(CITY, str(svg), CASE)))
    without = build_need_statement(english_need(identity=Identity.of(CITY, "", CASE)))
    pages = read(pdf).pages
    for page in pages:  # the cover's large logo, then the running header's small one
        content = page.get_contents().get_data().decode("latin-1")
        assert re.search(r"\b1 0 0 rg\b", content) and re.search(r"\b0 0 1 rg\b", content)
    plain = read(without).pages[0].get_contents().get_data().decode("latin-1")
    assert not re.search(r"\b1 0 0 rg\b", plain)
    assert CITY in page_texts(pdf)[0] and CASE in page_texts(pdf)[0]

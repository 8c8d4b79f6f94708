"""The dashboard PDF as an officer downloads it, read back with pypdf: the city on every
page, each chart's title once, as a numbered figure directly above its own table."""
import io
import re

from pypdf import PdfReader

from tests.pdf.test_house_layout import assert_no_page_ends_with_a_heading

CITY = "Norrköpings kommun"


def test_the_demo_dashboard_pdf_reads_like_the_citys_own(seeded, login, monkeypatch):
    monkeypatch.setitem(seeded.config, "CITY_NAME", CITY)
    response = login("admin").get("/dashboard.pdf?year=2026")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert all(CITY in text for text in pages)
    assert CITY in reader.metadata.author
    text = " ".join(pages)
    captions = re.findall(r"Figur (\d+)\. ", text)
    assert captions and captions == [str(n) for n in range(1, len(captions) + 1)]
    for title, header in (("Behov per status", "Status Behov"),
                          ("Valda förfaranden", "Förfarande Behov")):
        assert text.count(title) == 1, title
        # The chart's own table follows its caption with no other table in between.
        after = text[text.index(title):]
        assert after.index(header) < min(
            (after.index(other) for other in ("Kvartal", "Fas ", "År med optioner")
             if other in after), default=len(after))
    assert "…" not in text, re.findall(r".{60}….{20}", text)
    assert_no_page_ends_with_a_heading(response.data)


def test_a_key_figure_without_a_value_reads_as_on_the_page(seeded, login):
    # The demo has no idea that became a contract: the median is missing, and the page
    # shows "–". The PDF said "None dagar".
    client = login("admin")
    page = client.get("/dashboard").get_data(as_text=True)
    assert re.search(r"Mediantid i dagar från idé till kontrakt</dt><dd>"
                     r"<span class=\"value\">–<", page)
    reader = PdfReader(io.BytesIO(client.get("/dashboard.pdf").data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "None" not in text, re.findall(r".{60}None.{20}", text)
    assert re.search(r"Mediantid i dagar från idé till kontrakt – Uppföljda", text)


def test_every_missing_value_of_the_key_figures_table_prints_a_dash():
    from datetime import date

    from procure.metrics.dashboard import Dashboard, Table
    from procure.metrics.dashboard_pdf import build_dashboard_pdf
    # As the dashboard gives them: a figure without a value has no unit either.
    rows = (("Median days from draft to approval", None, "", ""),
            ("SMEs among the organisations taking part", None, "", "0 of 0"),
            ("Staff engaged", 5, "people", ""))
    dashboard = Dashboard("Numbers", "All", (), (
        Table("key-figures", "Key figures", ("Figure", "Value", "Unit", "Note"), rows),
        Table("language-findings", "Findings", ("Quarter", "Findings per need"),
              (("2026 Q1", None),))), (), "As of today.")
    reader = PdfReader(io.BytesIO(build_dashboard_pdf(dashboard, "en", date(2026, 3, 5))))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "None" not in text
    assert "approval – SMEs" in text
    assert "taking part – 0 of 0" in text and "Staff engaged 5 people" in text
    assert "2026 Q1 –" in text

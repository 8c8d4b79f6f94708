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

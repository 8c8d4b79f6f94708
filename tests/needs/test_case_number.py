"""The case number (diarienummer) and the city's name: typed once on the need, shown on
its page and web statement, printed on every page of its PDF."""
import io
import re

from pypdf import PdfReader

from tests.needs.conftest import edit_form

CITY = "Norrköpings kommun"


def _basics(client, reference, **changes):
    data = edit_form(client, reference, "basics")
    page = client.get(f"/needs/{reference}/edit/basics").get_data(as_text=True)
    assert 'name="case_number"' in page and "Diarienummer (valfritt)" in page
    officer = re.search(r'<option selected value="(\d+)">', page).group(1)
    data.update(title="Färre fallolyckor i hemtjänsten", language="sv", officer=officer,
                estimated_value_sek="", timeline="", **changes)
    return client.post_form(f"/needs/{reference}/edit/basics", data)


def test_case_number_on_the_need_page_the_statement_and_every_pdf_page(
        make_need, login, seeded, monkeypatch):
    monkeypatch.setitem(seeded.config, "CITY_NAME", CITY)
    reference = make_need()
    client = login("officer")
    assert "Inget angivet." in client.get(f"/needs/{reference}").get_data(as_text=True)
    assert _basics(client, reference, case_number="x" * 51).status_code == 400
    assert _basics(client, reference, case_number="  KS 2026/0417 ").status_code == 303
    page = client.get(f"/needs/{reference}").get_data(as_text=True)
    assert "<dd>KS 2026/0417</dd>" in page
    statement = client.get(f"/needs/{reference}/statement").get_data(as_text=True)
    assert CITY in statement and "KS 2026/0417" in statement
    pdf = PdfReader(io.BytesIO(client.get(f"/needs/{reference}/statement.pdf").data))
    for page in pdf.pages:
        text = " ".join(page.extract_text().split())
        assert CITY in text and "Dnr KS 2026/0417" in text
    assert CITY in pdf.metadata.author and "KS 2026/0417" in pdf.metadata.title
    # A revision like any other field: the comparison names it.
    compare = client.get(f"/needs/{reference}/history/compare?a=1&b=2").get_data(as_text=True)
    assert "<dt>Diarienummer</dt>" in compare

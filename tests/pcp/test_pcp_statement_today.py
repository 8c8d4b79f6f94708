"""The PCP plan's timeline in the need statement is drawn as on the PCP page: a running
phase up to the day the statement is made, with that day marked."""
import io
from datetime import date

from pypdf import PdfReader

from procure.needs.queries import by_reference
from procure.needs.statement import statement_pdf_key
from procure.pcp import pages
from procure.pcp.statement import pcp_plan_section

REF = "AFF-2026-003"  # English; phase 2 began in August 2026 and runs still


def drawn_words(data: bytes) -> list[str]:
    """Every piece of text as drawn (a picture's labels are pieces of their own)."""
    pieces = []
    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=lambda text, *_args: pieces.append(text.strip()))
    return pieces


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_the_statement_draws_a_running_phase_up_to_today_as_the_pcp_page_does(
        seeded, login, monkeypatch):
    monkeypatch.setattr(pages, "city_today", lambda: date(2026, 11, 16))
    client = login("officer")
    page = client.get(f"/needs/{REF}/pcp").get_data(as_text=True)
    assert ">Idag</text>" in page  # the page (in Swedish) marks today on its timeline
    pdf = client.get(f"/needs/{REF}/statement.pdf").data
    assert "Ongoing (drawn up to today)" in pdf_text(pdf)  # the legend's promise ...
    # ... kept: the timeline's own "Today" label over the line at today.
    assert "Today" in drawn_words(pdf), "the statement's timeline has no today"
    with seeded.app_context():
        need = by_reference(REF)
        (timeline, _funnel) = pcp_plan_section(need).charts
        assert timeline.today == date(2026, 11, 16)
        given = pcp_plan_section(need, today=date(2026, 9, 1)).charts[0]
        assert given.today == date(2026, 9, 1)


def test_a_statement_with_a_pcp_plan_is_made_anew_the_next_day(seeded, monkeypatch):
    with seeded.app_context():
        keys = {}
        for day in (date(2026, 11, 16), date(2026, 11, 17)):
            monkeypatch.setattr(pages, "city_today", lambda day=day: day)
            keys[day] = (statement_pdf_key(by_reference(REF)),
                         statement_pdf_key(by_reference("TRF-2026-001")))
        (with_plan, without), (next_with, next_without) = keys.values()
        assert with_plan != next_with  # its timeline is drawn up to another day
        assert without == next_without  # no plan: yesterday's PDF is still right

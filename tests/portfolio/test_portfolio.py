"""The portfolio: every initiative by stage, with owner, age, resources and risk;
filters, a CSV file and the funnel pictures with their tables."""
from datetime import datetime, timezone

import pytest

from procure.extensions import db
from procure.portfolio.stages import need_stage


@pytest.mark.parametrize("status, extra, expected", [
    ("draft", {}, "need"), ("approved", {}, "need"), ("in_dialogue", {}, "dialogue"),
    ("in_procurement", {}, "tender"), ("in_procurement", {"has_pcp": True}, "pcp"),
    ("contracted", {}, "contract"), ("contracted", {"measured": True}, "follow_up"),
    ("closed", {"decision": "scaled"}, "scaled"), ("closed", {"decision": "stopped"}, "stopped"),
    ("closed", {"decision": "continued"}, "follow_up"), ("withdrawn", {}, "stopped")])
def test_stages(status, extra, expected):
    values = {"has_pcp": False, "measured": False, "decision": None, **extra}
    assert need_stage(status, **values) == expected


def test_the_portfolio_shows_every_initiative_by_stage(seeded, client, login):
    client.post_form("/ideas/new", {"title": "Is vid hållplatser", "problem": "Halt.",
                                    "department": ""})
    officer = login("officer")
    with officer.session_transaction() as session:
        session["lang"] = "en"
    assert officer.post_form("/needs/UTB-2026-001/resources", {
        "budget_planned_sek": "500000", "budget_used_sek": "120000", "hours_planned": "400",
        "hours_used": "90"}).status_code == 303
    page = officer.get("/portfolio").get_data(as_text=True)
    for text in ("UTB-2026-001", "Is vid hållplatser", "Market dialogue", "Idea", "<svg",
                 "The figures of the chart", "400 / 90"):
        assert text in page, text
    only_ideas = officer.get("/portfolio?stage=idea").get_data(as_text=True)
    assert "Is vid hållplatser" in only_ideas and "UTB-2026-001" not in only_ideas
    csv = officer.get("/portfolio.csv?stage=dialogue")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert "UTB-2026-001" in text and "500000;120000;400;90" in text


def test_resources_are_whole_numbers_not_negative(seeded, login):
    officer = login("officer")
    response = officer.post_form("/needs/UTB-2026-001/resources", {
        "budget_planned_sek": "-5", "budget_used_sek": "0", "hours_planned": "x",
        "hours_used": "0"})
    assert response.status_code == 400


def _chart_rows(page: str, key: str) -> dict[str, str]:
    """The rows of a chart's table on the page: stage → the figure."""
    import re
    start = page.index(f'id="{key}-caption"')
    body = page[start:page.index("</table>", start)]
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', body))


def test_the_year_and_cpv_filters_apply_to_the_page_the_csv_and_the_chart(seeded, client,
                                                                         login):
    from procure.departments.models import Department
    from procure.needs.models import Need
    from procure.needs.services import create_need
    from tests.conftest import user_by_role

    client.post_form("/ideas/new", {"title": "Is vid hållplatser", "problem": "Halt.",
                                    "department": ""})
    with seeded.app_context():
        officer = user_by_role("officer")
        department = db.session.execute(db.select(Department).filter_by(code="UTB")).scalar_one()
        older = create_need(title="Gammalt bygge", department=department, officer=officer,
                            language="sv", actor=officer, year=2019)
        older.cpv_main, older.cpv_division = "45000000-7", "45"
        db.session.commit()
        reference = older.reference
        others = db.session.execute(db.select(db.func.count(Need.id)).where(
            Need.year == 2019)).scalar_one()
    assert others == 1
    officer = login("officer")
    with officer.session_transaction() as session:
        session["lang"] = "en"
    everything = officer.get("/portfolio").get_data(as_text=True)
    assert reference in everything and "UTB-2026-001" in everything
    page = officer.get("/portfolio?year=2019").get_data(as_text=True)
    assert '<option value="2019" selected>' in page
    assert reference in page and "UTB-2026-001" not in page
    assert "Is vid hållplatser" not in page  # the idea came in this year, not in 2019
    assert "1 initiatives" in page
    assert _chart_rows(page, "portfolio-chart-1")["Need"] == "1"
    assert _chart_rows(page, "portfolio-chart-1")["Idea"] == "0"
    assert "year=2019" in page[page.index("/portfolio.csv"):][:200]
    by_division = officer.get("/portfolio?division=45").get_data(as_text=True)
    assert reference in by_division and "UTB-2026-001" not in by_division
    assert "Is vid hållplatser" not in by_division and "only needs are listed" in by_division
    csv = officer.get("/portfolio.csv?year=2019&division=45").data.decode("utf-8-sig")
    assert reference in csv and "UTB-2026-001" not in csv and len(csv.strip().splitlines()) == 2
    this_year = officer.get("/portfolio?year=2026").get_data(as_text=True)
    assert "Is vid hållplatser" in this_year and reference not in this_year
    ideas = _chart_rows(everything, "portfolio-chart-1")["Idea"]
    assert int(ideas) >= 1 and _chart_rows(this_year, "portfolio-chart-1")["Idea"] == ideas
    # Nonsense is no filter, never an error.
    assert officer.get("/portfolio?year=x&division=4a").status_code == 200

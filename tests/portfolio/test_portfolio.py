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

"""Follow-up after the contract: numeric targets, measurements refused outside the
unit or before the contract, standings, the chart with its table, and the closing
decision; the closed case is published in the public case library."""
from datetime import date
from decimal import Decimal

import pytest

from procure.extensions import db
from procure.followup.models import ImplementationDecision, Measurement
from procure.followup.progress import Point, standing
from procure.followup.units import fits
from procure.needs.models import Need, NeedOutcome

NEED = "UTB-2026-001"  # in market dialogue in the demo data, with desired outcomes
FOLLOW_UP = f"/needs/{NEED}/follow-up"


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _outcomes(app) -> list[int]:
    with app.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=NEED)).scalar_one()
        return [o.id for o in need.outcomes]


def _status(app) -> str:
    with app.app_context():
        return db.session.execute(db.select(Need.status).filter_by(reference=NEED)).scalar_one()


def _contracted(app, officer):
    assert officer.post_form(f"/needs/{NEED}/tender", {
        "source": "ted", "notice_reference": "654321-2026",
        "notice_url": "https://ted.europa.eu/sv/notice/-/detail/654321-2026",
        "procedure": "open", "published_on": "2026-01-10",
        "deadline_on": "2026-02-15"}).status_code == 303
    assert officer.post_form(f"/needs/{NEED}/award", {
        "winners-0-name": "Hållbar Mat i Norden AB", "winners-0-identifier": "556677-8899",
        "amount_sek": "1250000", "signed_on": "2026-03-01", "starts_on": "2026-03-01",
        "ends_on": "2028-02-28"}).status_code == 303
    assert _status(app) == "contracted"


def _target(officer, outcome_id, unit="percent", baseline="30", target="15",
            target_on="2027-06-30"):
    prefix = f"o{outcome_id}-"
    return officer.post_form(f"{FOLLOW_UP}/outcomes/{outcome_id}/target", {
        prefix + "unit": unit, prefix + "baseline_value": baseline,
        prefix + "target_value": target, prefix + "target_on": target_on})


def _measure(officer, outcome_id, on, value, source="Köksystemets månadsrapport"):
    return officer.post_form(f"{FOLLOW_UP}/measurements", {
        "outcome": str(outcome_id), "measured_on": on, "value": value, "source": source,
        "comment": ""})


@pytest.mark.parametrize("unit, value, ok", [
    ("percent", "100", True), ("percent", "100.5", False), ("percent", "-1", False),
    ("count", "3", True), ("count", "2.5", False), ("score_1_5", "0", False),
    ("sek", "12.50", True)])
def test_values_fit_their_unit(unit, value, ok):
    assert fits(unit, Decimal(value)) is ok


@pytest.mark.parametrize("points, today, expected", [
    ([], date(2027, 1, 1), "not_measured"),
    ([], date(2027, 7, 1), "missed"),
    ([(date(2026, 9, 1), "14")], date(2026, 9, 2), "met"),
    ([(date(2026, 9, 1), "24")], date(2026, 9, 2), "on_track"),  # the line is at 24.3 then
    ([(date(2026, 9, 1), "29")], date(2026, 9, 2), "behind"),
    ([(date(2027, 6, 1), "20")], date(2027, 7, 1), "missed"),
    ([(date(2027, 6, 1), "20"), (date(2026, 4, 1), "10")], date(2027, 6, 2), "behind"),
])
def test_standing_of_a_decreasing_target(points, today, expected):
    measured = [Point(on, Decimal(v)) for on, v in points]
    assert standing(Decimal(30), Decimal(15), date(2027, 6, 30), date(2026, 3, 1),
                    measured, today) == expected


def test_an_increasing_target_is_met_at_or_above_it():
    assert standing(Decimal(2), Decimal(4), date(2027, 1, 1), date(2026, 1, 1),
                    [Point(date(2026, 6, 1), Decimal(4))], date(2026, 6, 2)) == "met"


def test_measurements_standings_and_the_chart(seeded, login):
    officer = login("officer")
    _english(officer)
    _contracted(seeded, officer)
    first, second = _outcomes(seeded)[:2]
    assert _target(officer, first).status_code == 303
    assert _target(officer, second, unit="score_1_5", baseline="3", target="4").status_code == 303
    assert _measure(officer, first, "2026-06-01", "20").status_code == 303
    assert _measure(officer, first, "2026-09-01", "14,5").status_code == 303
    assert _measure(officer, second, "2026-09-01", "3.2").status_code == 303
    page = officer.get(FOLLOW_UP).get_data(as_text=True)
    assert "Met" in page  # 14.5 % waste against 15 %
    assert "<svg" in page and "The figures of the chart" in page
    assert "14.5" in page and "Köksystemets månadsrapport" in page


@pytest.mark.parametrize("on, value, message", [
    ("2026-02-01", "20", "That date is before the contract was signed."),
    ("2026-06-01", "120", "outside what the indicator"),
    ("2099-01-01", "20", "That date has not come yet."),
    ("2026-06-01", "", "Give a number"),
])
def test_a_bad_measurement_is_refused(seeded, login, on, value, message):
    officer = login("officer")
    _english(officer)
    _contracted(seeded, officer)
    first = _outcomes(seeded)[0]
    _target(officer, first)
    response = _measure(officer, first, on, value)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count(Measurement.id)).where(
            Measurement.outcome_id.in_(_outcomes(seeded)))).scalar_one() == 0


def test_a_target_outside_its_unit_is_refused(seeded, login):
    officer = login("officer")
    _english(officer)
    first = _outcomes(seeded)[0]
    response = _target(officer, first, baseline="130")
    assert response.status_code == 400
    assert "outside what the indicator" in response.get_data(as_text=True)


def test_no_measurement_before_the_contract_exists(seeded, login):
    officer = login("officer")
    first = _outcomes(seeded)[0]
    assert _target(officer, first).status_code == 303  # targets may come first
    assert _measure(officer, first, "2026-06-01", "20").status_code == 400


def test_closing_as_scaled_and_publishing_the_case(seeded, login, make_client):
    officer = login("officer")
    _english(officer)
    _contracted(seeded, officer)
    first = _outcomes(seeded)[0]
    _target(officer, first)
    _measure(officer, first, "2026-09-01", "14")
    decision = f"{FOLLOW_UP}/decision"
    refused = officer.post_form(decision, {"decision": "scaled", "scale_count": "",
                                           "scale_unit": "", "lessons": "Mät tidigt.",
                                           "decided_on": "2026-10-01"})
    assert refused.status_code == 400 and "Say to how many" in refused.get_data(as_text=True)
    assert officer.post_form(decision, {
        "decision": "scaled", "scale_count": "120", "scale_unit": "sites",
        "lessons": "Mät tidigt.\n\nVåga skala.", "decided_on": "2026-10-01"}).status_code == 303
    assert _status(seeded) == "closed"
    public = make_client()
    assert public.get(f"/cases/{NEED}").status_code == 404  # not published yet
    assert "Mindre matsvinn" not in public.get("/cases/").get_data(as_text=True)
    assert officer.post_form(f"{FOLLOW_UP}/publication", {"publish": "1"}).status_code == 303
    listing = public.get("/cases/").get_data(as_text=True)
    assert "Mindre matsvinn i förskolornas kök" in listing
    case = public.get(f"/cases/{NEED}").get_data(as_text=True)
    for text in ("Hållbar Mat i Norden AB", "Våga skala.", "120", "Uppfyllt"):
        assert text in case
    assert officer.post_form(f"{FOLLOW_UP}/publication", {"publish": "0"}).status_code == 303
    assert public.get(f"/cases/{NEED}").status_code == 404


def test_the_need_page_step_leads_to_the_decision(seeded, login):
    officer = login("officer")
    _contracted(seeded, officer)
    response = officer.post_form(f"/needs/{NEED}/status", {"target": "closed"})
    assert response.headers["Location"].endswith(f"{FOLLOW_UP}/decision")
    assert _status(seeded) == "contracted"


def test_the_dialogue_list_links_to_the_case_library(seeded, client):
    assert 'href="/cases/"' in client.get("/dialogues/").get_data(as_text=True)


def test_measurements_due_are_listed_for_the_responsible_officer(seeded, login):
    from datetime import timedelta

    from procure.followup.services import MEASURE_EVERY_DAYS, due_measurements
    from tests.conftest import user_by_role

    officer = login("officer")
    _contracted(seeded, officer)  # signed 2026-03-01
    first, second = _outcomes(seeded)[:2]
    _target(officer, first)
    _target(officer, second)
    _measure(officer, second, "2026-09-01", "20")
    with seeded.app_context():
        user = user_by_role("officer")
        signed = date(2026, 3, 1)
        assert due_measurements(user, on=signed + timedelta(days=MEASURE_EVERY_DAYS - 1)) == []
        due = due_measurements(user, on=date(2026, 11, 1))
        assert [(d.need.reference, d.outcome.id) for d in due] == [(NEED, first)]
        later = due_measurements(user, on=date(2026, 12, 1))  # 91 days after 1 September
        assert [d.outcome.id for d in later] == [first, second]
        assert due_measurements(user_by_role("other_officer"), on=date(2026, 12, 1)) == []

"""A need's risks: scored on the 5 × 5 matrix, owned, reviewed by a date; the ones past
their date are listed for their owner (overdue_risks, for the start page)."""
from datetime import date

import pytest

from procure.extensions import db
from procure.needs.queries import by_reference
from procure.risks import services
from procure.risks.models import Risk
from procure.risks.scoring import level, score
from tests.conftest import ACCOUNTS, user_by_role

NEED = "/needs/UTB-2026-001/risks"


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _form(app, **changes):
    with app.app_context():
        owner = user_by_role("officer").id
    return {"description": "Ingen leverantör svarar på förfrågan.", "likelihood": "3",
            "impact": "5", "owner": str(owner), "mitigation": "Marknadsdialog först.",
            "status": "open", "review_on": "2027-03-01", **changes}


@pytest.mark.parametrize("likelihood, impact, expected", [
    (1, 1, "low"), (1, 7 // 7, "low"), (2, 3, "low"), (2, 4, "medium"), (3, 4, "medium"),
    (3, 5, "high"), (5, 5, "high")])
def test_levels_on_the_matrix(likelihood, impact, expected):
    assert level(likelihood, impact) == expected
    assert score(likelihood, impact) == likelihood * impact


def test_scale_outside_1_to_5_is_an_error():
    with pytest.raises(ValueError):
        score(0, 3)


def test_an_officer_adds_and_updates_a_risk(seeded, login):
    officer = login("officer")
    _english(officer)
    assert officer.post_form(NEED, _form(seeded)).status_code == 303
    page = officer.get(NEED).get_data(as_text=True)
    assert "Ingen leverantör svarar" in page and "High (15)" in page
    with seeded.app_context():
        risk_id = db.session.execute(db.select(Risk.id)).scalar_one()
    response = officer.post_form(f"{NEED}/{risk_id}/edit", _form(seeded, status="closed",
                                                                 likelihood="1"))
    assert response.status_code == 303
    with seeded.app_context():
        risk = db.session.get(Risk, risk_id)
        assert (risk.status, risk.score) == ("closed", 5)


@pytest.mark.parametrize("changes, message", [
    ({"likelihood": "6"}, "Not a valid choice"),
    ({"impact": ""}, "Choose a value from 1 to 5."),
    ({"description": "   "}, "Please fill in this field."),
    ({"review_on": ""}, "Give a date, for example 2027-03-15."),
    ({"review_on": "9999-01-01"}, "Give a date between the years 2000 and 2100."),
])
def test_bad_risks_are_refused_with_the_input_kept(seeded, login, changes, message):
    officer = login("officer")
    _english(officer)
    response = officer.post_form(NEED, _form(seeded, **changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and "Marknadsdialog först." in page
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count(Risk.id))).scalar_one() == 0


def test_a_supplier_cannot_own_a_risk(seeded, login):
    with seeded.app_context():
        supplier = user_by_role("supplier").id
    response = login("officer").post_form(NEED, _form(seeded, owner=str(supplier)))
    assert response.status_code == 400


def test_officers_of_other_departments_read_but_do_not_change(seeded, make_client):
    other = make_client("other_officer")
    assert other.get(NEED).status_code == 200
    assert "Add a risk" not in other.get(NEED).get_data(as_text=True)
    assert other.post_form(NEED, _form(seeded)).status_code == 403


def test_overdue_risks_are_listed_for_their_owner_only(seeded):
    with seeded.app_context():
        officer, reviewer = user_by_role("officer"), user_by_role("reviewer")
        need = by_reference("UTB-2026-001")

        def add(owner, review_on, status="open", text="Risk"):
            return services.add_risk(need, services.RiskInput(
                description=text, likelihood=2, impact=2, owner_id=owner.id, mitigation="",
                status=status, review_on=review_on), officer)

        add(officer, date(2026, 11, 1), text="Förfallen")
        add(officer, date(2026, 10, 1), text="Äldre förfallen")
        add(officer, date(2026, 12, 7), text="I dag")  # due today: not yet overdue
        add(officer, date(2026, 1, 1), status="closed", text="Stängd")
        add(reviewer, date(2026, 1, 1), text="Någon annans")
        db.session.commit()
        overdue = services.overdue_risks(officer, today=date(2026, 12, 7))
        assert [r.description for r in overdue] == ["Äldre förfallen", "Förfallen"]
        assert overdue[0].need.reference == "UTB-2026-001"
        assert services.overdue_risks(user_by_role("supplier"), today=date(2026, 12, 7)) == []


def test_the_register_marks_an_overdue_review(seeded, login):
    officer = login("officer")
    _english(officer)
    officer.post_form(NEED, _form(seeded, review_on="2020-01-01"))
    assert "(review overdue)" in officer.get(NEED).get_data(as_text=True)
    assert ACCOUNTS["officer"]

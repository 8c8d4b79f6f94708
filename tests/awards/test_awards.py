"""Tender and award: taken as the need's lifecycle steps, each with its record; the
organisation numbers of winners checked as at registration."""
import pytest

from procure.awards.models import Award, Tender
from procure.extensions import db
from procure.needs.models import Need
from procure.suppliers.models import SupplierOrganisation

NEED = "UTB-2026-001"  # in market dialogue in the demo data
TENDER = {"source": "ted", "notice_reference": "654321-2026",
          "notice_url": "https://ted.europa.eu/sv/notice/-/detail/654321-2026",
          "procedure": "open", "published_on": "2026-12-01", "deadline_on": "2027-01-15",
          "comment": "Annonserad."}


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _status(app, reference=NEED) -> str:
    with app.app_context():
        return db.session.execute(db.select(Need.status).filter_by(reference=reference)).scalar_one()


def _award_form(app, **changes):
    with app.app_context():
        registered = db.session.execute(db.select(SupplierOrganisation.id).filter_by(
            identifier="559214-4314")).scalar_one()
    form = {"winners-0-organisation": str(registered), "winners-0-name": "",
            "winners-0-identifier": "", "winners-1-organisation": "",
            "winners-1-name": "Hållbar Mat i Norden AB", "winners-1-identifier": "556677-8899",
            "winners-2-organisation": "", "winners-2-name": "", "winners-2-identifier": "",
            "amount_sek": "1 250 000,50", "signed_on": "2027-02-10", "starts_on": "2027-03-01",
            "ends_on": "2029-02-28", "options": "Två förlängningar om ett år.",
            "options_until": "2031-02-28", "comment": ""}
    form.update(changes)
    return form


def _of_need(model):
    """The test need's rows of ``model`` (the demo has a closed pilot with its own)."""
    return db.select(model).join(Need, Need.id == model.need_id).where(Need.reference == NEED)


def _tendered(app, officer):
    assert officer.post_form(f"/needs/{NEED}/tender", TENDER).status_code == 303
    assert _status(app) == "in_procurement"


def test_the_status_step_leads_to_the_tender_form(seeded, login):
    officer = login("officer")
    _english(officer)
    page = officer.get(f"/needs/{NEED}").get_data(as_text=True)
    assert f'href="/needs/{NEED}/tender"' in page
    response = officer.post_form(f"/needs/{NEED}/status", {"target": "in_procurement"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/needs/{NEED}/tender")
    assert _status(seeded) == "in_dialogue"  # nothing moved without the tender


def test_recording_the_tender_moves_the_need_into_procurement(seeded, login):
    officer = login("officer")
    _tendered(seeded, officer)
    with seeded.app_context():
        tender = db.session.execute(_of_need(Tender)).scalar_one()
        assert (tender.notice_reference, tender.procedure) == ("654321-2026", "open")
        need = db.session.execute(db.select(Need).filter_by(reference=NEED)).scalar_one()
        assert need.status_changes[-1].comment == "Annonserad."
    page = officer.get(f"/needs/{NEED}").get_data(as_text=True)
    assert "654321-2026" in page and 'href="https://ted.europa.eu/' in page


@pytest.mark.parametrize("changes, message", [
    ({"notice_reference": "TED 12"}, "A TED publication number looks like 123456-2026."),
    ({"notice_url": "javascript:alert(1)"}, "Give the whole address of the notice"),
    ({"deadline_on": "2026-11-01"}, "The deadline comes on or after the publication date."),
    ({"source": "none"}, "Only a direct award goes without a notice."),
    ({"published_on": "2026-13-01"}, "Not a valid date value."),
])
def test_a_bad_tender_is_refused_and_the_need_stays(seeded, login, changes, message):
    officer = login("officer")
    _english(officer)
    response = officer.post_form(f"/needs/{NEED}/tender", {**TENDER, **changes})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _status(seeded) == "in_dialogue"


def test_a_direct_award_needs_no_notice(seeded, login):
    officer = login("officer")
    response = officer.post_form(f"/needs/{NEED}/tender", {
        "source": "none", "procedure": "direct_award", "notice_reference": "",
        "notice_url": "", "published_on": "", "deadline_on": ""})
    assert response.status_code == 303 and _status(seeded) == "in_procurement"


def test_recording_the_award_makes_the_need_contracted(seeded, login):
    officer = login("officer")
    _english(officer)
    _tendered(seeded, officer)
    response = officer.post_form(f"/needs/{NEED}/award", _award_form(seeded))
    assert response.status_code == 303, response.get_data(as_text=True)
    assert _status(seeded) == "contracted"
    with seeded.app_context():
        award = db.session.execute(_of_need(Award)).scalar_one()
        assert str(award.amount_sek) == "1250000.50"
        names = [(s.display_name, s.display_identifier) for s in award.suppliers]
        assert names == [("Kökssvinn Analys AB", "559214-4314"),
                         ("Hållbar Mat i Norden AB", "556677-8899")]
    page = officer.get(f"/needs/{NEED}").get_data(as_text=True)
    assert "Hållbar Mat i Norden AB" in page and "Kökssvinn Analys AB" in page
    # Correcting the award changes the record, not the status.
    again = officer.post_form(f"/needs/{NEED}/award", _award_form(
        seeded, **{"winners-1-name": "", "winners-1-identifier": ""}))
    assert again.status_code == 303
    with seeded.app_context():
        assert len(db.session.execute(_of_need(Award)).scalar_one().suppliers) == 1


@pytest.mark.parametrize("changes, message", [
    ({"winners-1-identifier": "556677-8898"}, "The last digit does not match"),
    ({"winners-1-identifier": "811218-9876"}, "This looks like a personal identity number"),
    ({"winners-1-identifier": "DE136695977"}, "check digits do not match"),
    ({"winners-1-name": ""}, "Give the organisation's name too."),
    ({"winners-0-organisation": "", "winners-1-name": "", "winners-1-identifier": ""},
     "Name at least one winning organisation."),
    ({"ends_on": "2027-01-01"}, "The contract ends after it starts."),
    ({"signed_on": "2026-11-01"}, "The contract cannot be signed before the tender"),
    ({"amount_sek": "0"}, "Give the amount in kronor"),
    ({"options_until": "2028-01-01"}, "With options the contract ends no earlier"),
])
def test_a_bad_award_is_refused_with_the_reason(seeded, login, changes, message):
    officer = login("officer")
    _english(officer)
    _tendered(seeded, officer)
    response = officer.post_form(f"/needs/{NEED}/award", _award_form(seeded, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _status(seeded) == "in_procurement"
    with seeded.app_context():
        assert db.session.execute(_of_need(Award)).first() is None


def test_the_award_waits_for_the_tender(seeded, login):
    officer = login("officer")
    response = officer.get(f"/needs/{NEED}/award")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/needs/{NEED}")
    assert officer.post_form(f"/needs/{NEED}/award", _award_form(seeded)).status_code == 303
    assert _status(seeded) == "in_dialogue"


def test_other_departments_cannot_record(seeded, make_client):
    other = make_client("other_officer")
    assert other.post_form(f"/needs/{NEED}/tender", TENDER).status_code == 403
    assert _status(seeded) == "in_dialogue"

"""Registration asks for the company's CPV interests (optional), so alerts work from the
first day."""
import pytest

from procure.extensions import db
from procure.suppliers.models import SupplierOrganisation
from tests.suppliers.registering import MAIL, register_and_confirm, registration


def _interests(app, identifier="556036-0793"):
    with app.app_context():
        org = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier=identifier)).scalar_one()
        return sorted(interest.code for interest in org.interests)


def test_the_registration_form_offers_the_interests(seeded, client):
    html = client.get("/suppliers/register").get_data(as_text=True)
    assert "Intressen (frivilligt)" in html and 'name="divisions"' in html


@pytest.mark.parametrize("app_config", [MAIL])
def test_interests_given_at_registration_are_the_companys(seeded, client, app_config):
    data = registration()
    data["divisions"] = ["55000000-0"]
    data["codes"] = "55523100-3"
    assert register_and_confirm(seeded, client, data).status_code == 303
    assert _interests(seeded) == ["55000000-0", "55523100-3"]


@pytest.mark.parametrize("app_config", [MAIL])
def test_no_interests_is_fine(seeded, client, app_config):
    assert register_and_confirm(seeded, client).status_code == 303
    assert _interests(seeded) == []


def test_an_unknown_code_is_refused_with_input_kept(seeded, client):
    response = client.post_form("/suppliers/register", registration(codes="99999999-9"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Finns inte i CPV-listan" in html or "99999999-9" in html
    with seeded.app_context():
        assert db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556036-0793")).scalar_one_or_none() is None

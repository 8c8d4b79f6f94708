"""A company registers itself; colleagues join it once confirmed."""
import pytest

from procure.auth.models import User
from procure.extensions import db
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import ACCOUNTS

from tests.suppliers.registering import (
    PASSWORD,
    confirm,
    mails_to,
    register,
    register_and_confirm,
    registration,
    verification_path,
)


def test_a_company_registers_and_is_signed_in(seeded, client):
    response = register_and_confirm(seeded, client)
    assert response.status_code == 303
    page = client.get("/suppliers/organisation").get_data(as_text=True)
    assert "Grönska Innovation AB" in page and "556036-0793" in page
    assert "SE556036079301" in page
    with seeded.app_context():
        org = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556036-0793")).scalar_one()
        assert org.size == "small" and org.country == "SE"
        assert org.members[0].membership == "confirmed"


@pytest.mark.parametrize("number, message", [
    ("556036-0794", "Sista siffran stämmer inte"),
    ("811218-9876", "Det här ser ut som ett personnummer"),
    ("12345", "Ett organisationsnummer har tio siffror"),
    ("", "Ange företagets organisationsnummer."),
])
def test_invalid_org_numbers_are_refused_with_input_kept(seeded, client, number, message):
    response = client.post_form("/suppliers/register", registration(org_number=number))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Grönska Innovation AB" in html and "ylva@gronska.example" in html
    assert PASSWORD not in html  # passwords are never sent back


def test_foreign_company_registers_with_a_vat_number(seeded, client):
    response = register_and_confirm(seeded, client, registration(
        country_kind="eu", org_number="", vat_number="DE136695976"))
    assert response.status_code == 303
    with seeded.app_context():
        org = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="DE136695976")).scalar_one()
        assert org.country == "DE"


def test_foreign_company_with_bad_vat_number(seeded, client):
    response = client.post_form("/suppliers/register", registration(
        country_kind="eu", vat_number="DE136695977"))
    assert response.status_code == 400
    assert "kontrollsiffror" in response.get_data(as_text=True)


def test_second_user_of_a_company_waits_for_a_member(seeded, client, make_client):
    # Kökssvinn Analys AB (559214-4314) is already registered by the demo supplier.
    response = register_and_confirm(seeded, client, registration(
        org_number="559214-4314", company_name="Kökssvinn", email="new@kokssvinn.example"))
    assert response.status_code == 303
    page = client.get("/suppliers/organisation").get_data(as_text=True)
    assert "har ännu inte bekräftat" in page
    with seeded.app_context():
        count = db.session.execute(db.select(db.func.count()).select_from(SupplierOrganisation)
                                   .filter_by(identifier="559214-4314")).scalar_one()
        assert count == 1  # one organisation number is one organisation
        newcomer = db.session.execute(db.select(User).filter_by(
            email="new@kokssvinn.example")).scalar_one()
        newcomer_id = newcomer.id

    member = make_client("supplier")
    assert "new@kokssvinn.example" in member.get("/suppliers/organisation").get_data(as_text=True)
    response = member.post_form(f"/suppliers/members/{newcomer_id}/decision",
                                {"decision": "confirmed"})
    assert response.status_code == 303
    with seeded.app_context():
        assert db.session.get(User, newcomer_id).membership == "confirmed"


def test_a_supplier_cannot_decide_on_another_companys_people(seeded, make_client):
    with seeded.app_context():
        pending_id = db.session.execute(db.select(User.id).filter_by(
            email=ACCOUNTS["pending_supplier"])).scalar_one()
    outsider = make_client("other_supplier")
    response = outsider.post_form(f"/suppliers/members/{pending_id}/decision",
                                  {"decision": "confirmed"})
    assert response.status_code == 404


def test_a_pending_member_cannot_edit_the_company(seeded, make_client):
    pending = make_client("pending_supplier")
    assert pending.get("/suppliers/organisation").status_code == 200
    assert pending.get("/suppliers/organisation/edit").status_code == 403


def test_admin_confirms_a_pending_member(seeded, make_client):
    with seeded.app_context():
        pending_id = db.session.execute(db.select(User.id).filter_by(
            email=ACCOUNTS["pending_supplier"])).scalar_one()
    admin = make_client("admin")
    assert "Nils Åberg" in admin.get("/admin/users").get_data(as_text=True)
    assert admin.post_form(f"/admin/members/{pending_id}/decision",
                           {"decision": "rejected"}).status_code == 303
    with seeded.app_context():
        assert db.session.get(User, pending_id).membership == "rejected"
    # A decision is final.
    assert admin.post_form(f"/admin/members/{pending_id}/decision",
                           {"decision": "confirmed"}).status_code == 400


def test_member_edits_company_details(login, seeded):
    client = login("supplier")
    response = client.post_form("/suppliers/organisation/edit",
                                {"company_name": "Kökssvinn Analys i Sverige AB", "size": "small"})
    assert response.status_code == 303
    assert "Kökssvinn Analys i Sverige AB" in client.get("/suppliers/organisation").get_data(as_text=True)

"""A colleague who joins a registered company sees what they wait for and who can confirm
them; those who can are told by mail and on their start page."""
from procure.auth.models import User
from procure.extensions import db
from tests.conftest import ACCOUNTS
from tests.suppliers.registering import mails_to, register_and_confirm, registration

JOINER = "bo@kokssvinn.example"


def _join_kokssvinn(app, client):
    """Register for Kökssvinn Analys AB (a known number) and follow the link."""
    response = register_and_confirm(app, client, registration(
        org_number="5592144314", company_name="Kökssvinn", contact_name="Bo Joinersson",
        email=JOINER))
    assert response.status_code == 303


def test_the_joiner_sees_what_they_wait_for_and_who_confirms(seeded, make_client):
    joiner = make_client()
    _join_kokssvinn(seeded, joiner)
    html = joiner.get("/").get_data(as_text=True)
    assert "Väntar på bekräftelse" in html
    assert "Någon behöver bekräfta att du hör till Kökssvinn Analys AB" in html
    with seeded.app_context():
        member = db.session.execute(db.select(User).filter_by(
            email=ACCOUNTS["supplier"])).scalar_one()
        member_name = member.name
    assert member_name in html
    assert "företagets kontaktperson" in html or "medlem i företaget" in html
    assert "Bo Joinersson" not in html.split("Vem som kan bekräfta dig")[1]
    assert "Ditt arbete" not in html


def test_the_confirmer_is_mailed_and_finds_the_joiner_on_the_start_page(seeded, make_client):
    joiner = make_client()
    _join_kokssvinn(seeded, joiner)
    mails = [mail for mail in mails_to(seeded, ACCOUNTS["supplier"])
             if "Bo Joinersson" in mail.subject]
    assert len(mails) == 1
    assert "Kökssvinn Analys AB" in mails[0].body
    assert "https://procure.stad.example/suppliers/organisation" in mails[0].body
    # Someone of another company is not told.
    assert not [m for m in mails_to(seeded, ACCOUNTS["other_supplier"])
                if "Bo Joinersson" in m.subject]
    start = make_client("supplier").get("/").get_data(as_text=True)
    assert "Kolleger som väntar på din bekräftelse" in start and "Bo Joinersson" in start


def test_without_confirmed_members_an_administrator_confirms(seeded, make_client):
    with seeded.app_context():
        for user in db.session.execute(db.select(User).filter_by(
                organisation_id=db.session.execute(db.select(User.organisation_id).filter_by(
                    email=ACCOUNTS["supplier"])).scalar_one())).scalars():
            user.membership = "rejected"
        db.session.commit()
    joiner = make_client()
    _join_kokssvinn(seeded, joiner)
    html = joiner.get("/").get_data(as_text=True)
    assert "har ingen bekräftad medlem, så en administratör i kommunen bekräftar dig" in html
    assert [m for m in mails_to(seeded, ACCOUNTS["admin"]) if "Bo Joinersson" in m.subject]
    assert not [m for m in mails_to(seeded, ACCOUNTS["supplier"])
                if "Bo Joinersson" in m.subject]

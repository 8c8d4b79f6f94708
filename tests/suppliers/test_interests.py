"""Suppliers' CPV interests and the alerts they bring: matching at publication,
cancellation told to those registered, and a failing mail server never failing either."""
import re
import socket

import pytest

from procure.dialogues import services
from procure.dialogues.models import Alert, Dialogue
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.suppliers.interests import interested_organisations, prefixes
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_config():
    # Mail "configured" at a port where nothing listens: every delivery fails.
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": _closed_port(), "MAIL_USE_TLS": False}


def test_prefixes_of_a_code():
    assert prefixes(["73110000-6"]) == {"73", "731", "7311"}
    assert prefixes(["30000000-9"]) == {"30"}


@pytest.mark.parametrize("interest, matches", [
    ("55000000-0", True),   # the division of the need's main code
    ("55523100-3", True),   # the code itself
    ("55520000-1", True),   # a group above it
    ("55523110-6", False),  # a code below it: narrower than the need
    ("39000000-2", False),  # another division
])
def test_an_interest_matches_codes_at_or_below_it(seeded, interest, matches):
    from procure.suppliers.interests import set_interests

    with seeded.app_context():
        organisation = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556987-2541")).scalar_one()
        set_interests(organisation, [interest], user_by_role("other_supplier"))
        found = set(db.session.execute(interested_organisations(["55523100-3"])).scalars())
        assert (organisation.id in found) is matches


def test_publishing_alerts_matching_companies_and_queues_mail_despite_a_dead_server(
        seeded, login, make_client):
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(status="draft")).scalar_one()
        dialogue_id, need_codes = dialogue.id, dialogue.need.cpv_codes
    elderly = make_client("admin")
    response = elderly.post_form(f"/dialogues/{dialogue_id}/status", {"target": "published"})
    assert response.status_code == 303
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, dialogue_id)
        assert dialogue.status == "published"  # the dead mail server did not stop it
        alerted = set(db.session.execute(db.select(Alert.organisation_id).filter_by(
            dialogue_id=dialogue_id, kind="dialogue_published")).scalars())
        expected = set(db.session.execute(interested_organisations(need_codes)).scalars())
        assert alerted == expected and dialogue.alerted_on_publish == len(expected)
        furniture = db.session.execute(db.select(SupplierOrganisation.id).filter_by(
            identifier="556987-2541")).scalar_one()
        food_waste = user_by_role("supplier").organisation_id
        assert furniture in alerted and food_waste not in alerted
        mail = db.session.execute(db.select(OutboxMail).filter_by(
            recipient="supplier2@procure.example")).scalar_one()
        assert mail.sent_at is None

    # The alert is on the company's alerts page.
    page = login("other_supplier").get("/alerts").get_data(as_text=True)
    assert "Informationsmöte: möbler som kan repareras" in page

    result = seeded.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0
    with seeded.app_context():
        mail = db.session.execute(db.select(OutboxMail).filter_by(
            recipient="supplier2@procure.example")).scalar_one()
        assert mail.sent_at is None and mail.attempts == 1 and mail.last_error


def test_cancelling_tells_the_registered_companies(seeded):
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(
            status="published", kind="request_for_information")).scalar_one()
        services.register(dialogue, user_by_role("supplier"), "Sara")
        services.change_status(dialogue, "cancelled", user_by_role("officer"))
        db.session.commit()
        told = db.session.execute(db.select(Alert.organisation_id).filter_by(
            dialogue_id=dialogue.id, kind="dialogue_cancelled")).scalars().all()
        assert told == [user_by_role("supplier").organisation_id]
        assert dialogue.told_on_cancel == 1


def test_the_interests_page(seeded, login):
    client = login("supplier")
    page = client.get("/suppliers/organisation/interests").get_data(as_text=True)
    # The demo company follows divisions 55 and 72: both boxes are ticked, no other.
    ticked = re.findall(r'<input checked[^>]*value="([^"]+)"', page)
    assert ticked == ["55000000-0", "72000000-5"]
    bad = client.post_form("/suppliers/organisation/interests",
                           {"divisions": ["55000000-0"], "codes": "12345678-9\n72000000-5"})
    assert bad.status_code == 400 and "12345678-9" in bad.get_data(as_text=True)
    assert client.post_form("/suppliers/organisation/interests",
                            {"divisions": ["39000000-2"], "codes": "55523100-3"}
                            ).status_code == 303
    with seeded.app_context():
        organisation = db.session.get(SupplierOrganisation, user_by_role("supplier").organisation_id)
        assert [i.code for i in organisation.interests] == ["39000000-2", "55523100-3"]

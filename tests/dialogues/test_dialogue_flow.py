"""One way to start a dialogue, and steps that end one confirmed on a page of their own."""
import re

from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs.queries import by_reference
from tests.dialogues.test_dialogues import _form


def _elderly(seeded):
    from tests.conftest import sign_in

    client = seeded.test_client()
    sign_in(client, "elderly.officer@procure.example")
    return client


def test_an_approved_need_offers_a_new_dialogue_not_a_bare_status_change(seeded):
    client = _elderly(seeded)
    html = client.get("/needs/AFF-2026-001").get_data(as_text=True)
    assert "Starta marknadsdialog" not in html
    assert 'value="in_dialogue"' not in html
    assert re.search(r'<a class="button" href="/needs/AFF-2026-001/dialogues/new">'
                     r'Ny marknadsdialog</a>', html)
    # Sent by hand anyway, the step is refused: no dialogue, no market dialogue.
    response = client.post_form("/needs/AFF-2026-001/status", {"target": "in_dialogue"})
    assert response.status_code == 303
    with seeded.app_context():
        assert by_reference("AFF-2026-001").status == "approved"


def test_publishing_says_how_many_were_alerted(seeded):
    client = _elderly(seeded)
    dialogue_url = client.post_form("/needs/AFF-2026-001/dialogues/new",
                                    _form()).headers["Location"]
    dialogue_id = int(dialogue_url.rsplit("/", 1)[1])
    page = client.post_form(f"/dialogues/{dialogue_id}/status", {"target": "published"},
                            follow_redirects=True).get_data(as_text=True)
    with seeded.app_context():
        alerted = db.session.get(Dialogue, dialogue_id).alerted_on_publish
    told = ("1 organisation med matchande intressen har fått en avisering" if alerted == 1
            else f"{alerted} organisationer med matchande intressen har fått en avisering")
    assert told in page


def test_closing_and_cancelling_are_confirmed_on_their_own_page(seeded, login):
    with seeded.app_context():
        dialogue_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="published", kind="request_for_information")).scalar_one()
    client = login("officer")
    html = client.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert f'class="button secondary warning" href="/dialogues/{dialogue_id}/confirm/close"' in html
    assert f'href="/dialogues/{dialogue_id}/confirm/cancel"' in html
    assert 'value="cancelled"' not in html and 'value="closed"' not in html
    cancel = client.get(f"/dialogues/{dialogue_id}/confirm/cancel").get_data(as_text=True)
    assert "anmälda organisationerna får en avisering om att den är inställd" in cancel
    assert 'value="cancelled"' in cancel
    assert client.get(f"/dialogues/{dialogue_id}/confirm/delete").status_code == 404
    client.post_form(f"/dialogues/{dialogue_id}/status", {"target": "cancelled"})
    with seeded.app_context():
        assert db.session.get(Dialogue, dialogue_id).status == "cancelled"
    # Nothing left to confirm: back to the dialogue.
    assert client.get(f"/dialogues/{dialogue_id}/confirm/close").status_code == 303

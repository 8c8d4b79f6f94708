"""A market dialogue's case number: typed on its form, shown on its page, and the one its
consultation report is filed under (the need's when the dialogue has none)."""
from procure.dialogues import reporting
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs.models import Need
from tests.conftest import sign_in
from tests.dialogues.test_dialogues import _form


def test_dialogue_case_number_on_its_page_and_its_report(seeded, monkeypatch):
    monkeypatch.setitem(seeded.config, "CITY_NAME", "Norrköpings kommun")
    elderly = seeded.test_client()
    sign_in(elderly, "elderly.officer@procure.example")
    form = elderly.get("/needs/AFF-2026-001/dialogues/new").get_data(as_text=True)
    assert 'name="case_number"' in form
    response = elderly.post_form("/needs/AFF-2026-001/dialogues/new",
                                 _form(case_number=" KS 2026/0500 "))
    assert response.status_code == 303
    page = elderly.get(response.headers["Location"]).get_data(as_text=True)
    assert "Diarienummer" in page and "KS 2026/0500" in page
    dialogue_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, dialogue_id)
        dialogue.status = "closed"
        identity = reporting.assemble(dialogue).identity
        assert (identity.city, identity.case_number) == ("Norrköpings kommun", "KS 2026/0500")
        dialogue.case_number = ""
        need = db.session.execute(db.select(Need).filter_by(reference="AFF-2026-001")).scalar_one()
        need.case_number = "KS 2026/0001"
        assert reporting.assemble(dialogue).identity.case_number == "KS 2026/0001"
        db.session.rollback()

"""Input marked as a trade secret is read on a need-to-know basis: the officers of the
department that runs the dialogue read it; anyone else (an admin of another department)
states a reason first, on a page of its own; the reason is audited, and the supplier
sees that its input was read and when, not by whom."""
import io
import re

import pytest

from procure.audit.models import AuditEvent
from procure.dialogues import services
from procure.dialogues.models import InputAttachment
from procure.extensions import db
from tests.conftest import user_by_role
from tests.dialogues.participation import PDF, one_to_one

SECRET = "Vår prismodell bygger på licens per kök."


@pytest.fixture
def app_config(tmp_path):
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


@pytest.fixture
def marked(seeded, make_client):
    """Supplier A's input marked as a trade secret, with a PDF: (supplier, dialogue id,
    input id, attachment id)."""
    with seeded.app_context():
        dialogue = one_to_one()
        services.register(dialogue, user_by_role("supplier"), "Sara Holm")
        db.session.commit()
        dialogue_id = dialogue.id
    supplier = make_client("supplier")
    response = supplier.post_form(f"/dialogues/{dialogue_id}/input", {
        "answers": SECRET, "trade_secret": "y", "secret_parts": "Prismodellen",
        "secret_harm": "Konkurrenter ser vår prismodell.",
        "attachments": [(io.BytesIO(PDF), "pris.pdf")]}, content_type="multipart/form-data")
    assert response.status_code == 303
    with seeded.app_context():
        attachment = db.session.execute(db.select(InputAttachment)).scalar_one()
        return supplier, dialogue_id, attachment.input_id, attachment.id


def _events(app, action):
    with app.app_context():
        return list(db.session.execute(db.select(AuditEvent).filter_by(action=action)
                                       ).scalars())


def test_the_rule_is_written_where_the_supplier_marks_the_input(seeded, marked):
    supplier, dialogue_id, _input_id, _attachment_id = marked
    page = supplier.get(f"/dialogues/{dialogue_id}/input").get_data(as_text=True)
    assert "läses av handläggarna på den förvaltning som håller i dialogen" in page
    assert "anger först varför" in page
    assert "När staden läste ert underlag" not in page  # nobody has read it yet


def test_the_running_departments_officers_read_it_directly(seeded, marked, make_client):
    supplier, dialogue_id, input_id, attachment_id = marked
    officer = make_client("officer")  # Utbildningsförvaltningen runs the dialogue
    page = officer.get(f"/dialogues/{dialogue_id}/inputs").get_data(as_text=True)
    assert SECRET in page and "pris.pdf" in page
    assert officer.get(f"/dialogues/attachments/{attachment_id}").data == PDF
    # The reason page is not for them: straight back to the input.
    assert officer.get(f"/dialogues/inputs/{input_id}/reason").status_code == 303
    assert input_id in [event.object_id for event in
                        _events(seeded, "dialogue.secret_input_read")]


def test_an_admin_of_another_department_states_a_reason_first(seeded, marked, make_client):
    supplier, dialogue_id, input_id, attachment_id = marked
    admin = make_client("admin")  # Stadsledningskontoret
    page = admin.get(f"/dialogues/{dialogue_id}/inputs").get_data(as_text=True)
    assert SECRET not in page and "pris.pdf" not in page and "prismodell" not in page
    assert f"/dialogues/inputs/{input_id}/reason" in page
    # The file too: sent to the reason page, not handed out.
    download = admin.get(f"/dialogues/attachments/{attachment_id}")
    assert download.status_code == 302
    assert download.headers["Location"].endswith(f"/dialogues/inputs/{input_id}/reason")
    assert _events(seeded, "dialogue.attachment_downloaded") == []

    reason_page = admin.get(f"/dialogues/inputs/{input_id}/reason")
    assert reason_page.status_code == 200
    assert "Kökssvinn Analys AB har markerat" in reason_page.get_data(as_text=True)
    # A POST without a CSRF token is refused; an empty reason is asked for again.
    assert admin.post(f"/dialogues/inputs/{input_id}/reason",
                      data={"reason": "Begäran om allmän handling"}).status_code == 400
    assert admin.post_form(f"/dialogues/inputs/{input_id}/reason",
                           {"reason": " "}).status_code == 400
    assert _events(seeded, "dialogue.secret_reason_stated") == []

    stated = admin.post_form(f"/dialogues/inputs/{input_id}/reason",
                             {"reason": "Begäran om allmän handling 2026-12-01, dnr 12/345"})
    assert stated.status_code == 303
    [reason] = _events(seeded, "dialogue.secret_reason_stated")
    assert reason.detail["reason"] == "Begäran om allmän handling 2026-12-01, dnr 12/345"
    with seeded.app_context():
        assert reason.actor_id == user_by_role("admin").id and reason.object_id == input_id

    page = admin.get(f"/dialogues/{dialogue_id}/inputs").get_data(as_text=True)
    assert SECRET in page and "Konkurrenter ser vår prismodell." in page
    assert admin.get(f"/dialogues/attachments/{attachment_id}").data == PDF

    # The supplier sees that its input was read, and when: twice (page and file), by nobody named.
    own = supplier.get(f"/dialogues/{dialogue_id}/input").get_data(as_text=True)
    section = own[own.index("När staden läste ert underlag"):]
    section = section[:section.index("</section>")]
    assert len(re.findall(r"<li>", section)) == 2
    assert "Astrid" not in own and "Stadsledningskontoret" not in own


def test_unmarked_input_needs_no_reason(seeded, make_client):
    with seeded.app_context():
        dialogue = one_to_one()
        services.register(dialogue, user_by_role("supplier"), "Sara Holm")
        db.session.commit()
        dialogue_id = dialogue.id
    make_client("supplier").post_form(f"/dialogues/{dialogue_id}/input",
                                      {"answers": "Öppet svar."})
    page = make_client("admin").get(f"/dialogues/{dialogue_id}/inputs").get_data(as_text=True)
    assert "Öppet svar." in page
    assert "(Kökssvinn Analys AB)</span>" not in page  # no reason asked for its input

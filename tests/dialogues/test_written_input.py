"""Written input: the form, trade secrets with their reason, PDF attachments checked by
their bytes, stored under generated names, and only ever shown to their own company."""
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest

from procure import uploads
from procure.dialogues import inputs, services
from procure.dialogues.models import InputAttachment, WrittenInput
from procure.extensions import db
from tests.conftest import user_by_role
from tests.dialogues.participation import PDF, one_to_one


@pytest.fixture
def app_config(tmp_path):
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "MAX_ATTACHMENT_BYTES": 2048,
            "MAX_ATTACHMENTS": 2}


@pytest.fixture
def registered(seeded, login, make_client):
    """Supplier A registered for the one-to-one dialogue; returns (client, dialogue id)."""
    with seeded.app_context():
        dialogue = one_to_one()
        services.register(dialogue, user_by_role("supplier"), "Sara Holm")
        services.register(dialogue, user_by_role("other_supplier"), "Erik Wallin")
        db.session.commit()
        return login("supplier"), dialogue.id


def _send(client, dialogue_id, files=(), **fields):
    data = {"answers": "Vi kan pröva i tio kök.", **fields}
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post_form(f"/dialogues/{dialogue_id}/input", data,
                            content_type="multipart/form-data")


def test_input_with_a_trade_secret_and_a_pdf(seeded, registered, make_client, tmp_path):
    client, dialogue_id = registered
    page = client.get(f"/dialogues/{dialogue_id}/input").get_data(as_text=True)
    assert "Staden kan inte lova det" in page  # the plain disclaimer
    no_reason = _send(client, dialogue_id, trade_secret="y", secret_parts="Priset")
    assert no_reason.status_code == 400
    assert "vilken skada ett utlämnande skulle orsaka" in no_reason.get_data(as_text=True)
    assert "Vi kan pröva i tio kök." in no_reason.get_data(as_text=True)  # input kept

    response = _send(client, dialogue_id, files=[("../../etc/passwd.pdf", PDF)],
                     trade_secret="y", secret_parts="Priset",
                     secret_harm="Konkurrenter ser vår prismodell.")
    assert response.status_code == 303
    with seeded.app_context():
        attachment = db.session.execute(db.select(InputAttachment)).scalar_one()
        stored = Path(seeded.config["UPLOAD_FOLDER"]) / attachment.stored_name
        assert attachment.filename == "passwd.pdf"
        assert stored.read_bytes() == PDF and attachment.size == len(PDF)
        assert not (tmp_path / "etc").exists()
        attachment_id = attachment.id
    download = client.get(f"/dialogues/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Type"] == "application/pdf"

    # Supplier B: its own (empty) form, and 404 for A's file.
    other = make_client("other_supplier")
    assert "prismodell" not in other.get(f"/dialogues/{dialogue_id}/input").get_data(as_text=True)
    assert other.get(f"/dialogues/attachments/{attachment_id}").status_code == 404
    assert other.post_form(f"/dialogues/attachments/{attachment_id}/remove").status_code == 404

    # The officers see the marking and the harm in the company's words.
    inputs_page = make_client("officer").get(f"/dialogues/{dialogue_id}/inputs").get_data(
        as_text=True)
    assert "Markerad som innehållande affärshemligheter." in inputs_page
    assert "Konkurrenter ser vår prismodell." in inputs_page


@pytest.mark.parametrize("name, content, message", [
    ("offert.pdf", b"This is text, not a PDF.\n", "Filen är inte en PDF."),
    ("offert.pdf", PDF[:-6], "Filen är inte en PDF."),  # cut off: no %%EOF
    ("offert.pdf", PDF + b"%" * 3000, "Filen är för stor."),
    ("tom.pdf", b"", "Filen är tom."),
])
def test_attachments_are_checked_by_their_bytes(seeded, registered, name, content, message):
    client, dialogue_id = registered
    response = _send(client, dialogue_id, files=[(name, content)])
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    # The whole save is undone: no input, no attachment, no file.
    with seeded.app_context():
        assert db.session.execute(db.select(WrittenInput).filter_by(
            organisation_id=user_by_role("supplier").organisation_id)).first() is None
        assert db.session.execute(db.select(InputAttachment)).first() is None
    assert list(Path(seeded.config["UPLOAD_FOLDER"]).glob("*")) == []


def test_no_more_attachments_than_allowed(seeded, registered):
    client, dialogue_id = registered
    assert _send(client, dialogue_id, files=[("a.pdf", PDF), ("b.pdf", PDF)]).status_code == 303
    response = _send(client, dialogue_id, files=[("c.pdf", PDF)],
                     lock_version="1")
    assert response.status_code == 400 and "Fler bilagor kan inte läggas till." in \
        response.get_data(as_text=True)
    assert len(list(Path(seeded.config["UPLOAD_FOLDER"]).glob("*.pdf"))) == 2


def test_a_second_members_save_in_between_is_a_conflict(seeded, registered):
    client, dialogue_id = registered
    assert _send(client, dialogue_id).status_code == 303
    assert _send(client, dialogue_id, answers="Nytt", lock_version="1").status_code == 303
    stale = _send(client, dialogue_id, answers="Gammalt", lock_version="1")
    assert stale.status_code == 409 and "Gammalt" in stale.get_data(as_text=True)


@pytest.mark.parametrize("offset, allowed", [(timedelta(0), True), (timedelta(seconds=1), False)])
def test_input_closes_at_the_deadline(seeded, offset, allowed):
    with seeded.app_context():
        dialogue = one_to_one()
        registration = services.register(dialogue, user_by_role("supplier"), "Sara")
        values = {"answers": "Svar", "trade_secret": False, "secret_parts": "",
                  "secret_harm": "", "actor": user_by_role("supplier"),
                  "expected_version": None, "now": dialogue.input_deadline + offset}
        if allowed:
            assert inputs.save_input(dialogue, registration, **values)
        else:
            with pytest.raises(services.DialogueRefused) as refused:
                inputs.save_input(dialogue, registration, **values)
            assert refused.value.code == "input_closed"


@pytest.mark.parametrize("sent, shown", [
    ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\x\\anbud.PDF", "anbud.pdf"),
    ("rapport\x00.exe", "rapport.exe.pdf"), ("", "attachment.pdf"), ("....pdf", "pdf.pdf"),
    ("a" * 300 + ".pdf", "a" * 196 + ".pdf"),
])
def test_display_names_lose_paths_and_control_characters(sent, shown):
    assert uploads.display_name(sent) == shown


def test_stored_names_cannot_lead_outside_the_folder(tmp_path):
    with pytest.raises(ValueError):
        uploads.stored_path(tmp_path, "../secret_key")


def test_a_conflict_shows_the_saved_text_and_the_next_save_goes_through(seeded, registered):
    client, dialogue_id = registered
    assert _send(client, dialogue_id, answers="Första").status_code == 303
    assert _send(client, dialogue_id, answers="Andra", lock_version="1").status_code == 303
    stale = _send(client, dialogue_id, answers="Tredje", lock_version="1")
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Andra" in page and "Tredje" in page
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', page).group(1)
    assert _send(client, dialogue_id, answers="Tredje", lock_version=version).status_code == 303


def test_a_web_page_with_a_pdf_marker_is_not_a_pdf(seeded, registered):
    client, dialogue_id = registered
    page = b"<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\n%%EOF\n"
    assert _send(client, dialogue_id, files=[("x.pdf", page)]).status_code == 400

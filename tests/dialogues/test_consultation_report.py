"""The consultation report: assembled when a dialogue closes, public once reported,
naming no supplier; and the need statement's "Market dialogue" section."""
import io

from pypdf import PdfReader

from procure.dialogues import messages, reporting, services
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role
from tests.dialogues.participation import add_participation


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_closing_reporting_and_the_statement_section(seeded, login, make_client):
    taking_part = add_participation(seeded)
    dialogue_id = taking_part.dialogue_id
    officer = login("officer")
    assert officer.post_form(f"/dialogues/{dialogue_id}/status",
                             {"target": "closed"}).status_code == 303
    # Until it is reported, the report is the officers'.
    assert make_client().get(f"/dialogues/{dialogue_id}/report").status_code == 404
    assert make_client("supplier").get(f"/dialogues/{dialogue_id}/report.pdf").status_code == 404
    page = officer.get(f"/dialogues/{dialogue_id}/report").get_data(as_text=True)
    assert "Deltagande organisationer: 3" in page  # the two demo companies and supplier A
    assert "1 möte hade information" in page  # supplier A's minutes are not yet shared
    # A draft report's PDF is not kept in the browser (a shared computer's cache).
    draft = officer.get(f"/dialogues/{dialogue_id}/report.pdf")
    assert draft.status_code == 200 and draft.headers["Cache-Control"] == "private, no-store"

    # Reporting needs the lessons and the shared information.
    officer.post_form(f"/dialogues/{dialogue_id}/status", {"target": "reported"})
    assert _status(seeded, dialogue_id) == "closed"
    assert officer.post_form(f"/dialogues/{dialogue_id}/report", {
        "lessons_learnt": "Kökssvinn Analys AB visade att prognoser fungerar."}).status_code == 303
    officer.post_form(f"/dialogues/minutes/{taking_part.minutes_id}/share",
                      {"body": "Prognoser kan ges dagen före."})
    officer.post_form(f"/dialogues/{dialogue_id}/status", {"target": "reported"})
    assert _status(seeded, dialogue_id) == "closed"  # a company's name is in the lessons
    officer.post_form(f"/dialogues/{dialogue_id}/report", {
        "lessons_learnt": "Prognoser dagen före räcker för köken."})
    officer.post_form(f"/dialogues/{dialogue_id}/status", {"target": "reported"})
    assert _status(seeded, dialogue_id) == "reported"

    public = make_client()
    html = public.get(f"/dialogues/{dialogue_id}/report").get_data(as_text=True)
    pdf = public.get(f"/dialogues/{dialogue_id}/report.pdf")
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert pdf.headers["Cache-Control"] == "private, no-cache"  # published: may be kept
    text = _text(pdf.data)
    for content in (html, text):
        assert "Prognoser dagen före räcker för köken." in content
        assert "Prognoser kan ges dagen före." in content
    with seeded.app_context():
        names = db.session.execute(db.select(SupplierOrganisation.name)).scalars().all()
    for name in names:
        assert name not in html and name not in text, name
    # Micro (supplier A), small (Lumo Care), large (Nordisk Fastighetsenergi).
    assert "Mikroföretag" in text and "Finland (FI)" in text

    statement = _text(officer.get("/needs/UTB-2026-001/statement.pdf").data)
    assert "Marknadsdialog" in statement and "Prognoser dagen före räcker för köken." in statement
    for name in names:
        assert name not in statement, name


def _status(app, dialogue_id):
    with app.app_context():
        return db.session.get(Dialogue, dialogue_id).status


def test_the_demo_reported_dialogue_is_in_its_needs_statement(seeded):
    with seeded.app_context():
        from procure.needs.queries import by_reference

        section = reporting.market_dialogue_section(by_reference("UTB-2026-002"))
        assert section.title == "Marknadsdialog"
        assert any("sex år" in text for _title, text in section.closing)
        assert reporting.market_dialogue_section(by_reference("TRF-2026-001")) is None


def test_reporting_is_refused_while_material_minutes_are_unshared(seeded):
    taking_part = add_participation(seeded)
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, taking_part.dialogue_id)
        officer = user_by_role("officer")
        services.change_status(dialogue, "closed", officer)
        dialogue.lessons_learnt = "Lärdomar."
        try:
            services.change_status(dialogue, "reported", officer)
        except services.DialogueRefused as refused:
            assert refused.code == "minutes_not_shared"
        else:
            raise AssertionError("reported with unshared minutes")
        assert messages.equal_treatment_log(dialogue)

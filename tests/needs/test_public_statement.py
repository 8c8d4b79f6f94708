"""The supplier's view of the need: once a need has a published market dialogue, its
approved statement (web page and PDF) is open to everybody, as the dialogue was published
with it; before that, and after its only dialogue is cancelled, it is not found."""
import io

import pytest
from pypdf import PdfReader

from procure.dialogues import services as dialogues
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.marketscan.models import KeptNotice
from procure.needs.queries import by_reference
from tests.conftest import user_by_role

OUTSIDERS = (None, "supplier", "pending_supplier")


def _pdf_text(response) -> str:
    assert response.mimetype == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("reference", [
    "AFF-2026-002",  # a draft
    "TRF-2026-001",  # in review
    "AFF-2026-001",  # approved, its dialogue still a draft
    "UTB-2026-003",  # closed, its only dialogue cancelled
    "UTB-1999-999",  # no such need
])
def test_a_need_without_a_published_dialogue_is_not_found(make_client, reference, role):
    client = make_client(role)
    assert client.get(f"/needs/{reference}/statement").status_code == 404
    assert client.get(f"/needs/{reference}/statement.pdf").status_code == 404


@pytest.mark.parametrize("role", OUTSIDERS)
def test_a_published_dialogues_need_is_readable_by_everybody(make_client, role):
    client = make_client(role)
    page = client.get("/needs/UTB-2026-001/statement")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "UTB-2026-001" in html and "Önskade effekter" in html
    assert "/needs/UTB-2026-001\"" not in html  # no link into the officers' need page
    pdf = client.get("/needs/UTB-2026-001/statement.pdf")
    assert "UTB-2026-001" in _pdf_text(pdf)
    # Named in the statement's language (a Swedish need), whatever the reader's.
    assert "UTB-2026-001-behovsbeskrivning-v" in pdf.headers["Content-Disposition"]


def test_the_market_reads_the_approved_text_not_later_changes_or_notes(seeded, make_client):
    with seeded.app_context():
        need = by_reference("UTB-2026-001")
        approved_problem = need.problem.split("\n")[0][:40]
        # Something written on the need after publication (no revision kept: not approved
        # text), a kept notice with the officers' note, and a comment on a status change.
        need.problem = "UTKAST SOM INTE ÄR GODKÄNT"
        db.session.add(KeptNotice(need_id=need.id, publication_number="777-2025",
                                  kind="prior_information", title="En annons",
                                  note="INTERN ANTECKNING"))
        need.status_changes[-1].comment = "GRANSKNINGSKOMMENTAR"
        db.session.commit()
    anonymous = make_client()
    html = anonymous.get("/needs/UTB-2026-001/statement").get_data(as_text=True)
    assert approved_problem in html
    for hidden in ("UTKAST SOM INTE ÄR GODKÄNT", "INTERN ANTECKNING", "777-2025",
                   "GRANSKNINGSKOMMENTAR"):
        assert hidden not in html
    text = _pdf_text(anonymous.get("/needs/UTB-2026-001/statement.pdf"))
    assert "UTKAST" not in text and "INTERN ANTECKNING" not in text
    # The officers read the need as it stands, notes included.
    staff = make_client("officer").get("/needs/UTB-2026-001/statement").get_data(as_text=True)
    assert "UTKAST SOM INTE ÄR GODKÄNT" in staff and "INTERN ANTECKNING" in staff


def test_the_version_kept_at_publication_is_the_one_shown(seeded, make_client):
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(
            status="draft")).scalars().first()
        dialogue.registration_deadline = dialogue.questions_deadline = \
            dialogue.input_deadline.replace(year=dialogue.input_deadline.year + 1)
        dialogue.input_deadline = dialogue.registration_deadline
        dialogues.change_status(dialogue, "published", user_by_role("admin"))
        assert dialogue.need_version == dialogue.need.version
        reference = dialogue.need.reference
        db.session.commit()
    assert make_client().get(f"/needs/{reference}/statement").status_code == 200


def test_a_cancelled_dialogue_keeps_the_statement_public_only_beside_a_published_one(
        seeded, make_client):
    anonymous = make_client()
    with seeded.app_context():
        open_ones = db.session.execute(db.select(Dialogue).filter_by(
            status="published")).scalars().all()
        assert {d.need.reference for d in open_ones} == {"UTB-2026-001"}
        ids = [d.id for d in open_ones]
        dialogues.change_status(open_ones[0], "cancelled", user_by_role("officer"))
        db.session.commit()
    assert anonymous.get("/needs/UTB-2026-001/statement").status_code == 200
    with seeded.app_context():
        dialogues.change_status(db.session.get(Dialogue, ids[1]), "cancelled",
                                user_by_role("officer"))
        db.session.commit()
    assert anonymous.get("/needs/UTB-2026-001/statement").status_code == 404
    assert anonymous.get("/needs/UTB-2026-001/statement.pdf").status_code == 404


def test_the_dialogue_page_tells_about_the_need_before_the_forms(seeded, make_client):
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(
            status="published", kind="one_to_one")).scalar_one()
        dialogue_id = dialogue.id
    html = make_client().get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    about = html.index("Om behovet")
    assert about < html.index("Delta")
    assert "Önskade effekter" in html and "Uppskattat värde" in html
    assert "Läs behovsbeskrivningen" in html
    assert 'href="/needs/UTB-2026-001/statement"' in html
    # Meeting times are shown to everybody; booking needs a registration.
    assert "Mötestider" in html and "Anmälda företag bokar här" in html
    assert "/booking" not in html

"""A newcomer's round: draft a need, get findings, submit, approve, download the PDF."""
import io
import re

import pypdf

from procure.audit.models import AuditEvent
from procure.extensions import db
from procure.needs.models import Need
from tests.conftest import sign_in
from tests.needs.conftest import edit_form


def _reference_from(response):
    return re.search(r"/needs/([A-Z]+-\d{4}-\d{3})", response.headers["Location"]).group(1)


def test_draft_review_approve_and_download(login, make_client, seeded):
    officer = login("officer")
    response = officer.post_form("/needs/new", {"title": "Färre fallolyckor bland äldre",
                                                "language": "sv"})
    assert response.status_code == 303
    reference = _reference_from(response)
    assert re.fullmatch(r"UTB-\d{4}-\d{3}", reference)

    data = edit_form(officer, reference, "description")
    data.update(background="Allt fler äldre bor kvar hemma längre.",
                problem="Äldre personer faller i hemmet. Vi ska använda Philips larmarmband i alla hem.",
                current_situation="Omkring 700 fallolyckor per år kostar vården 40 miljoner kronor.",
                constraints="Personuppgifter ska skyddas.", sustainability_ecological="",
                sustainability_social="Fler äldre känner sig trygga.")
    assert officer.post_form(f"/needs/{reference}/edit/description", data).status_code == 303

    data = edit_form(officer, reference, "outcomes")
    data.update({"rows-0-description": "Färre äldre skadas av fall i hemmet.",
                 "rows-0-indicator": "Antal fallolyckor per 1 000 brukare och år",
                 "rows-0-baseline": "35", "rows-0-target": "25", "rows-0-when": "2028",
                 "rows-1-description": "Äldre känner sig trygga hemma."})
    assert officer.post_form(f"/needs/{reference}/edit/outcomes", data).status_code == 303

    data = edit_form(officer, reference, "requirements")
    data.update({"rows-0-text": "Ett fall ska upptäckas inom fem minuter.", "rows-0-must": "must",
                 "rows-0-outcomes": "1", "rows-1-text": "Lösningen bör vara lätt att använda.",
                 "rows-1-must": "should"})
    assert officer.post_form(f"/needs/{reference}/edit/requirements", data).status_code == 303

    data = edit_form(officer, reference, "cpv")
    data.update(cpv_main="33196200-2", cpv_additional="85000000-9\n73420000-2")
    assert officer.post_form(f"/needs/{reference}/edit/cpv", data).status_code == 303

    page = officer.get(f"/needs/{reference}/edit/basics").get_data(as_text=True)
    officer_id = re.search(r'<option selected value="(\d+)">', page).group(1)
    data = edit_form(officer, reference, "basics")
    data.update(title="Färre fallolyckor bland äldre", language="sv", officer=officer_id,
                estimated_value_sek="2500000", timeline="Upphandling 2027.")
    assert officer.post_form(f"/needs/{reference}/edit/basics", data).status_code == 303

    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    # The brand, the "ska använda" phrase, the unmeasured outcome, the unlinked requirement.
    assert "Philips" in page and "ska använda" in page
    assert "Krav 2" in page or "Funktionella krav 2" in page
    assert "Önskade effekter 2" in page

    assert officer.post_form(f"/needs/{reference}/status",
                             {"target": "in_review"}).status_code == 303
    response = officer.post_form(f"/needs/{reference}/status", {"target": "approved"})
    assert response.status_code == 303
    with seeded.app_context():
        assert db.session.execute(db.select(Need.status).filter_by(reference=reference)).scalar_one() == "in_review"

    reviewer = make_client("reviewer")
    response = reviewer.post_form(f"/needs/{reference}/status",
                                  {"target": "approved", "comment": "Tydligt beskrivet."})
    assert response.status_code == 303
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert need.status == "approved"
        assert [c.to_status for c in need.status_changes] == ["draft", "in_review", "approved"]
        assert need.status_changes[-1].comment == "Tydligt beskrivet."
        events = db.session.execute(db.select(AuditEvent.detail).filter_by(
            action="need.status", object_id=need.id)).scalars().all()
        assert [e["to_status"] for e in events] == ["in_review", "approved"]

    response = officer.get(f"/needs/{reference}/statement.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="{reference}-behovsbeskrivning-v1.pdf"' in response.headers["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in ("Bakgrund", "Problemet och vilka som berörs", "Önskade effekter",
                  "Funktionella krav", "CPV-koder", "Hjälpmedel för funktionshindrade personer"):
        assert title in text
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        page_text = " ".join(page.extract_text().split())
        assert reference in page_text
        assert f"Sida {number} av {total}" in page_text
    assert "UTKAST" not in text  # approved: no draft watermark


def test_an_approved_need_is_frozen_and_reopens_as_a_new_version(login, seeded):
    officer = login("officer")
    # AFF-2026-001 is approved in the demo data; UTB-2026-001 is in market dialogue.
    response = officer.get("/needs/UTB-2026-001/edit/description")
    assert response.status_code == 303
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(status="approved")).scalars().first()
        reference, department = need.reference, need.department.code
    elderly = seeded.test_client()
    sign_in(elderly, "elderly.officer@procure.example")
    assert elderly.get(f"/needs/{reference}/edit/description").status_code == 303
    assert elderly.post_form(f"/needs/{reference}/status", {"target": "draft"}).status_code == 303
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert (need.status, need.version) == ("draft", 2)
    assert elderly.get(f"/needs/{reference}/edit/description").status_code == 200
    assert department == "AFF"


def test_refused_step_says_why(login, make_need):
    reference = make_need()
    officer = login("officer")
    response = officer.post_form(f"/needs/{reference}/status", {"target": "contracted"},
                                 follow_redirects=True)
    assert "Det steget går inte härifrån." in response.get_data(as_text=True)


def test_references_count_per_department_and_year_and_are_never_reused(make_need, seeded):
    first = make_need(department="SLK", author="admin")
    second = make_need(department="SLK", author="admin")
    other = make_need(department="MHF", author="admin")
    year = first.split("-")[1]
    assert (first, second, other) == (f"SLK-{year}-001", f"SLK-{year}-002", f"MHF-{year}-001")
    with seeded.app_context():
        db.session.execute(db.delete(Need).where(Need.reference == second))
        db.session.commit()
    assert make_need(department="SLK", author="admin") == f"SLK-{year}-003"


def test_cli_need_pdf(seeded, tmp_path):
    out = tmp_path / "statement.pdf"
    result = seeded.test_cli_runner().invoke(args=["need-pdf", "UTB-2026-001", "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(out))
    assert "Mindre matsvinn i förskolornas kök" in reader.pages[0].extract_text()
    result = seeded.test_cli_runner().invoke(args=["need-pdf", "NOPE-1"])
    assert result.exit_code != 0 and "No need" in result.output


def test_pdf_is_the_same_bytes_for_the_same_need(login):
    officer = login("officer")
    assert officer.get("/needs/UTB-2026-001/statement.pdf").data == \
        officer.get("/needs/UTB-2026-001/statement.pdf").data


def test_html_statement_has_the_same_sections(login):
    html = login("officer").get("/needs/TRF-2026-001/statement").get_data(as_text=True)
    assert 'lang="en"' in html
    for title in ("1 Background", "2 The problem and who is affected", "4 Desired outcomes",
                  "5 Functional requirements", "8 CPV codes", "9 Estimated value",
                  "SEK\u00a012,000,000"):
        assert title in html


def test_demo_needs_have_no_language_findings(seeded):
    with seeded.app_context():
        counts = db.session.execute(db.select(Need.reference, Need.finding_count)).all()
    assert len(counts) == 8 and all(count == 0 for _ref, count in counts)


def test_the_reference_year_is_the_citys_not_utcs(make_need, seeded, monkeypatch):
    from datetime import datetime, timezone

    from procure.needs import services

    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Stockholm.
    monkeypatch.setattr(services, "utcnow",
                        lambda: datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc))
    assert make_need(department="MHF", author="admin") == "MHF-2027-001"


def test_an_empty_need_cannot_go_to_review(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    response = client.post_form(f"/needs/{reference}/status", {"target": "in_review"},
                                follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Innan granskning behöver behovet:" in html
    for part in ("Problemet och vilka som berörs", "Önskade effekter", "Funktionella krav",
                 "Huvudkod (CPV)", "Uppskattat värde (kronor)"):
        assert part in html
    with seeded.app_context():
        assert db.session.execute(db.select(Need.status).filter_by(
            reference=reference)).scalar_one() == "draft"


def test_withdrawing_needs_a_reason(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    refused = client.post_form(f"/needs/{reference}/status", {"target": "withdrawn"})
    assert refused.status_code == 400
    assert "Ange varför behovet återkallas." in refused.get_data(as_text=True)
    client.post_form(f"/needs/{reference}/status",
                     {"target": "withdrawn", "comment": "Täcks av ett befintligt avtal."})
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert need.status == "withdrawn"
        assert need.status_changes[-1].comment == "Täcks av ett befintligt avtal."


def test_a_chosen_procedure_that_does_not_fit_is_flagged(login, seeded):
    # The closed demo pilot (650 000 kr) fits; raise its value over the limit.
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference="UTB-2026-003")).scalar_one()
        need.estimated_value_sek = 1_500_000
        db.session.commit()
    html = login("officer").get("/needs/UTB-2026-003").get_data(as_text=True)
    assert "Enligt rådgivaren passar inte detta förfarande:" in html
    assert "1\u00a0500\u00a0000\u00a0kr" in html

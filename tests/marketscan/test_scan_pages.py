"""The market scan in the app: run, group, cache, keep, statement, failures, CLI."""
import io
import json
import re

import pypdf
import pytest

from procure.audit.models import AuditEvent
from procure.db import utcnow
from procure.extensions import db
from procure.formatting import format_long_date, local_date
from procure.marketscan import services
from procure.marketscan.models import KeptNotice, TedScan
from procure.needs.queries import by_reference
from tests.conftest import OCDS_SCHEMAS
from tests.marketscan.fake_ted import Reply, fake_ted, page_of, ted_notice  # noqa: F401

NOTICES = [
    ted_notice("100-2025", notice_type="pin-only", published="2025-02-01+01:00",
               title={"swe": "Minskat matsvinn i skolkök", "eng": "Less food waste"}),
    ted_notice("200-2025", notice_type="cn-standard", published="2025-06-01+01:00",
               buyer={"dan": ["Københavns Kommune"]}, country="DNK"),
    ted_notice("300-2024", notice_type="can-standard", published="2024-11-20+01:00"),
    ted_notice("400-2025", notice_type="pin-only", published="2025-09-01+02:00"),
]
SCAN = {"widen_to": "code", "kinds": ["prior_information", "contract", "award"],
        "countries": "", "published_from": "", "published_to": ""}


@pytest.fixture
def ted(seeded, fake_ted):  # noqa: F811
    def _start(replies):
        server = fake_ted(replies)
        seeded.config.update(TED_API_URL=server.url, TED_READ_TIMEOUT=0.5, TED_BACKOFF=0.01)
        return server
    return _start


def test_officer_scans_and_sees_notices_by_kind_newest_first(ted, login):
    server = ted([Reply(json=page_of(NOTICES))])
    client = login("officer")
    response = client.post_form("/needs/UTB-2026-001/market-scan", SCAN)
    assert response.status_code == 303
    html = client.get("/needs/UTB-2026-001/market-scan").get_data(as_text=True)
    prior = html.index("Förhandsannonser (ofta marknadsdialoger) (2)")
    contract = html.index("Upphandlingsannonser (1)")
    award = html.index("Tilldelningsannonser (1)")
    assert prior < contract < award
    assert html.index("400-2025") < html.index("100-2025")  # newest first within a kind
    assert "Minskat matsvinn i skolkök" in html  # the title in the user's language
    assert "Københavns Kommune (DNK)" in html
    body = server.requests[0]
    assert "classification-cpv" in body["query"] and "55523100" in body["query"]
    assert set(body["fields"]) <= {"publication-number", "notice-title", "buyer-name",
                                   "buyer-country", "notice-type", "publication-date",
                                   "classification-cpv", "links"}
    assert body["scope"] == "LATEST"


def test_the_same_scan_within_the_cache_time_does_not_ask_ted_again(ted, login, seeded):
    server = ted([Reply(json=page_of(NOTICES))])
    client = login("officer")
    client.post_form("/needs/UTB-2026-001/market-scan", SCAN)
    client.post_form("/needs/UTB-2026-001/market-scan", SCAN)
    assert len(server.requests) == 1
    seeded.config["TED_CACHE_SECONDS"] = 0
    client.post_form("/needs/UTB-2026-001/market-scan", SCAN)
    assert len(server.requests) == 2


@pytest.fixture
def draft(make_need):
    """A draft need of the officer's department, with a CPV code to scan by."""
    return make_need(title="Mindre matsvinn i skolkök", cpv_main="55523100-3",
                     cpv_division="55")


def test_kept_notice_goes_into_the_statement_and_ocds(ted, login, seeded, draft):
    ted([Reply(json=page_of(NOTICES))])
    client = login("officer")
    before = client.get(f"/needs/{draft}").get_data(as_text=True)
    assert "Ingen sökning har gjorts för behovet ännu." in before
    assert "0 annonser sparade för behovsbeskrivningen." in before
    client.post_form(f"/needs/{draft}/market-scan", SCAN)
    response = client.post_form(f"/needs/{draft}/market-scan/keep", {
        "publication_number": "100-2025", "note": "Stockholm har provat vågar i köken."})
    assert response.status_code == 303
    html = client.get(f"/needs/{draft}").get_data(as_text=True)
    assert "1 annonser sparade för behovsbeskrivningen." in html
    assert f": {len(NOTICES)} annonser." in html and "Senaste sökningen" in html

    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"/needs/{draft}/statement.pdf").data))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Tidigare upphandlingar och marknadsdialoger" in text
    assert "100-2025" in text and "Stockholm har provat vågar i köken." in text

    with seeded.app_context():
        documents = services.ocds_planning_documents(by_reference(draft))
    assert documents[0]["documentType"] == "marketStudies"
    schema_path = OCDS_SCHEMAS / "release-schema.json"
    import jsonschema

    schema = json.loads(schema_path.read_text())
    document_schema = {**schema["definitions"]["Document"], "definitions": schema["definitions"]}
    for document in documents:
        jsonschema.Draft4Validator(document_schema).validate(document)


def test_only_notices_from_the_scan_can_be_kept(ted, login, draft):
    ted([Reply(json=page_of(NOTICES))])
    client = login("officer")
    client.post_form(f"/needs/{draft}/market-scan", SCAN)
    response = client.post_form(f"/needs/{draft}/market-scan/keep",
                                {"publication_number": "999-2025", "note": ""})
    assert response.status_code == 404


def test_unreachable_ted_keeps_the_page_and_the_last_results(ted, login, seeded):
    with seeded.app_context():
        need = by_reference("UTB-2026-001")
        db.session.add(KeptNotice(need_id=need.id, publication_number="777-2024",
                                  kind="award", title="En tidigare tilldelning"))
        db.session.commit()
    ted([Reply(status=500)])
    client = login("officer")
    response = client.post_form("/needs/UTB-2026-001/market-scan", SCAN)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "TED går inte att nå just nu." in html and "En tidigare tilldelning" in html
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(TedScan)).scalar_one() == 0


def test_ted_refusal_shows_teds_message(ted, login):
    ted([Reply(status=400, json={"message": "Unknown field 'foo'"})])
    response = login("officer").post_form("/needs/UTB-2026-001/market-scan", SCAN)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "TED avvisade sökningen" in html and "Unknown field" in html


def test_a_need_without_cpv_codes_says_so(ted, login):
    server = ted([Reply(json=page_of([]))])
    response = login("admin").post_form("/needs/TRF-2026-002/market-scan", SCAN)
    assert response.status_code == 400
    assert "Sökningen kunde inte göras" in response.get_data(as_text=True)
    assert server.requests == []


def test_another_departments_officer_may_scan_but_not_keep(ted, login, draft):
    ted([Reply(json=page_of(NOTICES))])
    client = login("other_officer")
    assert client.post_form(f"/needs/{draft}/market-scan", SCAN).status_code == 303
    assert client.post_form(f"/needs/{draft}/market-scan/keep",
                            {"publication_number": "100-2025"}).status_code == 403


def _set_status(app, reference: str, status: str) -> None:
    with app.app_context():
        by_reference(reference).status = status
        db.session.commit()


def _annex_events(app, reference: str) -> list[tuple[str, str, str]]:
    with app.app_context():
        need = by_reference(reference)
        events = db.session.execute(
            db.select(AuditEvent).filter_by(object_type="needs", object_id=need.id)
            .where(AuditEvent.action.in_(services.ANNEX_ACTIONS)).order_by(AuditEvent.id)
        ).scalars()
        return [(e.action, e.detail.get("notice"), e.detail.get("status")) for e in events]


@pytest.mark.parametrize("status", ["draft", "in_review", "approved", "in_dialogue",
                                    "in_procurement"])
def test_notices_are_kept_and_removed_in_every_open_state(ted, login, seeded, draft, status):
    # The market dialogue is when officers scan the most: the annex changes until the
    # need is contracted, withdrawn or closed.
    ted([Reply(json=page_of(NOTICES))])
    _set_status(seeded, draft, status)
    client = login("officer")
    client.post_form(f"/needs/{draft}/market-scan", SCAN)
    assert "Spara 100-2025" in client.get(f"/needs/{draft}/market-scan").get_data(as_text=True)
    assert client.post_form(f"/needs/{draft}/market-scan/keep",
                            {"publication_number": "100-2025", "note": "Likt vårt."}
                            ).status_code == 303
    html = client.get(f"/needs/{draft}/market-scan").get_data(as_text=True)
    assert "Sluta spara 100-2025" in html
    with seeded.app_context():
        kept = db.session.execute(db.select(KeptNotice.id)).scalar_one()
    assert client.post_form(f"/needs/{draft}/market-scan/kept/{kept}/remove").status_code == 303
    assert "Inga annonser är sparade ännu." in client.get(
        f"/needs/{draft}/market-scan").get_data(as_text=True)
    assert _annex_events(seeded, draft) == [("marketscan.kept", "100-2025", status),
                                            ("marketscan.forgotten", "100-2025", status)]


@pytest.mark.parametrize("status", ["withdrawn", "contracted", "closed"])
def test_the_annex_is_fixed_once_the_need_is_no_longer_open(ted, login, seeded, draft,
                                                            status):
    ted([Reply(json=page_of(NOTICES))])
    client = login("officer")
    client.post_form(f"/needs/{draft}/market-scan", SCAN)
    client.post_form(f"/needs/{draft}/market-scan/keep", {"publication_number": "100-2025"})
    _set_status(seeded, draft, status)
    with seeded.app_context():
        kept = db.session.execute(db.select(KeptNotice.id)).scalar_one()
    assert client.post_form(f"/needs/{draft}/market-scan/keep",
                            {"publication_number": "400-2025"}).status_code == 403
    assert client.post_form(f"/needs/{draft}/market-scan/kept/{kept}/remove").status_code == 403
    html = client.get(f"/needs/{draft}/market-scan").get_data(as_text=True)
    assert "Spara 400-2025" not in html and "Sluta spara 100-2025" not in html
    assert "Behovet är inte längre öppet, så bilagan ligger fast." in html
    with seeded.app_context():
        assert db.session.execute(db.select(KeptNotice.publication_number)).scalars().all() \
            == ["100-2025"]
    assert [event[0] for event in _annex_events(seeded, draft)] == ["marketscan.kept"]


def _article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def _pdf_text(data: bytes) -> str:
    pdf = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def _without_page_heads(text: str) -> str:
    """The PDF's text without its running heads ("UTB-2026-004 Title Sida 2 av 3")."""
    return re.sub(r"UTB-\d{4}-\d{3} Mindre matsvinn i skolkök Sida \d+ av \d+ ?", "", text)


def test_the_annex_is_dated_and_leaves_the_approved_text_as_it_was(ted, login, seeded,
                                                                   draft):
    ted([Reply(json=page_of(NOTICES))])
    _set_status(seeded, draft, "in_dialogue")
    client = login("officer")
    approved_html = _article(client.get(f"/needs/{draft}/statement").get_data(as_text=True))
    approved_pdf = _pdf_text(client.get(f"/needs/{draft}/statement.pdf").data)
    assert "Bilaga" not in approved_html

    client.post_form(f"/needs/{draft}/market-scan", SCAN)
    client.post_form(f"/needs/{draft}/market-scan/keep",
                     {"publication_number": "100-2025", "note": "Stockholm har provat."})
    with seeded.app_context():
        today = format_long_date(
            local_date(utcnow(), seeded.config["BABEL_DEFAULT_TIMEZONE"]), "sv")
    html = _article(client.get(f"/needs/{draft}/statement").get_data(as_text=True))
    # The approved text, numbers and all, is unchanged; the annex follows it, dated.
    assert html.startswith(approved_html.rstrip()[:-len("</section>")])
    annex = html[len(approved_html.rstrip()) - len("</section>"):]
    assert "Bilaga A: Tidigare upphandlingar och marknadsdialoger" in annex
    assert f"Per den {today}." in annex and "100-2025" in annex
    assert "inte en del av behovsbeskrivningens fastställda text" in annex
    with seeded.app_context():
        need = by_reference(draft)
        assert (need.status, need.version) == ("in_dialogue", 1)

    pdf = _pdf_text(client.get(f"/needs/{draft}/statement.pdf").data)
    fixed, annex = _without_page_heads(pdf).split("Bilaga A: ")
    assert fixed.strip() == _without_page_heads(approved_pdf).strip()  # cover and sections
    assert annex.startswith(f"Tidigare upphandlingar och marknadsdialoger Per den {today}.")
    assert "Stockholm har provat." in annex

    # Removing the last notice removes the annex: the statement is as approved again.
    with seeded.app_context():
        kept = db.session.execute(db.select(KeptNotice.id)).scalar_one()
    client.post_form(f"/needs/{draft}/market-scan/kept/{kept}/remove")
    assert _article(client.get(f"/needs/{draft}/statement").get_data(as_text=True)) \
        == approved_html


def test_asking_again_shows_the_answer_to_the_latest_question(ted, login):
    server = ted([Reply(json=page_of(NOTICES[:1])), Reply(json=page_of(NOTICES[1:2]))])
    client = login("officer")
    only_prior = {**SCAN, "kinds": ["prior_information"]}
    only_contract = {**SCAN, "kinds": ["contract"]}
    client.post_form("/needs/UTB-2026-001/market-scan", only_prior)
    client.post_form("/needs/UTB-2026-001/market-scan", only_contract)
    client.post_form("/needs/UTB-2026-001/market-scan", only_prior)  # from the cache
    assert len(server.requests) == 2
    html = client.get("/needs/UTB-2026-001/market-scan").get_data(as_text=True)
    assert "100-2025" in html and "200-2025" not in html


def test_cli_ted_scan_prints_what_the_panel_shows(ted, seeded):
    ted([Reply(json=page_of(NOTICES))])
    result = seeded.test_cli_runner().invoke(args=["ted-scan", "UTB-2026-001"])
    assert result.exit_code == 0, result.output
    assert "UTB-2026-001: 4 notices" in result.output
    assert result.output.index("Prior information notices (2)") < \
        result.output.index("Award notices (1)")
    assert "2025-09-01  400-2025" in result.output


def test_a_timed_out_answer_is_shown_as_incomplete_and_asked_again(ted, login):
    server = ted([Reply(json=page_of(NOTICES[:2], total=2, timed_out=True)),
                  Reply(json=page_of(NOTICES))])
    server.strict = True  # the body as TED checks it
    client = login("officer")
    response = client.post_form("/needs/UTB-2026-001/market-scan", SCAN, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "TED hann inte klart med sökningen: listan nedan är ofullständig." in html
    assert "Listan är ofullständig." in html and "200-2025" in html
    assert "2 annonser hittades" not in html  # not presented as the complete answer
    # An incomplete answer is not served from the cache: the next scan asks TED again.
    html = client.post_form("/needs/UTB-2026-001/market-scan", SCAN,
                            follow_redirects=True).get_data(as_text=True)
    assert len(server.requests) == 2
    assert "Listan är ofullständig." not in html and "400-2025" in html


def test_cli_says_when_the_list_is_incomplete(ted, seeded):
    ted([Reply(json=page_of(NOTICES[:1], total=1, timed_out=True))])
    result = seeded.test_cli_runner().invoke(args=["ted-scan", "UTB-2026-001"])
    assert result.exit_code == 0, result.output
    assert "INCOMPLETE: TED ran out of time" in result.output and "100-2025" in result.output
    ted([Reply(json=page_of(NOTICES))])
    complete = seeded.test_cli_runner().invoke(args=["ted-scan", "UTB-2026-001"])
    assert "INCOMPLETE" not in complete.output


def test_cli_says_when_ted_cannot_be_reached(ted, seeded):
    ted([Reply(status=503)])
    result = seeded.test_cli_runner().invoke(args=["ted-scan", "UTB-2026-001"])
    assert result.exit_code != 0 and "TED cannot be reached" in result.output

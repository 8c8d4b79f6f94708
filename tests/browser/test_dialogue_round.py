"""The market dialogue round in a real browser: the officer opens one-to-one meetings,
a supplier is alerted, registers, books and asks; the officer answers to all; a second
supplier sees the answer but not who asked; input with a trade secret and a PDF is
sent; the officer closes and downloads the report and the need statement."""
import io
from datetime import datetime, timedelta

import pypdf
import pytest

from tests.browser.conftest import browser_sign_in
from tests.dialogues.participation import PDF

pytestmark = pytest.mark.browser
TITLE = "Enskilda möten: menyer som barnen äter upp"


def _submit(page, selector):
    page.click(selector)
    page.wait_for_load_state()


def _person(browser, live_server, email):
    context = browser.new_context(base_url=live_server, locale="sv-SE",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    browser_sign_in(page, email)
    return page


def _pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return "\n".join(p.extract_text() for p in reader.pages)


def test_the_whole_dialogue_round(browser, live_server, check_accessibility, tmp_path):
    officer = _person(browser, live_server, "officer@procure.example")
    officer.goto("/needs/UTB-2026-001/dialogues/new")
    officer.check("input[name=kind][value=one_to_one]")
    officer.fill("#title", TITLE)
    ahead = datetime.now() + timedelta(days=10)
    for field, days in (("registration_deadline", 0), ("questions_deadline", 1),
                        ("input_deadline", 5)):
        officer.fill(f"#{field}", (ahead + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))
    _submit(officer, "main .form-actions button[type=submit]")
    officer.fill("#starts_at", (ahead + timedelta(days=3)).strftime("%Y-%m-%dT09:00"))
    _submit(officer, "text=Lägg till mötestiden")
    assert "Mötestiden är tillagd." in officer.content()
    check_accessibility(officer)
    # Publishing is checked first: what is published and who is alerted (#17).
    _submit(officer, "main a.button[href$='/publish']")
    check_accessibility(officer)
    _submit(officer, "button[name=target][value=published]")
    dialogue_url = officer.url.split("#")[0]

    # Kökssvinn follows division 55, the need's main code: it is alerted.
    supplier = _person(browser, live_server, "supplier@procure.example")
    _submit(supplier, "nav >> text=Aviseringar")
    check_accessibility(supplier)
    _submit(supplier, f"text={TITLE}")
    supplier.fill("#attendees", "Sara Holm")
    _submit(supplier, "text=Anmäl Kökssvinn Analys AB")
    _submit(supplier, "section[aria-labelledby=meetings] button:has-text('Boka')")
    assert "Mötet är bokat." in supplier.content()
    supplier.fill("#question", "Vi på Kökssvinn undrar: får vi se menyerna i förväg?")
    _submit(supplier, "text=Skicka frågan")
    check_accessibility(supplier)

    officer.goto(dialogue_url)
    _submit(officer, "text=Svara alla")
    check_accessibility(officer)
    officer.fill("#public_question", "Får leverantören se menyerna i förväg?")
    officer.fill("#answer", "Ja, fyra veckor i förväg.")
    _submit(officer, "main .form-actions button[type=submit]")

    other = _person(browser, live_server, "supplier2@procure.example")
    other.goto(dialogue_url)
    other.fill("#attendees", "Erik Wallin")
    _submit(other, "text=Anmäl Möbelcirkeln AB")
    published = other.locator("#published").locator("..").inner_text()
    assert "Ja, fyra veckor i förväg." in published
    assert "Kökssvinn" not in other.content()
    # The booked time shows as full, and the other company may join its waiting list.
    assert other.locator("section[aria-labelledby=meetings]").get_by_text("Ställ er på väntelistan").count() == 1

    supplier.goto(dialogue_url)
    _submit(supplier, "text=Era skriftliga synpunkter")
    check_accessibility(supplier)
    supplier.fill("#answers", "Vi kan pröva menyprognoser i tio kök.")
    supplier.check("#trade_secret")
    supplier.fill("#secret_parts", "Priset per kök.")
    supplier.fill("#secret_harm", "Konkurrenter skulle se vår prismodell.")
    attachment = tmp_path / "prisbilaga.pdf"
    attachment.write_bytes(PDF)
    supplier.set_input_files("#attachments", str(attachment))
    _submit(supplier, "text=Spara synpunkterna")
    assert "Era synpunkter är sparade." in supplier.content()
    assert supplier.locator("a:has-text('prisbilaga.pdf')").count() == 1

    officer.goto(dialogue_url)
    # Closing is asked for on a page of its own, which says who is told (#16).
    _submit(officer, "a:has-text('Avsluta dialogen')")
    check_accessibility(officer)
    _submit(officer, "button[name=target][value=closed]")
    _submit(officer, "text=Rapport från marknadsdialogen")
    check_accessibility(officer)
    officer.fill("#lessons_learnt", "Menyer fyra veckor i förväg räcker för prognoserna.")
    _submit(officer, "text=Spara lärdomarna")
    with officer.expect_download() as report:
        officer.click("text=Ladda ned rapporten (PDF)")
    text = _pdf_text(report.value)
    assert "Menyer fyra veckor i förväg" in text and "Kökssvinn" not in text
    # Made final, the report goes into the need statement.
    _submit(officer, "section[aria-labelledby=finish-title] button[value=reported]")
    assert "Rapporterad" in officer.content()
    with officer.expect_download() as statement:
        officer.goto("/needs/UTB-2026-001")
        officer.click("a[href$='/statement.pdf']")
    text = _pdf_text(statement.value)
    assert "Marknadsdialog" in text and "Menyer fyra veckor i förväg" in text

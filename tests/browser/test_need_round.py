"""The newcomer's round in a real browser: draft, findings, review, approval, PDF."""
import io

import pypdf
import pytest

from tests.browser.conftest import browser_sign_in

pytestmark = pytest.mark.browser


def _save(page):
    page.click(".form-actions button[name=save]")
    page.wait_for_load_state()


def test_officer_drafts_and_a_second_officer_approves(page, check_accessibility):
    browser_sign_in(page, "officer@procure.example")
    page.click("nav.main-nav >> text=Behov")
    page.click("text=Beskriv ett nytt behov")
    page.fill("#title", "Tryggare övergångsställen vid skolor")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    reference = page.locator("h1 .reference").inner_text()

    page.click("a.edit-link[href$='/edit/description']")
    page.fill("#background", "Många barn går till skolan över stora gator.")
    page.fill("#problem", "Bilister ser inte barnen i mörker. Vi ska använda blinkande LED-skyltar.")
    _save(page)
    page.click("a.edit-link[href$='/edit/outcomes']")
    page.fill("[name='rows-0-description']", "Färre barn skadas vid övergångsställen.")
    page.fill("[name='rows-0-indicator']", "Antal skadade barn per år")
    page.fill("[name='rows-0-baseline']", "12")
    page.fill("[name='rows-0-target']", "3")
    _save(page)
    page.click("a.edit-link[href$='/edit/requirements']")
    page.fill("[name='rows-0-text']", "Bilister ska se gående barn på 50 meters avstånd i mörker.")
    page.check("[name='rows-0-outcomes'][value='1']")
    _save(page)

    page.click("a.edit-link[href$='/edit/cpv']")
    page.fill("#cpv_query", "fordon")
    page.click("button[name=search]")
    page.wait_for_load_state()
    page.fill("#cpv_query", "trafik")
    page.click("button[name=search]")
    page.wait_for_load_state()
    page.fill("#cpv_query", "73420000")
    page.click("button[name=search]")
    page.wait_for_load_state()
    page.click("button[name=add_code][value='73420000-2']")  # without JavaScript: a form post
    page.wait_for_load_state()
    assert page.input_value("#cpv_main") == "73420000-2"
    _save(page)
    page.click("a.edit-link[href$='/edit/basics']")
    page.fill("#estimated_value_sek", "1800000")
    _save(page)
    assert "1 800 000 kr" in page.inner_text("main").replace("\u00a0", " ")

    findings = page.locator("ul.findings").inner_text()
    assert "ska använda" in findings
    check_accessibility(page)
    # Sending is checked first: every part on one page, then the one button (#17).
    page.click("main a.button[href$='/submit']")
    page.wait_for_load_state()
    assert "granskning" in page.locator("h1").inner_text()
    check_accessibility(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Under granskning" in page.locator("dl.facts").first.inner_text()
    assert page.locator("button[name=target][value=approved]").count() == 0  # not the author

    page.click("header button:has-text('Logga ut')")
    browser_sign_in(page, "reviewer@procure.example")
    page.goto(f"/needs/{reference}")
    page.fill("#comment", "Godkänd.")
    page.click("button[name=target][value=approved]")
    page.wait_for_load_state()
    assert "Godkänd" in page.locator("dl.facts").first.inner_text()

    with page.expect_download() as download_info:
        page.click("text=Ladda ner behovsbeskrivningen (PDF)")
    download = download_info.value
    assert download.suggested_filename == f"{reference}-behovsbeskrivning-v1.pdf"
    reader = pypdf.PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Tryggare övergångsställen vid skolor" in text and "UTKAST" not in text

    page.click("text=Behovsbeskrivningen som tillgänglig webbsida")
    assert page.locator("article.statement h1").inner_text() == "Tryggare övergångsställen vid skolor"
    check_accessibility(page)

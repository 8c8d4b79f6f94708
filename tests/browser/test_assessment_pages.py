"""The self-assessment's pages in a real browser: axe-core finds nothing on the overview,
the questionnaire, its error state and the officers' read-only view, in both languages;
the radar is drawn under the CSP; the questionnaire works without JavaScript."""
import pytest

from tests.browser.conftest import browser_sign_in
from tests.conftest import ACCOUNTS

pytestmark = pytest.mark.browser


def _english(page):
    page.goto("/")
    page.click("button:has-text('In English')")
    page.wait_for_load_state()


def test_the_assessment_pages_pass_axe(page, check_accessibility):
    browser_sign_in(page, ACCOUNTS["admin"])
    for language in ("sv", "en"):
        if language == "en":
            _english(page)
        for path in ("/assessment", "/assessment?year=2025", "/assessment/2026"):
            page.goto(path)
            check_accessibility(page)
        page.goto("/assessment/2026")
        # A level left out (the demo has them all: clear one, as a new year's form has).
        page.evaluate("document.querySelectorAll('[name=score_support]')"
                      ".forEach(radio => { radio.checked = false; })")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".error-summary").is_visible()
        check_accessibility(page)


def test_officers_read_only_page_passes_axe(page, check_accessibility):
    browser_sign_in(page, ACCOUNTS["officer"])
    page.goto("/assessment/2026")
    assert page.locator("input[type=radio]").count() == 0
    check_accessibility(page)


def test_the_radar_is_drawn_and_the_form_saves_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="sv-SE", java_script_enabled=False,
                                  viewport={"width": 1100, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        browser_sign_in(page, ACCOUNTS["admin"])
        page.goto("/assessment/2026")
        page.check("#score_operations-3")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith("/assessment?year=2026")
        radar = page.locator("figure.chart svg")
        box = radar.bounding_box()
        assert box["width"] > 300 and box["height"] == pytest.approx(box["width"] * 360 / 400,
                                                                      abs=1)
    finally:
        context.close()
    assert refused == []


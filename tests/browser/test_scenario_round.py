"""Contract length in a real browser: two scenarios, the six-year one chosen with
special reasons, and the section in the statement."""
import pytest

from tests.browser.conftest import browser_sign_in

pytestmark = pytest.mark.browser


def _scenario(page, reference, name, base, options=""):
    page.goto(f"/needs/{reference}/scenarios/new")
    page.fill("#name", name)
    page.fill("#base_years", base)
    page.fill("#option_years", options)
    page.fill("#annual_value_sek", "4500000")
    page.fill("#investment_sek", "3600000")
    page.fill("#depreciation_years", "8")
    page.fill("#margin_percent", "15")
    page.fill("#improvement_percent", "3,0")  # a Swedish decimal comma
    page.click("main .form-actions button[type=submit]")
    page.wait_for_load_state()


def test_officer_chooses_six_years_with_special_reasons(page, check_accessibility):
    browser_sign_in(page, "elderly.officer@procure.example")
    reference = "AFF-2026-002"  # the demo's draft need
    _scenario(page, reference, "Ramavtal 4 år", "4")
    _scenario(page, reference, "Ramavtal 4+2 år", "4", "2")
    assert page.locator("h1").inner_text() == "Avtalstid"
    assert page.locator("svg[role=img]").count() == 2
    check_accessibility(page)

    page.check("input[name=scenario] >> nth=1")
    page.fill("#justification", "Investeringen betalar sig först år sex.")
    page.click("#choice ~ form button[type=submit], section.panel form button[type=submit]")
    page.wait_for_load_state()
    assert "ange de särskilda skälen" in page.content()  # asked for, input kept
    assert page.input_value("#justification") == "Investeringen betalar sig först år sex."
    page.fill("#special_reasons", "28 procent av investeringen är oåterbetald efter fyra år.")
    page.click("section.panel form button[type=submit]")
    page.wait_for_load_state()
    assert "Valet och motiveringen är sparade." in page.content()

    page.goto(f"/needs/{reference}/statement")
    statement = page.locator("article.statement").inner_text()
    assert "Avtalstid" in statement and "28 procent av investeringen" in statement

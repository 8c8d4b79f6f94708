"""A supplier with PCP contracts (Nordisk Fastighetsenergi in the finished demo PCP) reads
its contracts and results in the browser; axe-core checks both pages."""
import pytest

from tests.browser.conftest import browser_sign_in

pytestmark = pytest.mark.browser


def test_a_supplier_reads_its_pcp_contracts(page, check_accessibility):
    browser_sign_in(page, "energy@procure.example")
    page.click("nav >> text=FoU-avtal")
    page.wait_for_load_state()
    check_accessibility(page)
    assert page.locator("tbody tr").count() == 3  # phases 1, 2 and 3
    page.click("tbody tr >> nth=0 >> a")
    page.wait_for_load_state()
    check_accessibility(page)
    content = page.content()
    assert "Har genomfört sista fasen" in content and "Stadtbaum" not in content

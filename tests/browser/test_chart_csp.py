"""A chart inlined in a page works under the app's Content-Security-Policy, on a phone."""
import pytest

from procure.core.security import CONTENT_SECURITY_POLICY
from procure.charts import to_svg
from tests.test_charts import SUPPLIER_CASH

pytestmark = pytest.mark.browser


def test_browser_applies_the_chart_under_the_csp_and_fits_a_phone(browser):
    # A style attribute alongside proves the browser would report a violation.
    control = '<p style="color: red">control</p>'
    page_html = (f"<!doctype html><html lang='sv'><title>t</title><body>{control}"
                 f"<div id='box'>{to_svg(SUPPLIER_CASH, 'cash', 'Kassaflödet vänder år 2.')}</div>")
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.route("http://procure.test/", lambda route: route.fulfill(
        body=page_html, content_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}))
    page.goto("http://procure.test/")
    page.wait_for_load_state("load")
    box = page.locator("#box svg").bounding_box()
    name = page.locator("#box svg").get_attribute("aria-labelledby")
    context.close()

    assert len(refused) == 1, refused  # only the control paragraph
    assert box["width"] <= 320 and box["height"] == pytest.approx(box["width"] * 260 / 480, abs=1)
    assert name == "cash-title cash-desc"

"""Every page fits a phone: at 390 px (and 320 px for the main pages) no page scrolls
sideways and axe-core finds nothing; the wide admin pages fit 1280 px.

The crawl is the accessibility test's: each role's pages found by following links, plus
the pages no link reaches (EXTRA_PAGES), so a new page is checked without a change here.
It runs in Swedish, whose longer words are what overflows a narrow screen; the desktop
crawl of test_accessibility.py runs in English, so every page is checked in both.
"""
import os
from pathlib import Path

import pytest

from tests.browser.conftest import browser_sign_in
from tests.browser.test_accessibility import EXTRA_PAGES, _crawl
from tests.conftest import ACCOUNTS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
# The admin pages with the widest content: they must fit an ordinary desktop screen.
WIDE_ADMIN_PAGES = ["/admin/audit", "/admin/users", "/admin/users?role=supplier",
                    "/admin/departments", "/dashboard", "/dialogues/2/log"]


def page_width_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def _widest(page) -> str:
    """The elements that reach past the window's right edge, to say what to fix."""
    return page.evaluate("""() => {
        const w = window.innerWidth, found = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && !el.closest('.table-scroll')) {
                found.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
                    + ' ' + Math.round(r.right));
            }
        }
        return found.slice(0, 6).join(', ');
    }""")


def _fits(check_accessibility, problems):
    """A crawl check that notes every page too wide or failing axe, so one run lists them all."""
    def check(page):
        overflow = page_width_overflow(page)
        if overflow:
            problems.append(f"{page.url} is {overflow} px wider than "
                            f"{page.viewport_size['width']} px: {_widest(page)}")
        try:
            check_accessibility(page)
        except AssertionError as error:
            problems.append(str(error))
    return check


@pytest.mark.parametrize("role", list(EXTRA_PAGES))
def test_every_page_fits_a_phone_and_passes_axe(page, live_server, check_accessibility, role):
    page.set_viewport_size(PHONE)
    if role != "anonymous":
        browser_sign_in(page, ACCOUNTS[role])
    assert page.evaluate("window.innerWidth") == 390
    problems = []
    seen = _crawl(page, live_server, ["/"] + EXTRA_PAGES[role], _fits(check_accessibility, problems))
    assert not problems, "\n".join(problems)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert len(seen) >= 3


@pytest.mark.parametrize("role, paths", [
    ("supplier", ["/", "/dialogues", "/dialogues/2", "/suppliers/organisation"]),
    ("officer", ["/needs", "/needs/AFF-2026-002", "/dashboard", "/dialogues/2"]),
])
def test_the_main_pages_fit_the_smallest_phone(page, live_server, role, paths):
    page.set_viewport_size(SMALL_PHONE)
    browser_sign_in(page, ACCOUNTS[role])
    for path in paths:
        page.goto(path)
        assert page_width_overflow(page) == 0, f"{path} at 320 px: {_widest(page)}"


def test_cpv_search_results_fit_a_phone(page, live_server, check_accessibility):
    # Results appear only after the search button (a POST), which no crawl presses.
    page.set_viewport_size(PHONE)
    browser_sign_in(page, ACCOUNTS["admin"])  # AFF is not the demo officer's department
    page.goto("/needs/AFF-2026-002/edit/cpv")
    page.fill("input[name=cpv_query]", "ventilation")
    page.click("button[name=search]")
    assert page.locator("td.code").count() > 0
    assert page_width_overflow(page) == 0, f"CPV results at 390 px: {_widest(page)}"
    lines = page.locator("td.code").first.evaluate(
        "cell => { const text = document.createRange(); text.selectNodeContents(cell);"
        " return new Set([...text.getClientRects()].map(r => Math.round(r.top))).size; }")
    assert lines == 1, "a CPV code wraps over two lines"
    check_accessibility(page)


def test_the_wide_admin_pages_fit_a_desktop(page, live_server):
    # axe checks them in the admin's desktop crawl (test_accessibility.py), at this width.
    page.set_viewport_size(DESKTOP)
    browser_sign_in(page, ACCOUNTS["admin"])
    for path in WIDE_ADMIN_PAGES:
        page.goto(path)
        assert page_width_overflow(page) == 0, f"{path} at 1280 px: {_widest(page)}"


def test_the_check_sees_a_page_that_scrolls_sideways(page, live_server):
    # Guards against a check that cannot fail: a wide block must make the page too wide.
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page_width_overflow(page) == 0
    # Styled through the DOM: the page's Content-Security-Policy refuses inline styles.
    page.evaluate("() => { const wide = document.createElement('div');"
                  " wide.style.width = '600px'; wide.textContent = 'wide';"
                  " document.querySelector('main').append(wide); }")
    assert page_width_overflow(page) > 0


SCREENSHOT_PAGES = [("officer", "/needs/AFF-2026-002"), ("supplier", "/dialogues/2"),
                    ("officer", "/dashboard")]


@pytest.mark.skipif(not os.environ.get("PROCURE_SCREENSHOTS"),
                    reason="screenshots for review: PROCURE_SCREENSHOTS=<folder> makes them")
def test_screenshots_for_review(page, live_server):
    """``PROCURE_SCREENSHOTS=/tmp/shots pytest tests/browser/test_narrow_screens.py -k screenshots``
    writes the need page, the dialogue page and the dashboard at 390 and 1280 px."""
    folder = Path(os.environ["PROCURE_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    signed_in = None
    for role, path in SCREENSHOT_PAGES:
        if role != signed_in:
            page.context.clear_cookies()
            browser_sign_in(page, ACCOUNTS[role])
            signed_in = role
        for size in (PHONE, DESKTOP):
            page.set_viewport_size(size)
            page.goto(path)
            name = path.strip("/").replace("/", "-") or "start"
            page.screenshot(path=folder / f"{name}-{size['width']}.png", full_page=True)
            assert page_width_overflow(page) == 0

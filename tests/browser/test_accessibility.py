"""axe-core finds no WCAG 2.1 A/AA violation on any page, for any role, in either language.

Pages are found by following the links of each role's pages (so a new linked page is
checked without a change here), plus the pages listed in EXTRA_PAGES that no link
reaches, and the error states of the main forms.

Every page is checked twice, once per language and once per width: here in English on a
desktop, and in Swedish (the longer words) on a phone by test_narrow_screens.py. Each
axe run is most of a page's time in the suite; a third crawl would find nothing the
two do not (axe's findings depend on the markup, which the language and the width each
change, not on their combination).
"""
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import browser_sign_in
from tests.conftest import ACCOUNTS

pytestmark = pytest.mark.browser

MAX_PAGES = 60
# Pages of one kind share a template: check this many of each kind (the need pages of
# two needs, not of all eight), so the crawl stays quick as the demo data grows.
PER_KIND = 2
# Pages no link leads to, or that only show something after an action.
EXTRA_PAGES = {
    "anonymous": ["/no-such-page", "/dialogues/5/report", "/password/reset/sent",
                  "/password/reset/no-such-token",
                  # Ideas in and the case library (the demo's published pilot).
                  "/ideas/new", "/cases/", "/cases/UTB-2026-003",
                  # The need statement the market reads (a published dialogue's need).
                  "/needs/UTB-2026-001/statement",
                  # Linked from every footer, last of a page's links: listed so that the
                  # crawl's page limit never leaves it out.
                  "/open-data"],
    "supplier": ["/suppliers/organisation/edit", "/account/password", "/alerts",
                 "/suppliers/organisation/interests", "/pcp/contracts",
                 "/account/personal-data", "/account/delete"],
    "pending_supplier": [],
    "officer": ["/account/password", "/cpv?q=skol", "/needs/new", "/alerts",
                # Closing and cancelling the open request for information, confirmed first.
                "/dialogues/1/confirm/close", "/dialogues/1/confirm/cancel",
                "/needs/AFF-2026-002/edit/basics",
                # The demo's finished PCP, whose phases this officer evaluated.
                "/needs/UTB-2026-002/pcp", "/needs/UTB-2026-002/pcp/phases/1",
                "/needs/UTB-2026-002/pcp/phases/1/evaluation", "/needs/UTB-2026-001/pcp",
                "/needs/UTB-2026-001/pcp/plan",
                # Ideas, risks, the tender form, follow-up and the portfolio (#18).
                "/ideas/", "/ideas/2", "/needs/UTB-2026-001/risks",
                "/needs/UTB-2026-001/tender", "/needs/UTB-2026-003/follow-up",
                "/portfolio", "/needs/UTB-2026-001/resources"],
    "admin": ["/admin/users/new", "/admin/departments", "/admin/users?role=supplier",
              # The audit trail, and its filter with a date that is not one.
              "/admin/audit", "/admin/audit?action=auth.&from=2026-13-01",
              "/needs/AFF-2026-002/edit/outcomes", "/needs/AFF-2026-002/edit/requirements",
              "/needs/AFF-2026-002/edit/cpv", "/needs/AFF-2026-002/edit/procedure",
              "/needs/AFF-2026-002/edit/description", "/cpv",
              "/needs/AFF-2026-002/scenarios/new", "/needs/UTB-2026-002/scenarios",
              # The demo's dialogues (ids in the order of data/seed/dialogues.json):
              # the open one-to-one meetings, the closed one, the reported one.
              "/dialogues/2", "/dialogues/2/inputs", "/dialogues/2/log",
              "/dialogues/2/information", "/dialogues/questions/2/answer",
              "/dialogues/bookings/1/minutes", "/dialogues/4/report", "/dialogues/5",
              "/dialogues/minutes/1/share", "/dialogues/2/edit",
              # Checked before it is done: sending a draft for review, withdrawing it,
              # publishing the demo's draft dialogue (#17).
              "/needs/AFF-2026-002/submit", "/needs/AFF-2026-002/withdraw",
              "/dialogues/3/publish",
              # The demo's PCP in phase 2.
              "/needs/AFF-2026-003/pcp", "/needs/AFF-2026-003/pcp/plan",
              "/needs/AFF-2026-003/pcp/phases/0", "/needs/AFF-2026-003/pcp/phases/2",
              "/needs/AFF-2026-003/pcp/phases/2/evaluation",
              "/needs/AFF-2026-003/pcp/phases/1/evaluation"],
}
SKIPPED_PREFIXES = ("/static/", "/api/")


def _same_site_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or not parts.path:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # Downloads are known by their path: "/admin/audit.csv?action=auth." is one too.
        if not path.startswith(SKIPPED_PREFIXES) and not parts.path.endswith((".pdf", ".csv", ".json", ".xml", ".atom", ".ics", ".gz")):
            yield path


def page_kind(path: str) -> str:
    """``/needs/UTB-2026-001/history`` and ``/needs/AFF-2026-002/history`` are one kind."""
    path = re.sub(r"[A-Z]+-\d{4}-\d{3}", "<ref>", path.split("?")[0])
    return re.sub(r"\d+", "<n>", path)


def _crawl(page, base, start_paths, check):
    seen, queue, kinds = set(), list(start_paths), Counter()
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or (path not in start_paths and kinds[page_kind(path)] >= PER_KIND):
            continue
        seen.add(path)
        kinds[page_kind(path)] += 1
        page.goto(path)
        check(page)
        queue.extend(link for link in _same_site_links(page, base) if link not in seen)
    return seen


def switch_to_english(page):
    page.goto("/")
    page.click("button:has-text('In English')")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("role", list(EXTRA_PAGES))
def test_every_page_passes_axe_in_english(page, live_server, check_accessibility, role):
    if role != "anonymous":
        browser_sign_in(page, ACCOUNTS[role])
    switch_to_english(page)
    seen = _crawl(page, live_server, ["/"] + EXTRA_PAGES[role], check_accessibility)
    assert page.locator("html").get_attribute("lang") == "en"
    assert len(seen) >= 3


def test_form_errors_pass_axe(page, check_accessibility):
    page.goto("/login")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    check_accessibility(page)
    page.goto("/suppliers/register")
    page.fill("#org_number", "811218-9876")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "personnummer" in page.content()
    check_accessibility(page)


def test_skip_link_reaches_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_supplier_registers_in_the_browser(page):
    page.goto("/suppliers/register")
    page.fill("#company_name", "Grönska Innovation AB")
    page.check("input[name=country_kind][value=se]")
    page.fill("#org_number", "556036-0793")
    page.check("input[name=size][value=micro]")
    page.fill("#contact_name", "Ylva Åström")
    page.fill("#email", "ylva@gronska.example")
    page.fill("#password", "a long enough password")
    page.fill("#confirm_password", "a long enough password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # No account yet: the link in the mail makes it (tests/suppliers/test_verification.py).
    assert page.locator("h1").inner_text() in ("Titta i din e-post", "Check your e-mail")


def test_the_checker_itself_reports_violations(page, check_accessibility):
    # Guards against a check that silently passes: an unlabelled field must fail it.
    page.goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML("
                  "'beforeend', '<img src=\"x\"><input type=\"text\">')")
    with pytest.raises(AssertionError, match="image-alt.*\\n.*label"):
        check_accessibility(page)

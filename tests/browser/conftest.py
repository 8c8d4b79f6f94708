"""A real browser against the app served on 127.0.0.1, and axe-core to check pages.

Debian's Chromium is driven through Playwright's Python API. Where Chromium is absent
the browser tests skip with the reason; CI sets PROCURE_BROWSER_TESTS=required, which
turns that skip into a failure. PROCURE_BROWSER_TESTS=once-done skips them with that
reason: CI's PostgreSQL pass, after the SQLite pass ran them (they check pages, what a
browser shows and axe finds, which the database does not change).
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("PROCURE_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("PROCURE_BROWSER_TESTS") == "required"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PROCURE_BROWSER_TESTS") != "once-done":
        return
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason="the browser tests ran in this CI run's SQLite pass")
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)


def _skip_or_fail(reason: str):
    if REQUIRED:
        pytest.fail(f"browser tests are required here, but {reason}")
    pytest.skip(reason)


def _axe_script() -> str:
    """axe-core's browser script: AXE_CORE_PATH if given, else the copy in axe-playwright-python."""
    path = os.environ.get("AXE_CORE_PATH")
    if not path:
        try:
            import axe_playwright_python
        except ImportError:
            _skip_or_fail("axe-core is not installed (pip install -e '.[test]')")
        path = str(Path(axe_playwright_python.__file__).parent / "axe.min.js")
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # The machine has no internet: keep Chromium from trying to reach it.
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _axe_script()


@pytest.fixture
def live_server(seeded):
    """The seeded app served by a real HTTP server on 127.0.0.1 for one test."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log in test output
    server = make_server("127.0.0.1", 0, seeded, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def check_accessibility(axe_source):
    """``check_accessibility(page)`` runs axe-core (WCAG 2.1 A and AA) and fails on any violation."""

    def _check(page):
        page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not violations, f"{page.url}:\n" + "\n".join(violations)

    return _check


def browser_sign_in(page, email: str, password: str = "procure-demo-2026") -> None:
    """Sign in through the real form, as a person would, with the demo admin's code
    from its published TOTP secret when the second step asks for one."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # A code is accepted once; the next time step's is accepted early, so a second
    # sign-in within the same 30 seconds uses that one.
    for steps_ahead in (0, 1):
        if not page.url.endswith("/login/code"):
            return
        page.fill("#code", _demo_code(email, steps_ahead))
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    assert not page.url.endswith("/login/code"), f"the sign-in code of {email} was refused"


def _demo_code(email: str, steps_ahead: int) -> str:
    import json
    import time

    import pyotp

    users = json.loads((Path(__file__).resolve().parents[2] / "data" / "seed" / "users.json")
                       .read_text(encoding="utf-8"))
    secret = next(user["totp_secret"] for user in users if user["email"] == email)
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)

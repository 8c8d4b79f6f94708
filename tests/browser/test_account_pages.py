"""The pages of two-factor sign-in and password reset that no crawl reaches, in a real
browser with axe-core: the code step, the setup with its QR code, the recovery codes,
and the reset form."""
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pyotp
import pytest

from procure.auth.models import PasswordResetToken
from procure.auth.reset import token_hash
from procure.db import utcnow
from procure.extensions import db
from tests.browser.conftest import browser_sign_in
from tests.conftest import ACCOUNTS, user_by_role

pytestmark = pytest.mark.browser


def _submit(page):
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_the_code_step_passes_axe_and_signs_in(page, check_accessibility):
    page.goto("/login")
    page.fill("#email", ACCOUNTS["admin"])
    page.fill("#password", "procure-demo-2026")
    _submit(page)
    assert page.url.endswith("/login/code")
    check_accessibility(page)
    page.fill("#code", "000000")
    _submit(page)
    assert page.locator(".error-summary").is_visible()
    check_accessibility(page)
    browser_sign_in(page, ACCOUNTS["admin"])
    assert urlsplit(page.url).path == "/"  # the start page: the admin's own work


def test_setting_up_two_factor_passes_axe(page, check_accessibility):
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    browser_sign_in(page, ACCOUNTS["officer"])
    page.goto("/account")
    page.click("a[href='/account/two-factor']")
    page.wait_for_load_state()
    check_accessibility(page)
    _submit(page)
    qr = page.locator("figure.qr svg[role=img]")
    assert qr.is_visible() and qr.get_attribute("aria-label")
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["height"] >= 150
    check_accessibility(page)
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main form[action$='/confirm'] button[type=submit]")
    page.wait_for_load_state()
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    check_accessibility(page)
    page.goto("/account/two-factor")
    check_accessibility(page)
    assert refused == []  # the inline SVG needs no inline style


def test_the_reset_form_passes_axe(page, live_server, seeded, check_accessibility):
    with seeded.app_context():
        db.session.add(PasswordResetToken(user_id=user_by_role("officer").id,
                                          token_hash=token_hash("a-token-for-the-browser"),
                                          expires_at=utcnow() + timedelta(minutes=30)))
        db.session.commit()
    page.goto("/password/reset/a-token-for-the-browser")
    check_accessibility(page)
    page.fill("#new_password", "short")
    page.fill("#confirm_password", "short")
    _submit(page)
    assert page.locator(".error-summary").is_visible()
    check_accessibility(page)
    page.goto("/password/reset")
    page.fill("#email", "nobody@procure.example")
    _submit(page)
    assert page.url.endswith("/password/reset/sent")

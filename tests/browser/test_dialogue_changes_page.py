"""A published dialogue changed by its officer: the dialogue page's list of changes and
the equal-treatment log pass axe and fit a phone, in Swedish and English."""
import pytest

from procure.dialogues import changes
from procure.extensions import db
from tests.browser.conftest import browser_sign_in
from tests.browser.test_narrow_screens import PHONE, page_width_overflow
from tests.conftest import user_by_role
from tests.dialogues.participation import one_to_one

pytestmark = pytest.mark.browser
PLACE = "Stadshuset, Hantverkargatan 1, Stockholm"


def _check_both_widths(page, check_accessibility):
    check_accessibility(page)
    page.set_viewport_size(PHONE)
    assert page_width_overflow(page) == 0
    check_accessibility(page)


def test_the_changes_pass_axe_and_fit_a_phone(browser, live_server, seeded,
                                              check_accessibility):
    with seeded.app_context():
        dialogue = one_to_one()
        told = changes.differences(dialogue, {
            "place": PLACE, "input_deadline": dialogue.input_deadline.replace(day=28)})
        dialogue.place = PLACE
        changes.announce(dialogue, told, user_by_role("officer"))
        db.session.commit()
        dialogue_id = dialogue.id
    for locale in ("sv-SE", "en-GB"):
        context = browser.new_context(base_url=live_server, locale=locale)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"/dialogues/{dialogue_id}")
        assert page.locator("#changes-title").count() == 1
        assert PLACE in page.locator("#changes-title + ul").inner_text()
        _check_both_widths(page, check_accessibility)
        context.close()
    context = browser.new_context(base_url=live_server, locale="sv-SE")
    officer = context.new_page()
    officer.set_default_timeout(10_000)
    browser_sign_in(officer, "officer@procure.example")
    officer.goto(f"/dialogues/{dialogue_id}/log")
    assert "Dialogen ändrad" in officer.content() and PLACE in officer.content()
    _check_both_widths(officer, check_accessibility)
    context.close()

"""The need list counts its matches only up to a bound, and still pages past it."""
import re

import pytest


@pytest.fixture
def app_config():
    # 8 demo needs, 2 a page, counted up to 5: the list must say "more than" and page on.
    # In English, so the assertions read the msgids whatever the translations say.
    return {"PAGE_SIZE": 2, "LIST_COUNT_BOUND": 5, "BABEL_DEFAULT_LOCALE": "en"}


def _references(page_html: str) -> list[str]:
    return re.findall(r'href="/needs/([A-Z]+-\d{4}-\d{3})"', page_html)


def test_list_past_the_bound_says_more_than_and_pages_on(login):
    client = login("admin")
    first = client.get("/needs/")
    assert first.status_code == 200
    assert "More than 5 needs" in first.text
    seen = []
    page, response = 1, first
    while True:
        references = _references(response.text)
        assert len(references) <= 2
        seen += references
        if 'rel="next"' not in response.text:
            break
        page += 1
        response = client.get(f"/needs/?page={page}")
        assert response.status_code == 200
    # Every need, each once, newest first across the pages: none lost past the bound.
    assert len(seen) == len(set(seen)) == 8
    assert page == 4


def test_a_filtered_list_under_the_bound_shows_its_exact_count(login):
    client = login("admin")
    response = client.get("/needs/?q=NO-SUCH-WORD")
    assert response.status_code == 200
    assert "0 needs" in response.text
    assert "More than" not in response.text

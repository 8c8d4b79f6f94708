"""The CPV search page and its JSON, through HTTP as officers and others use them."""
import pytest

from procure.cpv.models import CpvCode
from procure.extensions import db


def test_the_empty_page_has_a_labelled_search_form(login):
    page = login("officer").get("/cpv")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form method="get" action="/cpv" role="search"' in html
    assert '<label for="q">Kod eller ord</label>' in html
    assert 'type="search"' in html and 'aria-describedby="q-hint"' in html
    assert "<table>" not in html


def test_search_by_swedish_word(login):
    html = login("officer").get("/cpv?q=TRÄD").get_data(as_text=True)
    assert "<caption>Koder som matchar ”TRÄD”</caption>" in html
    assert "<td>03452000-3</td><td>Träd</td><td>Varor</td>" in html
    assert 'value="TRÄD"' in html  # the query stays in the box


def test_search_by_code_prefix(login):
    html = login("officer").get("/cpv?q=7311").get_data(as_text=True)
    assert "<td>73110000-6</td><td>Forskning</td><td>Tjänster</td>" in html


def test_search_in_english(login):
    client = login("officer")
    client.post_form("/language", {"lang": "en"})
    html = client.get("/cpv?q=trees").get_data(as_text=True)
    assert "<td>03452000-3</td><td>Trees</td><td>Supplies</td>" in html


def test_no_match_says_so(login):
    page = login("officer").get("/cpv?q=rymdskepp")
    assert page.status_code == 200
    assert "Inga koder matchar ”rymdskepp”." in page.get_data(as_text=True)


def test_many_matches_ask_for_a_narrower_search(login, seeded):
    with seeded.app_context():
        # 60 made-up codes under one class, so that a search returns more than a page.
        for n in range(60):
            db.session.add(CpvCode(code=f"7311{n + 1:04d}-0", parent_code="73110000-6",
                                   kind="services", label_en=f"Research {n}",
                                   label_sv=f"Forskning {n}"))
        db.session.commit()
    html = login("officer").get("/cpv?q=forskning").get_data(as_text=True)
    assert html.count("<tr><td>") == 50
    assert "Bara de första 50 koderna visas" in html


def test_a_query_that_is_too_long_is_refused(login):
    page = login("officer").get("/cpv?q=" + "a" * 101)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Skriv högst 100 tecken." in html and 'aria-invalid="true"' in html


def test_before_the_import_the_page_says_how_to_import(login, seeded):
    client = login("admin")
    with seeded.app_context():
        # Leaves first: a parent cannot go while its children point at it.
        for level in range(7, 0, -1):
            db.session.execute(db.delete(CpvCode).where(CpvCode.level == level))
        db.session.commit()
    html = client.get("/cpv?q=träd").get_data(as_text=True)
    assert "CPV-listan är inte importerad än" in html
    assert "flask --app procure import-cpv" in html
    assert "<form method=\"get\"" not in html


def test_json_search(login):
    client = login("officer")
    answer = client.get("/cpv/search.json?q=7311").get_json()
    assert answer == {"query": "7311", "language": "sv", "results": [
        {"code": "73110000-6", "label": "Forskning", "kind": "services", "parent": "73100000-3"}]}
    assert len(client.get("/cpv/search.json?q=7&limit=3").get_json()["results"]) == 3
    assert len(client.get("/cpv/search.json?q=7&limit=500").get_json()["results"]) <= 50
    assert client.get("/cpv/search.json?q=7&limit=x").status_code == 200
    assert client.get("/cpv/search.json").get_json()["results"] == []


@pytest.mark.parametrize("url", ["/cpv?q=träd", "/cpv/search.json?q=7311"])
def test_only_city_staff_search(make_client, url):
    assert make_client("admin").get(url).status_code == 200
    assert make_client("supplier").get(url).status_code == 403
    anonymous = make_client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]

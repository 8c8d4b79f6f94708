"""Finding needs by words: the same needs on SQLite and PostgreSQL, best match first,
read through an index on each."""
import pytest
import sqlalchemy as sa

from procure.extensions import db
from procure.needs import search
from procure.needs.queries import NeedFilters, need_list

TITLES = ("Mindre matsvinn i förskolans kök", "Öppna data om matsvinn",
          "Säkrare övergångsställen vid skolor", "Matsalens möbler håller längre")


@pytest.fixture
def needs(seeded, make_need):
    return {title: make_need(title=title) for title in TITLES}


def _found(app, text: str) -> list[str]:
    with app.app_context():
        return [need.title for need in db.session.execute(
            need_list(NeedFilters(text=text))).scalars() if need.title in TITLES]


@pytest.mark.parametrize(("text", "expected"), [
    # A word anywhere in the title, in any case, and every word must be there.
    ("matsvinn", {"Mindre matsvinn i förskolans kök", "Öppna data om matsvinn"}),
    ("MATSVINN förskolans", {"Mindre matsvinn i förskolans kök"}),
    # Inside a word, and with å, ä, ö in another case than the title's.
    ("övergång", {"Säkrare övergångsställen vid skolor"}),
    ("ÖPPNA", {"Öppna data om matsvinn"}),
    ("möbler", {"Matsalens möbler håller längre"}),
    # Short words (below the trigram index's three characters) still count.
    ("om matsvinn", {"Öppna data om matsvinn"}),
    ("i kök", {"Mindre matsvinn i förskolans kök"}),
    ("nothing-like-this", set()),
    ("%", set(TITLES)),  # LIKE's wildcards are no words: nothing left to filter by
])
def test_every_word_must_match_the_same_on_both_databases(app, needs, text, expected):
    assert set(_found(app, text)) == expected


def test_a_search_puts_titles_that_start_with_the_word_first(app, needs):
    found = _found(app, "mat")
    assert found[0] == "Matsalens möbler håller längre"
    assert set(found) == {"Mindre matsvinn i förskolans kök", "Öppna data om matsvinn",
                          "Matsalens möbler håller längre"}


def test_the_reference_is_found_and_comes_first(app, needs):
    reference = needs["Öppna data om matsvinn"]
    with app.app_context():
        found = db.session.execute(need_list(NeedFilters(text=reference.lower()))).scalars()
        assert [need.reference for need in found][:1] == [reference]


def test_the_list_page_searches(login, needs):
    html = login("officer").get("/needs/?q=övergångsställen").get_data(as_text=True)
    assert "Säkrare övergångsställen vid skolor" in html
    assert "Mindre matsvinn i förskolans kök" not in html


def test_the_search_reads_an_index(app, needs):
    with app.app_context():
        statement = need_list(NeedFilters(text="matsvinn")).with_only_columns(
            sa.literal_column("1"))
        compiled = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + compiled))
                assert "VIRTUAL TABLE INDEX" in plan and search.FTS_TABLE in plan
            else:
                connection.exec_driver_sql("SET enable_seqscan = off")
                plan = " ".join(row[0] for row in connection.exec_driver_sql(
                    "EXPLAIN " + compiled))
                assert any(name in plan for name in search.TRIGRAM_INDEXES), plan


def test_a_renamed_need_is_found_by_its_new_title(app, needs):
    from procure.needs.models import Need

    with app.app_context():
        need = db.session.execute(db.select(Need).filter_by(
            reference=needs["Öppna data om matsvinn"])).scalar_one()
        need.title = "Öppna data om skolmat"
        db.session.commit()
    assert _found(app, "matsvinn") == ["Mindre matsvinn i förskolans kök"]
    assert _found(app, "skolmat") == []  # not one of TITLES any more
    with app.app_context():
        assert [n.title for n in db.session.execute(
            need_list(NeedFilters(text="skolmat"))).scalars()] == ["Öppna data om skolmat"]

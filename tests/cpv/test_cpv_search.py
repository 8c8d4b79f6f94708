"""The CPV services: search by code and by words, lookup, validation, the demo seed."""
import pytest

from procure.cpv.models import CpvCode
from procure.cpv.services import get_code, search_codes, validate_codes
from procure.extensions import db
from procure.seeding import load_demo_data


@pytest.fixture
def ctx(seeded):
    """An app context on the demo data, whose seed holds about 70 real CPV codes."""
    with seeded.test_request_context():
        yield


def codes(query, language="sv", limit=20):
    return [found.code for found in search_codes(query, language, limit)]


def test_a_code_prefix_finds_the_code_and_what_lies_under_it(ctx):
    assert codes("7311") == ["73110000-6"]
    # Broader codes first: the division, then groups, then classes.
    assert codes("73") == ["73000000-2", "73100000-3", "73300000-5", "73400000-6",
                           "73110000-6", "73120000-9", "73420000-2", "73430000-5"]
    assert codes("731") == ["73100000-3", "73110000-6", "73120000-9"]


def test_a_whole_code_with_or_without_its_check_digit(ctx):
    assert codes("73110000-6") == ["73110000-6"]
    assert codes("73110000") == ["73110000-6"]
    # A wrong check digit is likely a typo: the code with these digits is still offered.
    assert codes("73110000-5") == ["73110000-6"]
    assert codes("99999999") == []


def test_a_single_digit_lists_divisions_first(ctx):
    found = codes("7", limit=5)
    assert found == ["71000000-8", "72000000-5", "73000000-2", "77000000-0", "71300000-1"]


@pytest.mark.parametrize("query", ["träd", "Träd", "TRÄD", "tRäD"])
def test_swedish_words_in_any_case(ctx, query):
    found = codes(query)
    assert found[0] == "03452000-3"  # "Träd" itself first
    assert "77000000-0" in found  # "... trädgårds- ..." contains the word too


@pytest.mark.parametrize("query", ["äldreomsorg", "ÄLDREOMSORG", "Äldreomsorg"])
def test_words_starting_with_a_swedish_capital(ctx, query):
    assert codes(query) == ["85311100-3"]


def test_every_word_must_appear_in_any_order(ctx):
    assert codes("reparation möbler") == ["50850000-8"]
    assert codes("MÖBLER underhåll") == ["50850000-8"]
    assert codes("möbler fönster") == []


def test_the_label_itself_then_labels_that_start_with_the_words(ctx):
    found = codes("möbler")
    assert found[:2] == ["39100000-3", "39000000-2"]  # "Möbler", "Möbler (inkl. ...)"
    assert "39143000-6" in found  # "Sovrumsmöbler, ...": part of a compound word


def test_english_words_search_the_english_labels(ctx):
    assert codes("repair FURNITURE", "en") == ["50850000-8"]
    assert codes("Furniture", "en")[0] == "39100000-3"
    assert codes("furniture", "sv") == []  # the Swedish labels say "möbler"
    assert codes("school meal", "en") == ["55523100-3"]


def test_wildcards_are_plain_characters(ctx):
    assert codes("%") == [] and codes("_") == [] and codes("m_bler") == []


def test_empty_queries_and_limits(ctx):
    assert codes("") == [] and codes("   ") == []
    assert len(codes("7", limit=3)) == 3
    assert codes("7", limit=0) == []


def test_get_code(ctx):
    research = get_code("73110000-6")
    assert research.label("en") == "Research services" and research.label("sv") == "Forskning"
    assert research.division == "73" and research.parent_code == "73100000-3"
    assert get_code(" 73110000-6 ") == research
    assert get_code("73110000-5") is None and get_code("") is None


def test_validate_codes_names_the_unknown_ones(ctx):
    assert validate_codes(["73110000-6", "03452000-3"]) == []
    assert validate_codes(["73110000-6", "73110000-5", "x", "73110000-5", " ", ""]) == [
        "73110000-5", "x"]
    assert validate_codes([]) == []


def test_a_code_made_one_at_a_time_gets_its_derived_columns(app):
    with app.app_context():
        code = CpvCode(code="03452000-3", parent_code=None, kind="supplies", label_en="Trees",
                       label_sv="Träd")
        assert (code.level, code.search_en, code.search_sv) == (4, "trees", "träd")


def test_the_demo_seed_is_added_once_and_never_overwrites(seeded):
    with seeded.app_context():
        seeded_count = db.session.execute(db.select(db.func.count()).select_from(CpvCode))
        assert seeded_count.scalar_one() >= 40
        # Every code of the seed hangs in the tree, up to its division.
        orphans = db.session.scalars(db.select(CpvCode.code).where(
            CpvCode.parent_code.is_not(None),
            CpvCode.parent_code.not_in(db.select(CpvCode.code)))).all()
        assert orphans == []
        db.session.get(CpvCode, "03452000-3").label_sv = "Träd (importerad)"
        db.session.commit()
        assert load_demo_data(seeded.config["SEED_DIR"])["CPV codes"] == 0
        db.session.commit()
        assert db.session.get(CpvCode, "03452000-3").label_sv == "Träd (importerad)"

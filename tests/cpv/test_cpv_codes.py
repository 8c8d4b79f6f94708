"""The pure rules of CPV codes, labels and queries (no app, no database)."""
import pytest

from procure.cpv.codes import (CodeQuery, WordQuery, code_level, is_ancestor, is_code, parse_query,
                               prefix_upper_bound, search_key, significant_digits, split_codes)


@pytest.mark.parametrize("value, expected", [
    ("73110000-6", True), ("73110000", False), ("7311000-6", False), ("73110000-66", False),
    ("7311000a-6", False), (" 73110000-6", False), ("", False),
])
def test_code_pattern(value, expected):
    assert is_code(value) is expected


@pytest.mark.parametrize("code, digits, level", [
    ("73000000-2", "73", 1),  # division
    ("30000000-9", "30", 1),  # a division whose second digit is a zero
    ("73100000-3", "731", 2),  # group
    ("73110000-6", "7311", 3),  # class
    ("85311000-2", "85311", 4),  # category
    ("45112710-5", "4511271", 6),
])
def test_levels(code, digits, level):
    assert significant_digits(code) == digits
    assert code_level(code) == level


def test_ancestors():
    assert is_ancestor("73000000-2", "73110000-6")
    assert is_ancestor("73110000-6", "73111000-3")
    assert not is_ancestor("73110000-6", "73110000-6")
    assert not is_ancestor("73111000-3", "73110000-6")  # below, not above
    assert not is_ancestor("72000000-5", "73110000-6")  # another division


def test_search_key_folds_case_and_space_in_every_alphabet():
    assert search_key("  TRÄD och  Åker\tÖ ") == "träd och åker ö"
    assert search_key("Straße") == search_key("STRASSE")
    # A decomposed "ä" (a + combining diaeresis) is the same letter as a composed one.
    assert search_key("Tra\u0308d") == search_key("Träd")


@pytest.mark.parametrize("text, expected", [
    ("7311", CodeQuery("7311")),
    (" 73110000 ", CodeQuery("73110000")),
    ("73110000-6", CodeQuery("73110000", "73110000-6")),
    ("73110000-", CodeQuery("73110000")),
    ("Träd  Skötsel träd", WordQuery(("träd", "skötsel"), "träd skötsel träd")),
    ("7311-6", WordQuery(("7311-6",), "7311-6")),  # not a code: compared with labels
    ("", None), ("   ", None),
])
def test_parse_query(text, expected):
    assert parse_query(text) == expected


def test_long_queries_are_cut_to_a_few_words():
    parsed = parse_query(" ".join(f"word{n}" for n in range(30)))
    assert len(parsed.words) == 8


@pytest.mark.parametrize("digits, bound", [
    ("7311", "7312"), ("7319", "732"), ("0", "1"), ("73119999", "7312"), ("9", None), ("99", None),
])
def test_prefix_upper_bound(digits, bound):
    assert prefix_upper_bound(digits) == bound


def test_split_codes():
    assert split_codes("73110000-6, 03452000-3;\n85311100-3  ") == [
        "73110000-6", "03452000-3", "85311100-3"]
    assert split_codes("") == [] and split_codes(None) == []

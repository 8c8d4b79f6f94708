"""Reading and checking a CPV CSV file: the pure module, no app."""
import pytest

from procure.cpv.csvfile import CpvFileError, CpvRow, check_records, parse_cpv_text, read_cpv_file
from tests.cpv.conftest import SMALL_COUNT, SMALL_CSV

HEADER = "code,parent,kind,label_en,label_sv\n"
DIVISION = "73000000-2,,services,Research and development services,FoU-tjänster\n"


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(CpvFileError) as caught:
        parse_cpv_text(text)
    return [(error.line, error.reason) for error in caught.value.errors]


def test_a_good_file():
    rows = parse_cpv_text(SMALL_CSV)
    assert len(rows) == SMALL_COUNT
    assert rows[0] == CpvRow(
        "03000000-1", None, "supplies",
        "Agricultural, farming, fishing, forestry and related products",
        "Jordbruks-, jakt-, fiske- och skogsbruksprodukter samt tillhörande produkter")
    assert rows[3] == CpvRow("03452000-3", "03450000-9", "supplies", "Trees", "Träd")


def test_byte_order_mark_crlf_blank_lines_and_spaces_are_accepted(write_csv):
    text = "\ufeff" + SMALL_CSV.replace("\n", "\r\n") + "\r\n\r\n"
    assert len(read_cpv_file(write_csv(text))) == SMALL_COUNT
    assert parse_cpv_text(HEADER + " 73000000-2 , , services , Research , Forskning \n") == [
        CpvRow("73000000-2", None, "services", "Research", "Forskning")]


def test_an_empty_kind_is_allowed():
    assert parse_cpv_text(HEADER + "73000000-2,,,Research,Forskning\n")[0].kind is None


@pytest.mark.parametrize("header", [
    "code,parent,kind,label_en\n",
    "code;parent;kind;label_en;label_sv\n",
    "kod,förälder,typ,label_en,label_sv\n",
    DIVISION,  # no header at all
])
def test_a_wrong_header_is_refused_on_line_1(header):
    [(line, reason)] = errors_of(header + DIVISION)
    assert line == 1 and "header must be code,parent,kind,label_en,label_sv" in reason


def test_an_empty_file_is_refused():
    assert errors_of("") == [(1, "the file is empty")]


@pytest.mark.parametrize("bad_line, reason", [
    ("7311000-6,73000000-2,services,Research,Forskning", "code '7311000-6' is not of the form"),
    ("73110000,73000000-2,services,Research,Forskning", "code '73110000' is not of the form"),
    ("73110000-6,7300,services,Research,Forskning", "parent '7300' is neither empty nor a code"),
    ("73110000-6,72000000-5,services,Research,Forskning", "does not lie above 73110000-6"),
    ("73110000-6,73000000-2,goods,Research,Forskning", "kind 'goods' is not one of"),
    ("73110000-6,73000000-2,services,,Forskning", "the English label is empty"),
    ("73110000-6,73000000-2,services,Research,  ", "the Swedish label is empty"),
    ("73110000-6,73000000-2,services,Research", "expected 5 fields, found 4"),
    ("73110000-6,73000000-2,services,Research,Forskning,extra", "expected 5 fields, found 6"),
    ("73110000-6,73000000-2,services,Research," + "x" * 301, "longer than 300 characters"),
    ("73000000-2,,services,Again,Igen", "code 73000000-2 appears again (first on line 2)"),
])
def test_each_malformed_line_is_named_with_its_number(bad_line, reason):
    text = HEADER + DIVISION + "73100000-3,73000000-2,services,R&D,FoU\n" + bad_line + "\n"
    [(line, found)] = errors_of(text)
    assert line == 4
    assert reason in found


def test_a_parent_missing_from_the_list_is_refused():
    text = HEADER + DIVISION + "73110000-6,73100000-3,services,Research,Forskning\n"
    assert errors_of(text) == [(3, "parent 73100000-3 is not in the list")]


def test_a_parent_may_come_after_its_child():
    text = HEADER + "73100000-3,73000000-2,services,R&D,FoU\n" + DIVISION
    assert [row.code for row in parse_cpv_text(text)] == ["73100000-3", "73000000-2"]


def test_every_problem_is_listed_in_file_order():
    text = (HEADER + "bad,,services,A,B\n" + DIVISION
            + "73100000-3,73000000-2,services,,FoU\n" + "73110000-6,73100000-9,services,R,F\n")
    assert [line for line, _reason in errors_of(text)] == [2, 4, 5]


def test_line_numbers_count_physical_lines_of_quoted_labels():
    text = (HEADER + '73000000-2,,services,"Research and\ndevelopment",FoU\n'
            + "73100000-3,73000000-2,services,,FoU\n")
    assert [line for line, _reason in errors_of(text)] == [4]


def test_a_file_that_is_not_utf8_is_refused_with_the_line(write_csv):
    path = write_csv(HEADER + "73000000-2,,services,R&D,FoU\n"
                     + "73100000-3,73000000-2,services,R,Trädgård\n", encoding="latin-1")
    with pytest.raises(CpvFileError) as caught:
        read_cpv_file(path)
    assert str(caught.value.errors[0]) == "line 3: the file is not UTF-8 text"


def test_describe_lists_the_first_problems():
    text = HEADER + "".join(f"bad{n},,services,A,B\n" for n in range(25))
    with pytest.raises(CpvFileError) as caught:
        parse_cpv_text(text)
    described = caught.value.describe(limit=20).splitlines()
    assert len(described) == 21 and described[0].startswith("line 2: code 'bad0'")
    assert described[-1] == "... and 5 more"


def test_seed_records_go_through_the_same_checks():
    records = [{"code": "73000000-2", "parent": None, "kind": "services",
                "label_en": "R&D", "label_sv": "FoU"},
               {"code": "73100000-3", "parent": "73000000-2", "kind": None,
                "label_en": "Research", "label_sv": ""}]
    with pytest.raises(CpvFileError) as caught:
        check_records(enumerate(records, start=1))
    assert str(caught.value.errors[0]) == "line 2: the Swedish label is empty"

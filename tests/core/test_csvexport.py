"""The shared CSV export: opens in Swedish Excel, keeps å, ä, ö, carries no formulas."""
import csv
import io
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from procure.csvexport import CHUNK_ROWS, iter_csv, neutralise, to_csv


def _read(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_starts_with_a_bom_and_ends_rows_with_crlf():
    body = to_csv([("a", 1)], ("namn", "antal"))
    assert body.startswith(b"\xef\xbb\xbf")
    assert body[3:] == "namn;antal\r\na;1\r\n".encode()


def test_swedish_letters_round_trip():
    rows = [("Kökssvinn Analys AB", "Göteborg", "Åsa Öberg"), ("Möbelcirkeln", "Växjö", "")]
    assert _read(to_csv(rows, ("Företag", "Ort", "Kontakt"))) == [
        ["Företag", "Ort", "Kontakt"], *[list(row) for row in rows]]


@pytest.mark.parametrize("cell", [
    "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "\n=1",
    "=HYPERLINK(\"http://evil.example\",\"klicka\")",
])
def test_text_that_a_spreadsheet_would_evaluate_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    [_header, [read]] = _read(to_csv([(cell,)], ("x",)))
    assert read == "'" + cell


def test_harmless_text_is_left_alone():
    for cell in ("Kalle", "a=b", "1-2", "e-post@example.se", " =not a formula start", ""):
        assert neutralise(cell) == cell


def test_negative_numbers_stay_numbers():
    assert neutralise(-5) == "-5"
    assert neutralise(Decimal("-1234.50")) == "-1234.50"
    assert neutralise(-0.5) == "-0.5"
    assert neutralise("-5") == "'-5"  # text that looks like a number is still text
    assert _read(to_csv([(-5, Decimal("-2.25"))], ("a", "b")))[1] == ["-5", "-2.25"]


def test_plain_values():
    stockholm = timezone(timedelta(hours=1))
    assert neutralise(None) == ""
    assert neutralise(True) == "true" and neutralise(False) == "false"
    assert neutralise(0) == "0"
    assert neutralise(date(2026, 3, 5)) == "2026-03-05"
    assert neutralise(datetime(2026, 3, 5, 10, 15, 7, 123, tzinfo=stockholm)) \
        == "2026-03-05T09:15:07Z"
    with pytest.raises(ValueError):
        neutralise(datetime(2026, 3, 5, 10, 15))


def test_quotes_delimiters_and_line_breaks_stay_inside_their_cell():
    rows = [('Säg "hej"', "a;b", "rad ett\r\nrad två", "sista")]
    body = to_csv(rows, ("citat", "semikolon", "rader", "slut"))
    assert '"Säg ""hej"""' in body.decode("utf-8-sig")
    assert _read(body) == [["citat", "semikolon", "rader", "slut"], list(rows[0])]


def test_header_cells_are_neutralised_too():
    assert _read(to_csv([], ("=1+1",))) == [["'=1+1"]]


def test_streaming_gives_the_same_file_in_chunks():
    rows = [(number, f"rad {number}") for number in range(CHUNK_ROWS * 2 + 3)]
    chunks = list(iter_csv(rows, ("nr", "text")))
    assert len(chunks) == 3
    assert b"".join(chunks) == to_csv(rows, ("nr", "text"))
    assert all(chunks)
    exact = list(iter_csv(rows[:CHUNK_ROWS], ("nr", "text")))
    assert len(exact) == 1 and all(exact)


def test_numbers_for_a_swedish_spreadsheet_carry_a_decimal_comma_and_nothing_else():
    rows = [("Kontrakterat", 1234567, Decimal("1234.50"), 0.25, Decimal("1E+3"), -5)]
    [_header, read] = _read(to_csv(rows, ("Vad", "Antal", "Belopp (kr)", "Andel", "Tusen", "Diff"),
                                   decimal_sign=","))
    assert read == ["Kontrakterat", "1234567", "1234,50", "0,25", "1000", "-5"]
    [_header, read] = _read(to_csv(rows, ("What", "Count", "Amount (SEK)", "Share", "Thousand",
                                          "Difference")))
    assert read == ["Kontrakterat", "1234567", "1234.50", "0.25", "1000", "-5"]
    # Text is still text, and still neutralised, whatever the decimal sign.
    assert neutralise("-1,5", ",") == "'-1,5"

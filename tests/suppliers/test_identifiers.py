"""Organisation and VAT numbers (pure module)."""
import pytest

from procure.suppliers.identifiers import IdentifierError, parse_org_number, parse_vat_number


@pytest.mark.parametrize("typed, normalised", [
    ("556036-0793", "556036-0793"),
    ("5560360793", "556036-0793"),
    (" 556036 0793 ", "556036-0793"),
    ("212000-0142", "212000-0142"),  # a municipality: first digit 2
])
def test_valid_org_numbers_are_normalised(typed, normalised):
    identifier = parse_org_number(typed)
    assert identifier.key == normalised and identifier.country == "SE"
    assert identifier.vat_number == "SE" + normalised.replace("-", "") + "01"


@pytest.mark.parametrize("typed, code", [
    ("556036-0794", "checksum"),
    ("55603607", "length"),
    ("556036-07AB", "format"),
    ("811218-9876", "personal_number"),  # a valid personal identity number
    ("", "format"),
])
def test_invalid_org_numbers_say_why(typed, code):
    with pytest.raises(IdentifierError) as error:
        parse_org_number(typed)
    assert error.value.code == code


def test_swedish_vat_number_becomes_the_org_number():
    assert parse_vat_number("SE556036079301").key == "556036-0793"


@pytest.mark.parametrize("typed, code", [
    ("DE136695977", "vat_checksum"),
    ("XX123", "vat_format"),
    ("SE556036079302", "vat_format"),
])
def test_invalid_vat_numbers(typed, code):
    with pytest.raises(IdentifierError) as error:
        parse_vat_number(typed)
    assert error.value.code == code


def test_foreign_vat_number():
    identifier = parse_vat_number("de 136 695 976")
    assert (identifier.country, identifier.key, identifier.org_number) == ("DE", "DE136695976", None)

"""Valid, unique company identifiers: Swedish organisation numbers and EU VAT numbers.

Pure module. The check digits are computed (Luhn for Sweden) or found by trying the
candidates ``python-stdnum`` accepts, the same library that validates what people
type; either way :func:`procure.suppliers.identifiers.parse_org_number` and
``parse_vat_number`` accept every identifier made here.
"""
from __future__ import annotations

import random

from stdnum import luhn
from stdnum.eu import vat as eu_vat

# Aktiebolag numbers start 556 or 559; the third digit (5) marks a legal person.
_SWEDISH_PREFIXES = ("556", "559")
# A VAT number after its country prefix: (a fixed start, random digits, a fixed end).
_VAT_SHAPES = {"DK": ("", 8, ""), "FI": ("", 8, ""), "DE": ("", 9, ""),
               "EE": ("10", 7, ""), "NL": ("", 9, "B01"), "AT": ("U", 8, "")}


def swedish_org_number(rng: random.Random, taken: set[str]) -> str:
    """A new organisation number, ``NNNNNN-NNNN`` (the form the app stores)."""
    while True:
        digits = rng.choice(_SWEDISH_PREFIXES) + f"{rng.randrange(1_000_000):06d}"
        digits += luhn.calc_check_digit(digits)
        key = f"{digits[:6]}-{digits[6:]}"
        if key not in taken:
            taken.add(key)
            return key


def vat_number(rng: random.Random, country: str, taken: set[str]) -> str:
    """A new compact EU VAT number of ``country`` (one of ``FOREIGN_FORMS``)."""
    start, count, end = _VAT_SHAPES[country]
    while True:
        digits = "".join(str(rng.randrange(10)) for _ in range(count))
        key = f"{country}{start}{digits}{end}"
        if key not in taken and eu_vat.is_valid(key):
            taken.add(key)
            return key

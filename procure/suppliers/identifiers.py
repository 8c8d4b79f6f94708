"""Company identifiers: Swedish organisation numbers and EU VAT numbers.

Pure module (no Flask). ``python-stdnum`` does the check digits; it also accepts Swedish
personal identity numbers, which the third-digit rule below tells apart: in an
organisation number the third digit is at least 2, in a personal number it is the first
digit of the month (0 or 1).
"""
from __future__ import annotations

from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.se import orgnr as se_orgnr

from procure.errors import Refused


class IdentifierError(Refused):
    """An identifier that cannot be a company's; ``code`` names the reason."""


@dataclass(frozen=True)
class CompanyIdentifier:
    """A validated identifier: ``key`` is what makes one organisation unique."""

    country: str  # ISO 3166 alpha-2, "SE" for Swedish organisation numbers
    key: str  # "NNNNNN-NNNN" for Sweden, the compact VAT number otherwise

    @property
    def org_number(self) -> str | None:
        return self.key if self.country == "SE" else None

    @property
    def vat_number(self) -> str:
        """The EU VAT number: for Sweden ``SE`` + the ten digits + ``01``."""
        if self.country == "SE":
            return "SE" + self.key.replace("-", "") + "01"
        return self.key


def parse_org_number(value: str) -> CompanyIdentifier:
    """Validate a Swedish organisation number and return it normalised (NNNNNN-NNNN)."""
    try:
        digits = se_orgnr.validate(value)
    except stdnum_errors.InvalidLength:
        raise IdentifierError("length") from None
    except stdnum_errors.InvalidFormat:
        raise IdentifierError("format") from None
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError("checksum") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError("format") from None
    if int(digits[2]) < 2:
        raise IdentifierError("personal_number")
    return CompanyIdentifier("SE", se_orgnr.format(digits))


def parse_vat_number(value: str) -> CompanyIdentifier:
    """Validate an EU VAT number; a Swedish one becomes its organisation number."""
    try:
        compact = eu_vat.compact(value or "")
    except stdnum_errors.ValidationError:  # an unknown country prefix
        raise IdentifierError("vat_format") from None
    if compact.startswith("SE"):
        if len(compact) != 14 or not compact.endswith("01"):
            raise IdentifierError("vat_format")
        return parse_org_number(compact[2:12])
    try:
        compact = eu_vat.validate(compact)
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError("vat_checksum") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError("vat_format") from None
    country = compact[:2].upper()
    if country == "EL":  # Greece uses EL in VAT numbers, GR in ISO 3166
        country = "GR"
    return CompanyIdentifier(country, compact)

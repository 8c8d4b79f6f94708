"""Company identifiers: Swedish organisation numbers, sole traders' personal identity
numbers and EU VAT numbers.

Pure module (no Flask). ``python-stdnum`` does the check digits; it also accepts Swedish
personal identity numbers, which the third-digit rule below tells apart: in an
organisation number the third digit is at least 2, in a personal number it is the first
digit of the month (0 or 1).

A sole trader (enskild näringsidkare) has no organisation number of its own: the owner's
personal identity number (personnummer) is it. It is kept with its century,
``YYYYMMDD-NNNN`` (two characters longer than an organisation number, so the two never
meet), shown whole only to the company's own users and the administrators, masked
(``19800101-****``) to everyone else, and never published.
"""
from __future__ import annotations

from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer as se_personnummer

from procure.errors import Refused


class IdentifierError(Refused):
    """An identifier that cannot be a company's; ``code`` names the reason."""


@dataclass(frozen=True)
class CompanyIdentifier:
    """A validated identifier: ``key`` is what makes one organisation unique."""

    country: str  # ISO 3166 alpha-2, "SE" for Swedish organisation numbers
    # "NNNNNN-NNNN" for Swedish organisations, "YYYYMMDD-NNNN" for sole traders, the
    # compact VAT number otherwise
    key: str

    @property
    def sole_trader(self) -> bool:
        """A sole trader's: the key is its owner's personal identity number."""
        return is_personal_key(self.country, self.key)

    @property
    def org_number(self) -> str | None:
        return self.key if self.country == "SE" else None

    @property
    def vat_number(self) -> str:
        """The EU VAT number: for Sweden ``SE`` + the ten digits + ``01``."""
        if self.country == "SE":
            return "SE" + self.key.replace("-", "")[-10:] + "01"
        return self.key

    @property
    def masked(self) -> str:
        """What people other than the company's own and the administrators see: a sole
        trader's birth date with the last four digits hidden, anyone else's whole key."""
        return mask(self.country, self.key)


def is_personal_key(country: str, key: str) -> bool:
    """Whether a stored key is a sole trader's personal identity number."""
    return country == "SE" and len(key) == PERSONAL_KEY_LENGTH


PERSONAL_KEY_LENGTH = len("YYYYMMDD-NNNN")


def mask(country: str, key: str) -> str:
    """A sole trader's key as ``19800101-****``; any other key as it is."""
    return key[:-4] + "****" if is_personal_key(country, key) else key


def parse_personal_number(value: str) -> CompanyIdentifier:
    """Validate a sole trader's personal identity number (10 or 12 digits, with or without
    the hyphen) and return it with its century, ``YYYYMMDD-NNNN``."""
    if len([c for c in value or "" if c.isdigit()]) not in (10, 12):
        raise IdentifierError("personal_length")
    try:
        compact = se_personnummer.validate(value or "")
    except stdnum_errors.InvalidLength:
        raise IdentifierError("personal_length") from None
    except stdnum_errors.InvalidChecksum:
        raise IdentifierError("checksum") from None
    except stdnum_errors.ValidationError:
        raise IdentifierError("personal_format") from None
    born = se_personnummer.get_birth_date(compact)
    return CompanyIdentifier("SE", f"{born:%Y%m%d}-{compact[-4:]}")


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

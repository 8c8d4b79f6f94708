"""The scan as TED's expert query: what to ask for, checked before anything is sent.

Pure module (no Flask, no network).

What the module assumes about TED's query language:

* Dates are ``YYYYMMDD`` without separators: ``publication-date>=20250101``.
* Several values are ``field IN (a b c)``, separated by spaces.
* A value ending in ``*`` matches every value that starts with it
  (``classification-cpv=722*``); public clients use this form against the live API.
  Widening to a CPV group (first three digits) or division (first two) uses it, so the
  whole branch is found whether or not TED matches ``classification-cpv IN (...)``
  hierarchically (one public client reports that ``IN (72000000)`` also finds 72253200;
  nothing here relies on it). Widening never narrows: ``72000000`` widened to its group
  stays ``72*``.
* ``classification-cpv`` is eight digits without the check digit: "72000000-5" is sent
  as ``72000000``.
* ``buyer-country`` is ISO 3166 alpha-3 (``SWE``); titles are keyed by lower-case
  three-letter language codes (``swe``), links by upper-case ones (``SWE``).
* Notice types are the codes of the eForms ``notice-type`` code list (eForms SDK
  ``codelists/notice-type.gc``): see :data:`NOTICE_KINDS`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from procure.catalogue import N_, texts

WIDENINGS = ("code", "group", "division")
TED_LANGUAGES = {"sv": "swe", "en": "eng"}

# Our kinds -> TED's notice types (eForms notice-type code list).
NOTICE_KINDS = {
    # pin-only: PIN used only for information, the usual vehicle of a market consultation;
    # pin-buyer: notice of a PIN published on a buyer profile; pin-cfc-standard: PIN
    # used as a call for competition; pin-rtl: PIN used to shorten time limits;
    # pin-cfc-social: PIN as a call for competition, light regime; pin-tran: PIN for
    # public passenger transport services.
    "prior_information": ("pin-only", "pin-buyer", "pin-cfc-standard", "pin-rtl",
                          "pin-cfc-social", "pin-tran"),
    # cn-standard: contract or concession notice, standard regime; cn-social: light
    # regime; cn-desg: design contest notice.
    "contract": ("cn-standard", "cn-social", "cn-desg"),
    # can-standard / can-social: contract award notice, standard / light regime;
    # can-desg: design contest result notice; veat: voluntary ex-ante transparency notice
    # (a contract to be awarded without a call for competition); can-modif: contract
    # modification notice; can-tran: award notice for public passenger transport.
    "award": ("can-standard", "can-social", "can-desg", "veat", "can-modif", "can-tran"),
}
KIND_OF_NOTICE_TYPE = {t: kind for kind, types in NOTICE_KINDS.items() for t in types}

# ISO alpha-2 -> alpha-3 for the EU and EEA, whose buyers publish in TED. Greece is "EL"
# in EU usage and "GR" in ISO; both are accepted.
EU_EEA_ALPHA3 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE",
    "DK": "DNK", "EE": "EST", "FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC",
    "EL": "GRC", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LV": "LVA", "LT": "LTU",
    "LU": "LUX", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU",
    "SK": "SVK", "SI": "SVN", "ES": "ESP", "SE": "SWE", "IS": "ISL", "LI": "LIE",
    "NO": "NOR",
}
CPV_CODE = re.compile(r"(\d{8})(?:-\d)?")

# The errors by key, in English; ScanQueryError.text() tells one in a language.
ERROR_TEXTS = {
    "no_cpv": N_("Give at least one CPV code."),
    "bad_cpv": N_("%(value)r is not a CPV code (eight digits, like 72000000-5)."),
    "bad_widening": N_("Unknown widening %(value)r; choose code, group or division."),
    "bad_country": N_("%(value)r is not a country code (two or three letters, like SE)."),
    "bad_dates": N_("The end of the period (%(end)s) comes before its start (%(start)s)."),
    "bad_kind": N_("Unknown kind of notice %(value)r."),
}


class ScanQueryError(ValueError):
    """A scan that cannot be asked; ``str()`` is English, :meth:`text` gives either language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        """The message in ``language`` ("sv" or "en"; anything else gives English)."""
        _ = texts(language if language in TED_LANGUAGES else "en")
        if self.key == "no_kinds":
            # Swedish says "meddelande" here and "annons" on the scan form.
            return _.pgettext("scan query", "Choose at least one kind of notice.")
        return _(ERROR_TEXTS[self.key], **self.params)


@dataclass(frozen=True)
class ScanQuery:
    """What to look for in TED; checked by :func:`build_expert_query`."""

    cpv_codes: tuple[str, ...]
    widen_to: str = "code"
    countries: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    kinds: tuple[str, ...] = ("prior_information", "contract", "award")


def cpv_prefix(code: str, widen_to: str) -> str:
    """The digits a widened code keeps: ("72212100", "group") → "722", division → "72".

    A code already above the level keeps its own significant digits, so widening never
    narrows the search ("72000000" widened to its group stays "72").
    """
    significant = code.rstrip("0")
    significant = significant if len(significant) >= 2 else code[:2]
    return significant[:3 if widen_to == "group" else 2]


def unique(values) -> list:
    return list(dict.fromkeys(values))


def _cpv_clause(query: ScanQuery) -> str:
    if not query.cpv_codes:
        raise ScanQueryError("no_cpv")
    codes = []
    for value in query.cpv_codes:
        match = CPV_CODE.fullmatch(str(value).strip())
        if not match:
            raise ScanQueryError("bad_cpv", value=value)
        codes.append(match.group(1))
    if query.widen_to not in WIDENINGS:
        raise ScanQueryError("bad_widening", value=query.widen_to)
    if query.widen_to == "code":
        return f"classification-cpv IN ({' '.join(unique(codes))})"
    wanted = unique(cpv_prefix(c, query.widen_to) for c in codes)
    # "72" already covers "722": asking for both would only lengthen the query.
    prefixes = [p for p in wanted if not any(p != q and p.startswith(q) for q in wanted)]
    terms = [f"classification-cpv={prefix}*" for prefix in prefixes]
    return terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})"


def country_alpha3(value: str) -> str:
    """``value`` as TED's alpha-3 code: "se" → "SWE", "SWE" → "SWE"; ScanQueryError else."""
    code = str(value).strip().upper()
    if len(code) == 2 and code in EU_EEA_ALPHA3:
        return EU_EEA_ALPHA3[code]
    if len(code) == 3 and code.isalpha() and code.isascii():
        return code
    raise ScanQueryError("bad_country", value=value)


def build_expert_query(query: ScanQuery) -> str:
    """TED's expert query for ``query``, newest first; ScanQueryError when it is not valid.

    For example ``classification-cpv IN (72000000 48000000) AND buyer-country IN (SWE DNK)
    AND notice-type IN (pin-only pin-buyer pin-cfc-standard pin-rtl pin-cfc-social pin-tran)
    AND publication-date>=20250101 AND publication-date<=20251231 SORT BY publication-date
    DESC``.
    """
    parts = [_cpv_clause(query)]
    if query.countries:
        countries = unique(country_alpha3(c) for c in query.countries)
        parts.append(f"buyer-country IN ({' '.join(countries)})")
    if not query.kinds:
        raise ScanQueryError("no_kinds")
    for kind in query.kinds:
        if kind not in NOTICE_KINDS:
            raise ScanQueryError("bad_kind", value=kind)
    types = [t for kind in unique(query.kinds) for t in NOTICE_KINDS[kind]]
    parts.append(f"notice-type IN ({' '.join(types)})")
    start, end = query.published_from, query.published_to
    if start and end and end < start:
        raise ScanQueryError("bad_dates", start=start.isoformat(), end=end.isoformat())
    if start:
        parts.append(f"publication-date>={start:%Y%m%d}")
    if end:
        parts.append(f"publication-date<={end:%Y%m%d}")
    return " AND ".join(parts) + " SORT BY publication-date DESC"

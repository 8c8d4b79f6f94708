"""TED, the EU's Tenders Electronic Daily: what has the rest of Europe bought or asked about?

Pure module (``requests``, no Flask). :func:`build_expert_query` writes a :class:`ScanQuery`
in TED's expert query language; :class:`TedClient` posts it to the Search API v3 (no key),
reads the pages and maps each notice to a :class:`Notice`. Base URL, timeouts and paging
come from the caller (the app's configuration).

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
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests

DEFAULT_BASE_URL = "https://api.ted.europa.eu/v3/notices/search"
# One unknown name fails the whole request, so only the fields known to exist.
FIELDS = ("publication-number", "notice-title", "buyer-name", "buyer-country",
          "notice-type", "publication-date", "classification-cpv")
MAX_PAGE_SIZE = 250
PAGE_MODE_LIMIT = 15_000  # page mode reaches no further; ITERATION mode would be needed
MAX_RETRY_WAIT = 10.0  # seconds: a person is waiting for the page, whatever TED asks
WIDENINGS = ("code", "group", "division")
TED_LANGUAGES = {"sv": "swe", "en": "eng"}

# Our kinds -> TED's notice types (eForms notice-type code list).
NOTICE_KINDS = {
    # pin-only: PIN used only for information, the usual vehicle of a market consultation;
    # pin-buyer: notice of a PIN published on a buyer profile; pin-cfc-standard: PIN
    # used as a call for competition.
    "prior_information": ("pin-only", "pin-buyer", "pin-cfc-standard"),
    # cn-standard: contract or concession notice, standard regime; cn-social: light
    # regime; cn-desg: design contest notice.
    "contract": ("cn-standard", "cn-social", "cn-desg"),
    # can-standard / can-social: contract award notice, standard / light regime;
    # can-desg: design contest result notice.
    "award": ("can-standard", "can-social", "can-desg"),
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

ERROR_TEXTS = {
    "sv": {
        "no_cpv": "Ange minst en CPV-kod.",
        "bad_cpv": "{value!r} är ingen CPV-kod (åtta siffror, som 72000000-5).",
        "bad_widening": "Okänd breddning {value!r}; välj kod, grupp eller avdelning.",
        "bad_country": "{value!r} är ingen landskod (två eller tre bokstäver, som SE).",
        "bad_dates": "Periodens slut ({end}) kommer före dess början ({start}).",
        "no_kinds": "Välj minst ett slags meddelande.",
        "bad_kind": "Okänt slags meddelande {value!r}.",
    },
    "en": {
        "no_cpv": "Give at least one CPV code.",
        "bad_cpv": "{value!r} is not a CPV code (eight digits, like 72000000-5).",
        "bad_widening": "Unknown widening {value!r}; choose code, group or division.",
        "bad_country": "{value!r} is not a country code (two or three letters, like SE).",
        "bad_dates": "The end of the period ({end}) comes before its start ({start}).",
        "no_kinds": "Choose at least one kind of notice.",
        "bad_kind": "Unknown kind of notice {value!r}.",
    },
}


class ScanQueryError(ValueError):
    """A scan that cannot be asked; ``str()`` is English, :meth:`text` gives either language."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.text("en"))

    def text(self, language: str) -> str:
        """The message in ``language`` ("sv" or "en"; anything else gives English)."""
        return ERROR_TEXTS.get(language, ERROR_TEXTS["en"])[self.key].format(**self.params)


class TedError(Exception):
    """TED could not answer the scan."""


class TedUnreachable(TedError):
    """No usable answer: connection failed, timed out, 5xx or 429 after retries, bad JSON."""


class TedRefused(TedError):
    """TED answered 4xx (other than 429): it refused the query. ``message`` is TED's own."""

    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message
        super().__init__(f"TED refused the query (HTTP {status}): {message or 'no reason given'}")


@dataclass(frozen=True)
class ScanQuery:
    """What to look for in TED; checked by :func:`build_expert_query`."""

    cpv_codes: tuple[str, ...]
    widen_to: str = "code"
    countries: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    kinds: tuple[str, ...] = ("prior_information", "contract", "award")


@dataclass(frozen=True)
class Notice:
    """One TED notice, in the language asked for where TED has it."""

    publication_number: str
    title: str
    buyer_name: str
    buyer_country: str
    kind: str
    notice_type: str
    publication_date: date | None
    cpv_codes: tuple[str, ...]
    url_html: str
    url_pdf: str


@dataclass(frozen=True)
class ScanResult:
    """The notices read (newest first), how many TED has in all, and the pages asked for."""

    total: int
    notices: tuple[Notice, ...]
    pages_read: int


def cpv_prefix(code: str, widen_to: str) -> str:
    """The digits a widened code keeps: ("72212100", "group") → "722", division → "72".

    A code already above the level keeps its own significant digits, so widening never
    narrows the search ("72000000" widened to its group stays "72").
    """
    significant = code.rstrip("0")
    significant = significant if len(significant) >= 2 else code[:2]
    return significant[:3 if widen_to == "group" else 2]


def _unique(values) -> list:
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
        return f"classification-cpv IN ({' '.join(_unique(codes))})"
    wanted = _unique(cpv_prefix(c, query.widen_to) for c in codes)
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
    AND notice-type IN (pin-only pin-buyer pin-cfc-standard) AND publication-date>=20250101
    AND publication-date<=20251231 SORT BY publication-date DESC``.
    """
    parts = [_cpv_clause(query)]
    if query.countries:
        countries = _unique(country_alpha3(c) for c in query.countries)
        parts.append(f"buyer-country IN ({' '.join(countries)})")
    if not query.kinds:
        raise ScanQueryError("no_kinds")
    for kind in query.kinds:
        if kind not in NOTICE_KINDS:
            raise ScanQueryError("bad_kind", value=kind)
    types = [t for kind in _unique(query.kinds) for t in NOTICE_KINDS[kind]]
    parts.append(f"notice-type IN ({' '.join(types)})")
    start, end = query.published_from, query.published_to
    if start and end and end < start:
        raise ScanQueryError("bad_dates", start=start.isoformat(), end=end.isoformat())
    if start:
        parts.append(f"publication-date>={start:%Y%m%d}")
    if end:
        parts.append(f"publication-date<={end:%Y%m%d}")
    return " AND ".join(parts) + " SORT BY publication-date DESC"


def _texts(value: Any) -> list[str]:
    """The non-empty strings in a TED value that is a string or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


TED_LINK_PREFIX = "https://ted.europa.eu/"


def pick_language(values: Any, language: str) -> str:
    """The text of ``values`` (keyed by TED language code, any case) in ``language``.

    ``language`` is ours ("sv", "en") or TED's ("swe"). Falls back to English, then to any
    language; several values (joint buyers) are joined with "; ". "" when there is none.
    """
    if not isinstance(values, dict):
        return "; ".join(_texts(values))
    by_code = {str(code).lower(): value for code, value in values.items()}
    wanted = TED_LANGUAGES.get(language, language.lower())
    for code in (wanted, "eng", *by_code):
        texts = _texts(by_code.get(code))
        if texts:
            return "; ".join(_unique(texts))
    return ""


def _first(value: Any) -> str:
    return next(iter(_texts(value)), "")


def _parse_date(value: Any) -> date | None:
    """TED's "2025-03-14+01:00" (or a list of such) as a date; None when it does not parse."""
    texts = _texts(value)
    try:
        return date.fromisoformat(texts[0][:10]) if texts else None
    except ValueError:
        return None


def notice_from_ted(raw: dict[str, Any], language: str = "sv") -> Notice:
    """One notice of TED's answer as a :class:`Notice`; odd or missing fields become ""."""
    number, notice_type = _first(raw.get("publication-number")), _first(raw.get("notice-type"))
    links = raw.get("links") if isinstance(raw.get("links"), dict) else {}
    return Notice(
        publication_number=number,
        title=pick_language(raw.get("notice-title"), language) or number,
        buyer_name=pick_language(raw.get("buyer-name"), language),
        buyer_country=_first(raw.get("buyer-country")),
        kind=KIND_OF_NOTICE_TYPE.get(notice_type, "other"),
        notice_type=notice_type,
        publication_date=_parse_date(raw.get("publication-date")),
        cpv_codes=tuple(_unique(_texts(raw.get("classification-cpv")))),
        url_html=_ted_link(pick_language(links.get("html"), language)),
        url_pdf=_ted_link(pick_language(links.get("pdf"), language)),
    )


def _ted_link(url: str) -> str:
    """Only links into TED itself are kept: the answer's links are shown and published."""
    return url if url.startswith(TED_LINK_PREFIX) else ""


def _refusal_message(response: requests.Response) -> str:
    """TED's own reason from an error body, wherever in the JSON it sits; "" if none."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return "" if text.startswith("<") else text[:300]  # an HTML error page says nothing
    if not isinstance(body, dict):
        return ""
    errors = body.get("errors")
    for candidate in [body, body.get("error"), *(errors if isinstance(errors, list) else [])]:
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
        if isinstance(candidate, dict):
            for key in ("message", "detail", "error", "title"):
                if isinstance(candidate.get(key), str) and candidate[key].strip():
                    return candidate[key].strip()
    return ""


class TedClient:
    """Searches TED. Built from configuration; one instance may serve many searches."""

    def __init__(self, base_url: str, *, connect_timeout: float = 5, read_timeout: float = 20,
                 retries: int = 2, backoff: float = 0.5, page_size: int = 100,
                 max_pages: int = 5, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 total_timeout: float = 60) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1 to {MAX_PAGE_SIZE}, not {page_size}")
        if max_pages < 1 or retries < 0:
            raise ValueError("max_pages must be at least 1 and retries at least 0")
        self.base_url = base_url
        self.timeout = (connect_timeout, read_timeout)
        self.retries, self.backoff = retries, backoff
        self.page_size, self.max_pages = page_size, max_pages
        self._session, self._sleep = session, sleep
        # A scan runs inside a web request: pages and retries together stop here.
        self.total_timeout = total_timeout

    def search(self, query: ScanQuery, language: str = "sv") -> ScanResult:
        """The notices matching ``query``, newest first, titles and links in ``language``.

        Reads page 1, 2, ... until TED has no more or ``max_pages`` are read. Raises
        ScanQueryError before any request when the query is not valid, TedRefused when TED
        refuses it and TedUnreachable when no usable answer comes.
        """
        expert_query = build_expert_query(query)
        self._deadline = time.monotonic() + self.total_timeout
        # A session of our own is closed after the search, so no socket outlives it.
        session = self._session or requests.Session()
        try:
            return self._read_pages(session, expert_query, language)
        finally:
            if self._session is None:
                session.close()

    def _read_pages(self, session: requests.Session, expert_query: str,
                    language: str) -> ScanResult:
        notices: dict[str, Notice] = {}
        total: int | None = None
        pages_read = 0
        for page in range(1, self.max_pages + 1):
            if page > 1 and time.monotonic() >= self._deadline:
                break  # out of time: the pages read so far are the answer
            answer = self._post(session, {"query": expert_query, "fields": list(FIELDS),
                                          "page": page, "limit": self.page_size,
                                          "scope": "ALL"})
            pages_read += 1
            raw_notices = answer.get("notices")
            if not isinstance(raw_notices, list):
                raise TedUnreachable("TED's answer holds no list of notices")
            count = answer.get("totalNoticeCount")
            total = count if isinstance(count, int) and not isinstance(count, bool) else total
            for position, raw in enumerate(raw_notices):
                if isinstance(raw, dict):
                    notice = notice_from_ted(raw, language)
                    # Notices published while paging shift the pages: keep each once.
                    notices.setdefault(notice.publication_number or f"#{page}.{position}",
                                       notice)
            read = page * self.page_size
            if len(raw_notices) < self.page_size or (total is not None and read >= total) \
                    or read >= PAGE_MODE_LIMIT:
                break
        # sorted() is stable, so notices of the same day keep TED's order.
        ordered = sorted(notices.values(), reverse=True,
                         key=lambda n: n.publication_date or date.min)
        return ScanResult(total=total if total is not None else len(ordered),
                          notices=tuple(ordered), pages_read=pages_read)

    def _post(self, session: requests.Session, body: dict[str, Any]) -> dict[str, Any]:
        """One page, retried on 429 and 5xx; TedRefused / TedUnreachable when it fails."""
        attempt = 0
        while True:
            try:
                response = session.post(self.base_url, json=body, timeout=self.timeout,
                                        headers={"Accept": "application/json"})
            except requests.Timeout as error:
                # Not retried: the person has already waited the whole timeout once.
                raise TedUnreachable(f"TED did not answer in time: {error}") from error
            except requests.RequestException as error:
                raise TedUnreachable(f"TED cannot be reached: {error}") from error
            status = response.status_code
            if status == 429 or status >= 500:
                wait = self._wait(attempt, response)
                if attempt >= self.retries or time.monotonic() + wait >= self._deadline:
                    raise TedUnreachable(f"TED answered HTTP {status} {attempt + 1} times")
                self._sleep(wait)
                attempt += 1
                continue
            if status >= 400:
                raise TedRefused(status, _refusal_message(response))
            try:
                answer = response.json()
            except ValueError as error:
                raise TedUnreachable("TED's answer is not valid JSON") from error
            if not isinstance(answer, dict):
                raise TedUnreachable("TED's answer is not a JSON object")
            return answer

    def _wait(self, attempt: int, response: requests.Response) -> float:
        """Seconds before the next try: TED's Retry-After when given, else exponential."""
        try:
            asked = float(response.headers.get("Retry-After", ""))
        except ValueError:
            asked = -1.0  # absent, or an HTTP date: back off on our own schedule
        wait = asked if asked >= 0 else self.backoff * 2 ** attempt
        return min(wait, MAX_RETRY_WAIT)

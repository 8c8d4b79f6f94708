"""TED, the EU's Tenders Electronic Daily: what has the rest of Europe bought or asked about?

Pure module (``requests``, no Flask). :func:`build_expert_query` writes a :class:`ScanQuery`
in TED's expert query language; :class:`TedClient` posts it to the Search API v3 (no key),
reads the pages and maps each notice to a :class:`Notice`. Base URL, timeouts and paging
come from the caller (the app's configuration). The query side lives in
:mod:`procure.marketscan.query`; its names are re-exported here.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import requests

from procure.marketscan.query import (  # noqa: F401 (re-exported: the scan's API)
    CPV_CODE,
    EU_EEA_ALPHA3,
    KIND_OF_NOTICE_TYPE,
    NOTICE_KINDS,
    TED_LANGUAGES,
    WIDENINGS,
    ScanQuery,
    ScanQueryError,
    build_expert_query,
    country_alpha3,
    cpv_prefix,
    unique,
)

DEFAULT_BASE_URL = "https://api.ted.europa.eu/v3/notices/search"
# One unknown name fails the whole request, so only the fields known to exist. ``links``
# is asked for by name: the API v3 documents it as a field like any other.
FIELDS = ("publication-number", "notice-title", "buyer-name", "buyer-country",
          "notice-type", "publication-date", "classification-cpv", "links")
# One version per notice: "ALL" would also return the earlier versions of changed notices.
SCOPE = "LATEST"
MAX_PAGE_SIZE = 250
PAGE_MODE_LIMIT = 15_000  # page mode reaches no further; ITERATION mode would be needed
MAX_RETRY_WAIT = 10.0  # seconds: a person is waiting for the page, whatever TED asks

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
    """The notices read (newest first), how many TED has in all, and the pages asked for.

    ``timed_out`` when TED said (``timedOut: true``) that its search ran out of time on
    any page read: the list and the total are then not all TED holds.
    """

    total: int
    notices: tuple[Notice, ...]
    pages_read: int
    timed_out: bool = False


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
            return "; ".join(unique(texts))
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
        cpv_codes=tuple(unique(_texts(raw.get("classification-cpv")))),
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
        timed_out = False
        for page in range(1, self.max_pages + 1):
            if page > 1 and time.monotonic() >= self._deadline:
                break  # out of time: the pages read so far are the answer
            answer = self._post(session, {"query": expert_query, "fields": list(FIELDS),
                                          "page": page, "limit": self.page_size,
                                          "scope": SCOPE})
            pages_read += 1
            timed_out = timed_out or answer.get("timedOut") is True
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
                          notices=tuple(ordered), pages_read=pages_read, timed_out=timed_out)

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

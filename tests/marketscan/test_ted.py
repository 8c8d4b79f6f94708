"""The TED client: the expert query it builds, the notices it maps, and how it behaves
against a TED that answers, pages, refuses, throttles, fails, hangs or is not there.

The client talks to a real HTTP server on 127.0.0.1 (tests/marketscan/fake_ted.py),
never to TED and never to a mock of requests.
"""
from __future__ import annotations

import re
import socket
import time
from datetime import date
from pathlib import Path

import pytest

from procure.marketscan.ted import (
    FIELDS,
    MAX_RETRY_WAIT,
    NOTICE_KINDS,
    Notice,
    ScanQuery,
    ScanQueryError,
    TedClient,
    TedRefused,
    TedUnreachable,
    build_expert_query,
    cpv_prefix,
    notice_from_ted,
    pick_language,
)
from tests.marketscan.fake_ted import FakeTed, Reply, fake_ted, page_of, ted_notice  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
# The TED Search API v3 field names and prior-information notice types that public
# clients are seen to use (the project's DOMAIN.md, "Open data and notices"): one unknown
# name in `fields` fails TED's whole request, so the client asks only for these.
# `links` is a field like the others in v3: asked for by name, or the answer lacks it.
TED_FIELDS = {"publication-number", "notice-title", "buyer-name", "buyer-country",
              "notice-type", "publication-date", "classification-cpv", "links"}
TED_PIN_TYPES = {"pin-only", "pin-buyer", "pin-cfc-standard", "pin-rtl", "pin-cfc-social",
                 "pin-tran"}
ALL_TYPES = ("pin-only pin-buyer pin-cfc-standard pin-rtl pin-cfc-social pin-tran "
             "cn-standard cn-social cn-desg "
             "can-standard can-social can-desg veat can-modif can-tran")


def _client(url: str, sleeps: list | None = None, **options) -> TedClient:
    """A client that records its waits instead of sleeping, so no test really waits."""
    return TedClient(url, sleep=(sleeps if sleeps is not None else []).append, **options)


def _numbered(first: int, count: int) -> list[dict]:
    return [ted_notice(f"{n}-2025", published=f"2025-{1 + n % 12:02d}-01+01:00")
            for n in range(first, first + count)]


# --- The expert query -----------------------------------------------------------------

def test_the_query_asks_for_the_codes_without_their_check_digits():
    query = ScanQuery(cpv_codes=("72000000-5", " 48000000 ", "72000000"))
    assert build_expert_query(query) == (
        "classification-cpv IN (72000000 48000000) "
        f"AND notice-type IN ({ALL_TYPES}) SORT BY publication-date DESC")


def test_every_filter_together_reads_as_ted_expects():
    query = ScanQuery(cpv_codes=("72000000-5", "48000000-8"), countries=("SWE", "DNK"),
                      published_from=date(2025, 1, 1), published_to=date(2025, 12, 31),
                      kinds=("prior_information",))
    assert build_expert_query(query) == (
        "classification-cpv IN (72000000 48000000) AND buyer-country IN (SWE DNK) "
        "AND notice-type IN (pin-only pin-buyer pin-cfc-standard pin-rtl pin-cfc-social pin-tran) "
        "AND publication-date>=20250101 AND publication-date<=20251231 "
        "SORT BY publication-date DESC")


@pytest.mark.parametrize(("codes", "widen_to", "clause"), [
    (("72212100-0",), "code", "classification-cpv IN (72212100)"),
    (("72212100-0",), "group", "classification-cpv=722*"),
    (("72212100-0",), "division", "classification-cpv=72*"),
    # A division widened to its group stays the division: widening never narrows.
    (("72000000-5",), "group", "classification-cpv=72*"),
    (("30000000-9",), "group", "classification-cpv=30*"),
    (("03000000-1",), "division", "classification-cpv=03*"),
    (("72212100", "72200000", "48000000"), "group",
     "(classification-cpv=722* OR classification-cpv=48*)"),
    # The division swallows the group, so it is asked for once.
    (("72212100", "72000000"), "group", "classification-cpv=72*"),
    (("72212100", "72600000", "48000000"), "division",
     "(classification-cpv=72* OR classification-cpv=48*)"),
])
def test_cpv_widening(codes, widen_to, clause):
    expert = build_expert_query(ScanQuery(cpv_codes=codes, widen_to=widen_to))
    assert expert.startswith(clause + " AND notice-type IN (")


def test_cpv_prefix_keeps_the_significant_digits():
    assert cpv_prefix("72212100", "group") == "722"
    assert cpv_prefix("72212100", "division") == "72"
    assert cpv_prefix("72000000", "group") == "72"
    assert cpv_prefix("45000000", "division") == "45"


def test_countries_are_sent_as_alpha3_and_only_once():
    expert = build_expert_query(ScanQuery(cpv_codes=("72000000",),
                                          countries=("se", "DK", "SWE", " no", "EL", "GR")))
    assert "AND buyer-country IN (SWE DNK NOR GRC) AND" in expert


def test_one_date_alone_bounds_one_side():
    expert = build_expert_query(ScanQuery(cpv_codes=("72000000",),
                                          published_from=date(2024, 6, 1)))
    assert "publication-date>=20240601" in expert
    assert "publication-date<=" not in expert
    expert = build_expert_query(ScanQuery(cpv_codes=("72000000",),
                                          published_to=date(2024, 6, 30)))
    assert expert.endswith("AND publication-date<=20240630 SORT BY publication-date DESC")


@pytest.mark.parametrize(("kinds", "types"), [
    (("award",), "can-standard can-social can-desg veat can-modif can-tran"),
    (("contract", "award", "contract"), ("cn-standard cn-social cn-desg can-standard "
                                         "can-social can-desg veat can-modif can-tran")),
])
def test_kinds_become_ted_notice_types(kinds, types):
    expert = build_expert_query(ScanQuery(cpv_codes=("72000000",), kinds=kinds))
    assert f"notice-type IN ({types})" in expert


@pytest.mark.parametrize(("query", "key", "swedish"), [
    (ScanQuery(cpv_codes=()), "no_cpv", "Ange minst en CPV-kod."),
    (ScanQuery(cpv_codes=("7200",)), "bad_cpv", "är ingen CPV-kod"),
    (ScanQuery(cpv_codes=("72000000-55",)), "bad_cpv", "är ingen CPV-kod"),
    (ScanQuery(cpv_codes=("IT services",)), "bad_cpv", "är ingen CPV-kod"),
    (ScanQuery(cpv_codes=("72000000",), widen_to="class"), "bad_widening", "Okänd breddning"),
    (ScanQuery(cpv_codes=("72000000",), countries=("XX",)), "bad_country", "ingen landskod"),
    (ScanQuery(cpv_codes=("72000000",), countries=("Sweden",)), "bad_country",
     "ingen landskod"),
    (ScanQuery(cpv_codes=("72000000",), published_from=date(2025, 2, 1),
               published_to=date(2025, 1, 1)), "bad_dates", "kommer före dess början"),
    (ScanQuery(cpv_codes=("72000000",), kinds=()), "no_kinds", "minst ett slags"),
    (ScanQuery(cpv_codes=("72000000",), kinds=("tender",)), "bad_kind", "Okänt slags"),
])
def test_a_query_that_cannot_be_asked_says_why_in_both_languages(query, key, swedish):
    with pytest.raises(ScanQueryError) as caught:
        build_expert_query(query)
    assert caught.value.key == key
    assert swedish in caught.value.text("sv")
    assert str(caught.value) == caught.value.text("en")
    assert str(caught.value) and str(caught.value) != caught.value.text("sv")


def test_the_same_day_may_start_and_end_the_period():
    day = date(2025, 3, 14)
    expert = build_expert_query(ScanQuery(cpv_codes=("72000000",), published_from=day,
                                          published_to=day))
    assert "publication-date>=20250314 AND publication-date<=20250314" in expert


def test_the_fields_asked_for_are_known_ted_fields():
    assert len(FIELDS) == len(set(FIELDS)) == 8
    assert set(FIELDS) == TED_FIELDS  # links included: the notices' links come from it
    assert TED_PIN_TYPES <= set(NOTICE_KINDS["prior_information"])


# --- Mapping notices --------------------------------------------------------------------

def test_titles_and_links_come_in_the_language_asked_for():
    raw = ted_notice("100-2025")
    swedish, english = notice_from_ted(raw, "sv"), notice_from_ted(raw, "en")
    assert swedish.title == "Meddelande 100-2025"
    assert english.title == "Notice 100-2025"
    assert swedish.url_html.endswith("/sv/notice/-/detail/100-2025")
    assert english.url_html.endswith("/en/notice/-/detail/100-2025")
    assert swedish.url_pdf == "https://ted.europa.eu/sv/notice/100-2025/pdf"


def test_english_then_any_language_stands_in_for_a_missing_one():
    raw = ted_notice("101-2025", title={"deu": "Bekanntmachung", "eng": "Notice"},
                     links={"html": {"DEU": "https://ted.europa.eu/de"}, "pdf": {"ENG": "https://ted.europa.eu/en"}})
    notice = notice_from_ted(raw, "sv")
    assert notice.title == "Notice"
    assert notice.url_html == "https://ted.europa.eu/de"
    assert notice.url_pdf == "https://ted.europa.eu/en"
    assert pick_language({"fin": ["Helsingin kaupunki"]}, "en") == "Helsingin kaupunki"
    assert pick_language({"swe": []}, "sv") == ""


def test_a_notice_is_mapped_field_by_field():
    raw = ted_notice("102-2025", notice_type="can-social", published="2025-03-14+01:00",
                     cpv=("72000000", "72200000", "72000000"),
                     buyer={"swe": ["Stockholms stad", "Region Stockholm"]}, country="SWE")
    assert notice_from_ted(raw, "sv") == Notice(
        publication_number="102-2025", title="Meddelande 102-2025",
        buyer_name="Stockholms stad; Region Stockholm", buyer_country="SWE", kind="award",
        notice_type="can-social", publication_date=date(2025, 3, 14),
        cpv_codes=("72000000", "72200000"),
        url_html="https://ted.europa.eu/sv/notice/-/detail/102-2025",
        url_pdf="https://ted.europa.eu/sv/notice/102-2025/pdf")


@pytest.mark.parametrize("raw", [
    {},
    {"publication-number": "103-2025", "notice-title": None, "publication-date": "soon",
     "notice-type": "brin-ecs", "buyer-name": "not a dict", "links": "none"},
    {"publication-number": ["103-2025"], "notice-title": "Plain title",
     "publication-date": ["2025-02-30+01:00"], "classification-cpv": "72000000",
     "buyer-country": "SWE", "links": {"html": None, "pdf": {"ENG": 5}}},
])
def test_an_odd_notice_is_mapped_rather_than_breaking_the_scan(raw):
    notice = notice_from_ted(raw, "sv")
    assert notice.publication_date is None
    assert notice.kind == "other"
    assert notice.url_html == notice.url_pdf == ""
    assert notice.title in ("", "103-2025", "Plain title")


def test_a_missing_title_falls_back_to_the_publication_number():
    notice = notice_from_ted(ted_notice("104-2025", title={}), "sv")
    assert notice.title == "104-2025"


# --- The client against a fake TED ------------------------------------------------------

def test_one_page_is_asked_for_as_ted_expects_and_mapped_newest_first(fake_ted):  # noqa: F811
    notices = [ted_notice("1-2025", published="2025-01-10+01:00", notice_type="cn-standard"),
               ted_notice("2-2025", published="2025-03-14+01:00"),
               ted_notice("3-2025", published="not a date", notice_type="corr")]
    ted = fake_ted([Reply(json=page_of(notices, total=3))])
    query = ScanQuery(cpv_codes=("72000000-5",), countries=("SE",))
    result = _client(ted.url).search(query, "sv")

    assert ted.paths == ["/v3/notices/search"]
    assert ted.requests == [{"query": build_expert_query(query), "fields": list(FIELDS),
                             "page": 1, "limit": 100, "scope": "LATEST"}]
    assert result.total == 3 and result.pages_read == 1
    assert [n.publication_number for n in result.notices] == ["2-2025", "1-2025", "3-2025"]
    assert [n.kind for n in result.notices] == ["prior_information", "contract", "other"]
    assert result.notices[0].title == "Meddelande 2-2025"


def test_several_pages_are_read_until_the_total_is_reached(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json=page_of(_numbered(0, 100), total=250)),
                    Reply(json=page_of(_numbered(100, 100), total=250)),
                    Reply(json=page_of(_numbered(200, 50), total=250))])
    result = _client(ted.url, page_size=100).search(ScanQuery(cpv_codes=("72000000",)))
    assert [body["page"] for body in ted.requests] == [1, 2, 3]
    assert {body["limit"] for body in ted.requests} == {100}
    assert result.total == 250 and result.pages_read == 3 and len(result.notices) == 250
    dates = [n.publication_date for n in result.notices]
    assert dates == sorted(dates, reverse=True)


def test_paging_stops_at_max_pages_and_still_reports_teds_total(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json=page_of(_numbered(0, 10), total=1000)),
                    Reply(json=page_of(_numbered(10, 10), total=1000))])
    result = _client(ted.url, page_size=10, max_pages=2).search(
        ScanQuery(cpv_codes=("72000000",)))
    assert len(ted.requests) == 2
    assert result.total == 1000 and len(result.notices) == 20 and result.pages_read == 2


def test_a_notice_met_on_two_pages_is_kept_once(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json=page_of(_numbered(0, 2), total=4)),
                    Reply(json=page_of(_numbered(1, 2), total=4))])
    result = _client(ted.url, page_size=2).search(ScanQuery(cpv_codes=("72000000",)))
    assert sorted(n.publication_number for n in result.notices) == ["0-2025", "1-2025",
                                                                     "2-2025"]


def test_an_empty_result(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json={"notices": [], "totalNoticeCount": 0})])
    result = _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)))
    assert result.total == 0 and result.notices == () and result.pages_read == 1
    assert len(ted.requests) == 1


@pytest.mark.parametrize(("body", "message"), [
    ({"message": "Unknown field 'buyer-town'", "status": 400}, "Unknown field 'buyer-town'"),
    ({"error": {"type": "QUERY_SYNTAX_ERROR", "message": "Syntax error at 'IN'"}},
     "Syntax error at 'IN'"),
    ({"errors": [{"detail": "Page out of range"}]}, "Page out of range"),
    ({}, ""),
])
def test_a_refused_query_carries_teds_own_message_and_is_not_retried(fake_ted, body,  # noqa: F811
                                                                     message):
    ted = fake_ted([Reply(status=400, json=body)])
    sleeps: list = []
    with pytest.raises(TedRefused) as caught:
        _client(ted.url, sleeps).search(ScanQuery(cpv_codes=("72000000",)))
    assert caught.value.message == message
    assert caught.value.status == 400
    assert len(ted.requests) == 1 and sleeps == []


def test_too_many_requests_is_retried_after_the_wait_ted_asks_for(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(status=429, json={"message": "slow down"}, headers={"Retry-After": "3"}),
                    Reply(json=page_of([ted_notice("1-2025")]))])
    sleeps: list = []
    result = _client(ted.url, sleeps).search(ScanQuery(cpv_codes=("72000000",)))
    assert sleeps == [3.0]
    assert len(ted.requests) == 2 and ted.requests[0] == ted.requests[1]
    assert [n.publication_number for n in result.notices] == ["1-2025"]


def test_a_long_retry_after_is_capped(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(status=429, headers={"Retry-After": "3600"}),
                    Reply(status=503, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
                    Reply(json=page_of([]))])
    sleeps: list = []
    _client(ted.url, sleeps, backoff=0.25).search(ScanQuery(cpv_codes=("72000000",)))
    # The HTTP-date form is not read: the second wait is our own back-off (0.25 * 2).
    assert sleeps == [MAX_RETRY_WAIT, 0.5]


def test_too_many_requests_every_time_makes_ted_unreachable(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(status=429)])
    with pytest.raises(TedUnreachable):
        _client(ted.url, retries=1).search(ScanQuery(cpv_codes=("72000000",)))
    assert len(ted.requests) == 2


def test_a_server_error_is_retried_with_exponential_back_off_then_given_up(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(status=500, json={"message": "boom"})])
    sleeps: list = []
    with pytest.raises(TedUnreachable, match="500"):
        _client(ted.url, sleeps, retries=2, backoff=0.5).search(
            ScanQuery(cpv_codes=("72000000",)))
    assert len(ted.requests) == 3
    assert sleeps == [0.5, 1.0]


def test_a_passing_server_error_is_ridden_out(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(status=502, body=b"<html>Bad gateway</html>"),
                    Reply(json=page_of([ted_notice("1-2025")]))])
    result = _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)))
    assert len(result.notices) == 1 and result.pages_read == 1


def test_a_hang_past_the_read_timeout_makes_ted_unreachable_quickly(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(delay=1.0, json=page_of([]))])
    started = time.monotonic()
    with pytest.raises(TedUnreachable, match="in time"):
        _client(ted.url, read_timeout=0.3).search(ScanQuery(cpv_codes=("72000000",)))
    assert time.monotonic() - started < 0.9
    assert len(ted.requests) == 1  # a timeout is not retried: the wait was paid once


@pytest.mark.parametrize("reply", [
    Reply(body=b'{"notices": [ {"publication-number": '),
    Reply(body=b"\xff\xfe not json"),
    Reply(json=["a", "list"]),
    Reply(json={"totalNoticeCount": 3}),
])
def test_an_answer_that_is_not_teds_makes_ted_unreachable(fake_ted, reply):  # noqa: F811
    ted = fake_ted([reply])
    with pytest.raises(TedUnreachable):
        _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)))


def test_nobody_listening_makes_ted_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list = []
    with pytest.raises(TedUnreachable, match="cannot be reached"):
        _client(f"http://127.0.0.1:{port}/v3/notices/search", sleeps,
                connect_timeout=0.5).search(ScanQuery(cpv_codes=("72000000",)))
    assert sleeps == []


def test_a_query_that_cannot_be_asked_never_reaches_ted(fake_ted):  # noqa: F811
    ted = fake_ted()
    with pytest.raises(ScanQueryError):
        _client(ted.url).search(ScanQuery(cpv_codes=("not a code",)))
    assert ted.requests == []


def test_a_session_given_to_the_client_is_used_and_left_open(fake_ted):  # noqa: F811
    import requests

    ted = fake_ted([Reply(json=page_of([]))])
    with requests.Session() as session:
        session.headers["User-Agent"] = "procure-test"
        _client(ted.url, session=session).search(ScanQuery(cpv_codes=("72000000",)))
        _client(ted.url, session=session).search(ScanQuery(cpv_codes=("72000000",)))
    assert len(ted.requests) == 2


@pytest.mark.parametrize("page_size", [0, 251])
def test_a_page_size_ted_would_refuse_is_refused_here(page_size):
    with pytest.raises(ValueError, match=re.escape("1 to 250")):
        TedClient("http://127.0.0.1:9/", page_size=page_size)


def test_the_fake_server_stops_when_its_block_ends():
    with FakeTed([Reply(json=page_of([]))]) as ted:
        _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)))
        url = ted.url
    with pytest.raises(TedUnreachable):
        _client(url, connect_timeout=0.5).search(ScanQuery(cpv_codes=("72000000",)))


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "https://evil.example/x",
                                 "http://ted.europa.eu/en/notice", "data:text/html,hi"])
def test_links_that_do_not_lead_into_ted_are_dropped(url):
    notice = notice_from_ted(ted_notice("1-2025", links={"html": {"ENG": url},
                                                         "pdf": {"ENG": url}}), "en")
    assert (notice.url_html, notice.url_pdf) == ("", "")


def test_a_search_stops_at_its_total_time(fake_ted):  # noqa: F811
    # Every page is full; with no time left after the first, the first is the answer.
    server = fake_ted([Reply(json=page_of([ted_notice(f"{n}-2025") for n in range(2)],
                                          total=10))])
    client = TedClient(server.url, page_size=2, max_pages=5, total_timeout=0)
    result = client.search(ScanQuery(cpv_codes=("72000000",)))
    assert result.pages_read == 1 and len(server.requests) == 1


# --- The request body against a strict stand-in of TED ----------------------------------

def test_every_kind_is_asked_for_as_ted_accepts_it(fake_ted):  # noqa: F811
    # The strict stand-in answers 400 to an unknown field, scope or notice type, as TED does.
    ted = fake_ted([Reply(json=page_of([ted_notice("1-2025", notice_type="veat"),
                                        ted_notice("2-2025", notice_type="pin-rtl")]))],
                   strict=True)
    result = _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)), "en")
    body = ted.requests[0]
    assert body["scope"] == "LATEST"  # one version per notice, not every correction
    assert "links" in body["fields"]
    types = set(body["query"].split("notice-type IN (")[1].split(")")[0].split())
    assert {"pin-rtl", "pin-cfc-social", "pin-tran", "veat", "can-modif", "can-tran"} <= types
    assert {n.publication_number: n.kind for n in result.notices} == {
        "1-2025": "award", "2-2025": "prior_information"}
    assert result.notices[0].url_html.startswith("https://ted.europa.eu/en/")
    assert not result.timed_out


@pytest.mark.parametrize("change, reason", [
    ({"fields": ["publication-number", "url"]}, "Unknown field 'url'"),
    ({"scope": "NEWEST"}, "Unknown scope 'NEWEST'"),
    ({"limit": 251}, "limit must be 0 to 250"),
    ({"query": "notice-type IN (pin-only pin-foo)"}, "Unknown notice type 'pin-foo'"),
])
def test_the_strict_stand_in_refuses_what_ted_refuses(fake_ted, change, reason):  # noqa: F811
    # So the test above can fail: a body TED would refuse gets TED's 400 with its reason.
    import requests

    ted = fake_ted([Reply(json=page_of([]))], strict=True)
    body = {"query": "classification-cpv IN (72000000)", "fields": ["publication-number"],
            "page": 1, "limit": 10, "scope": "LATEST", **change}
    response = requests.post(ted.url, json=body, timeout=5)
    assert response.status_code == 400 and reason in response.json()["message"]


def test_a_timed_out_answer_is_marked_incomplete(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json=page_of([ted_notice("1-2025")], total=1, timed_out=True))],
                   strict=True)
    result = _client(ted.url).search(ScanQuery(cpv_codes=("72000000",)))
    assert result.timed_out and [n.publication_number for n in result.notices] == ["1-2025"]


def test_a_time_out_on_a_later_page_marks_the_whole_list(fake_ted):  # noqa: F811
    ted = fake_ted([Reply(json=page_of(_numbered(1, 2), total=4)),
                    Reply(json=page_of(_numbered(3, 1), total=4, timed_out=True))], strict=True)
    result = _client(ted.url, page_size=2).search(ScanQuery(cpv_codes=("72000000",)))
    assert result.pages_read == 2 and result.timed_out

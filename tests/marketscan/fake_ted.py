"""A fake TED Search API on 127.0.0.1 that answers from a script and records what it got.

Use it as a context manager, which stops the server on the way out::

    with FakeTed([Reply(json=page_of([...], total=1))]) as ted:
        TedClient(ted.url).search(query)
        assert ted.requests[0]["page"] == 1

or through the ``fake_ted`` fixture factory (``from tests.marketscan.fake_ted import
fake_ted`` in a test module or conftest), which stops every server it started when the
test ends. The page tests of the app can point ``TED_API_URL`` at ``ted.url``.

Replies are served in order; once the script runs out, the last reply is repeated, so
"always 500" is a script of one.

``FakeTed(replies, strict=True)`` also checks each request body the way the Search API v3
does (:func:`body_problems`): an unknown field name, scope or notice type, a page or limit
out of range, gets TED's 400 with the reasons instead of the scripted reply.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import pytest


@dataclass
class Reply:
    """One scripted answer: a JSON body (``json``) or raw bytes (``body``)."""

    status: int = 200
    json: Any = None
    body: bytes | None = None
    delay: float = 0.0  # seconds to wait before answering (to provoke read timeouts)
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        return json.dumps(self.json if self.json is not None else {}).encode()


def ted_notice(number: str, *, title: dict | None = None, buyer: dict | None = None,
               country: str = "SWE", notice_type: str = "pin-only",
               published: str = "2025-03-14+01:00", cpv: tuple[str, ...] = ("72000000",),
               links: dict | None = None) -> dict[str, Any]:
    """A notice as TED returns it, with the fields procure asks for."""
    return {
        "publication-number": number,
        "notice-title": title if title is not None else {"eng": f"Notice {number}",
                                                          "swe": f"Meddelande {number}"},
        "buyer-name": buyer if buyer is not None else {"swe": ["Stockholms stad"]},
        "buyer-country": [country],
        "notice-type": notice_type,
        "publication-date": published,
        "classification-cpv": list(cpv),
        "links": links if links is not None else {
            "html": {"ENG": f"https://ted.europa.eu/en/notice/-/detail/{number}",
                     "SWE": f"https://ted.europa.eu/sv/notice/-/detail/{number}"},
            "pdf": {"ENG": f"https://ted.europa.eu/en/notice/{number}/pdf",
                    "SWE": f"https://ted.europa.eu/sv/notice/{number}/pdf"},
        },
    }


def page_of(notices: list[dict[str, Any]], total: int | None = None, *,
            timed_out: bool = False) -> dict[str, Any]:
    """A search answer holding ``notices``; ``total`` defaults to their number.
    ``timed_out`` is TED saying its search ran out of time (the list is incomplete)."""
    return {"notices": notices,
            "totalNoticeCount": len(notices) if total is None else total,
            "timedOut": timed_out}


# What the stand-in accepts, from the Search API v3 and the eForms notice-type code list
# (DOMAIN.md, "Open data and notices"). A name outside these fails TED's whole request.
TED_FIELDS = frozenset({"publication-number", "notice-title", "buyer-name", "buyer-country",
                        "notice-type", "publication-date", "classification-cpv", "links"})
TED_SCOPES = frozenset({"ALL", "LATEST", "ACTIVE"})
TED_NOTICE_TYPES = frozenset({
    "pin-only", "pin-buyer", "pin-rtl", "pin-tran", "pin-cfc-standard", "pin-cfc-social",
    "qu-sy", "cn-standard", "cn-social", "cn-desg", "subco", "veat", "can-standard",
    "can-social", "can-desg", "can-tran", "can-modif", "pmc", "compl", "corr",
})
TED_MAX_LIMIT = 250


def body_problems(body: Any) -> list[str]:
    """Why TED would refuse ``body`` (a decoded request body); [] when it would not."""
    if not isinstance(body, dict):
        return ["The body is not a JSON object"]
    problems = []
    if not isinstance(body.get("query"), str) or not body["query"].strip():
        problems.append("query is required")
    fields = body.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append("fields is required")
    else:
        problems += [f"Unknown field '{name}'" for name in fields if name not in TED_FIELDS]
    if body.get("scope", "ACTIVE") not in TED_SCOPES:
        problems.append(f"Unknown scope '{body.get('scope')}'")
    page, limit = body.get("page", 1), body.get("limit", 10)
    if not isinstance(page, int) or page < 1:
        problems.append("page must be 1 or more")
    if not isinstance(limit, int) or not 0 <= limit <= TED_MAX_LIMIT:
        problems.append(f"limit must be 0 to {TED_MAX_LIMIT}")
    for match in re.finditer(r"notice-type IN \(([^)]*)\)", str(body.get("query", ""))):
        problems += [f"Unknown notice type '{code}'" for code in match.group(1).split()
                     if code not in TED_NOTICE_TYPES]
    return problems


class FakeTed:
    """The server. ``url`` is its search address; ``requests`` the JSON bodies it got."""

    def __init__(self, replies: list[Reply] | None = None, *, strict: bool = False) -> None:
        self.replies = list(replies or [Reply(json=page_of([]))])
        self.strict = strict
        self.requests: list[Any] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v3/notices/search"

    def _next_reply(self) -> Reply:
        with self._lock:
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    fake.requests.append(json.loads(raw))
                except ValueError:
                    fake.requests.append(raw)
                fake.paths.append(self.path)
                problems = body_problems(fake.requests[-1]) if fake.strict else []
                reply = Reply(status=400, json={"message": "; ".join(problems)}) \
                    if problems else fake._next_reply()
                # Waiting on the event, not sleeping: stopping the server ends the wait.
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                payload = reply.payload()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (read timeout): nothing left to answer

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():  # shutdown() would wait forever for a loop never run
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@pytest.fixture
def fake_ted():
    """A factory: ``fake_ted([Reply(...), ...])`` starts a server, stopped after the test."""
    started: list[FakeTed] = []

    def _start(replies: list[Reply] | None = None, *, strict: bool = False) -> FakeTed:
        server = FakeTed(replies, strict=strict).start()
        started.append(server)
        return server

    yield _start
    for server in started:
        server.stop()

"""Two app servers, one PostgreSQL, one Redis: what README's "Running in production"
promises when the app is scaled out.

Two gunicorn processes (``wsgi:app``, production settings, the same ``SECRET_KEY``) are
started on two ports of 127.0.0.1 against the test database. A supplier signs in on one
and goes on with the same cookie on the other; a one-place meeting booked through one
is full on the other, where the next company is put on the waiting list; failed
sign-ins on both count against one limit, kept in Redis.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import requests

from procure.db import utcnow
from procure.dialogues import services, slots
from procure.dialogues.models import Booking, Slot
from procure.extensions import db
from tests.conftest import ACCOUNTS, ROOT, TOKEN_PATTERN, user_by_role
from tests.dialogues.participation import one_to_one

# The Redis databases these tests empty are one per machine: one worker runs them all.
pytestmark = pytest.mark.xdist_group("redis")

PASSWORD = "procure-demo-2026"
SECRET_KEY = "scale-out-test-key-shared-by-both-servers"
LOGIN_LIMIT = 6  # sign-in attempts per minute and address, across both servers
STARTUP_SECONDS = 60
TIMEOUT = 10  # seconds per request


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url(tmp_path):
    """REDIS_URL's server (database 13 of 127.0.0.1:6379 by default, emptied first), or a
    redis-server of the test's own when none answers there."""
    url = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/13")
    if _answers(url):
        redis.Redis.from_url(url).flushdb()
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(f"no Redis answers at {url} and redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port),
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not _answers(url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def app_server(database_url: str, redis_url: str, instance: Path):
    """``gunicorn -w 1 wsgi:app`` on a free port of 127.0.0.1, until the block ends."""
    port = _free_port()
    instance.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ, "PROCURE_ENV": "production", "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "PUBLIC_URL": "https://procure.example",
        "PROCURE_INSTANCE_PATH": str(instance),
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
        # The per-account brake would answer 429 first: this test is about the address limit.
        "ACCOUNT_BRAKE_AFTER": "100",
    }
    log = open(instance / "server.log", "wb")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--timeout", "60", "wsgi:app"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, process, instance / "server.log")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _wait_for_health(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet, or the worker still starting
        time.sleep(0.2)
    pytest.fail(f"no answer from {base}/healthz:\n{log.read_text(errors='replace')[-3000:]}")


class Browser(requests.Session):
    """A browser behind the load balancer's TLS: production cookies are "Secure", and the
    servers here speak plain HTTP, so each cookie is sent on as a browser would over
    HTTPS. Redirects are followed one by one, so a cookie set on the way is sent on."""

    def request(self, method, url, *args, allow_redirects=True, **kwargs):
        response = super().request(method, url, *args, allow_redirects=False, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        if allow_redirects and response.is_redirect:
            return self.request("GET", requests.compat.urljoin(url, response.headers["Location"]),
                                timeout=kwargs.get("timeout", TIMEOUT))
        return response


def _token(browser: requests.Session, url: str) -> str:
    match = TOKEN_PATTERN.search(browser.get(url, timeout=TIMEOUT).text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _sign_in(browser: requests.Session, base: str, role: str) -> None:
    response = browser.post(f"{base}/login", allow_redirects=False, timeout=TIMEOUT, data={
        "email": ACCOUNTS[role], "password": PASSWORD, "csrf_token": _token(browser, f"{base}/login")})
    assert response.status_code == 303, response.text[:500]
    language = browser.post(f"{base}/language", allow_redirects=False, timeout=TIMEOUT,
                            data={"lang": "en", "csrf_token": _token(browser, f"{base}/account")})
    assert language.status_code == 303


def _flash(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _one_place_slot(app) -> tuple[int, int]:
    """A one-place meeting in the demo's one-to-one dialogue, both suppliers registered."""
    with app.app_context():
        dialogue = one_to_one()
        slot = slots.add_slot(dialogue, utcnow() + timedelta(days=15), 30, 1,
                              user_by_role("officer"))
        for role in ("supplier", "other_supplier"):
            services.register(dialogue, user_by_role(role), "Kim Berg")
        db.session.commit()
        return dialogue.id, slot.id


@pytest.mark.postgres
def test_two_app_servers_share_sessions_bookings_and_limits(seeded, redis_url, tmp_path):
    database_url = seeded.config["SQLALCHEMY_DATABASE_URI"]
    if database_url.startswith("sqlite"):
        pytest.skip("two app servers need a shared PostgreSQL (set TEST_DATABASE_URL); "
                    "SQLite is one file on one host")
    dialogue_id, slot_id = _one_place_slot(seeded)
    with app_server(database_url, redis_url, tmp_path / "a") as first, \
            app_server(database_url, redis_url, tmp_path / "b") as second:
        supplier, other = Browser(), Browser()
        _sign_in(supplier, first, "supplier")

        # The cookie from the first server is a session on the second.
        account = supplier.get(f"{second}/account", allow_redirects=False, timeout=TIMEOUT)
        assert account.status_code == 200 and ACCOUNTS["supplier"] in account.text

        page = f"/dialogues/{dialogue_id}"
        booked = supplier.post(f"{second}/dialogues/slots/{slot_id}/booking", timeout=TIMEOUT,
                               data={"csrf_token": _token(supplier, f"{first}{page}")})
        assert booked.status_code == 200 and "The meeting is booked." in _flash(booked.text)

        _sign_in(other, second, "other_supplier")
        shown = other.get(f"{first}{page}", timeout=TIMEOUT).text
        assert "Join the waiting list" in shown and "Full" in _flash(shown)
        refused = other.post(f"{first}/dialogues/slots/{slot_id}/booking", timeout=TIMEOUT,
                             data={"csrf_token": _token(other, f"{second}{page}")})
        assert refused.status_code == 200
        assert "This meeting time is full" in _flash(refused.text)

        # Failed sign-ins from one address count once across both servers (Redis).
        posts = {first: 1, second: 1}  # the two sign-ins above
        guesser = Browser()
        status = None
        for attempt in range(2 * LOGIN_LIMIT + 2):
            server = (first, second)[attempt % 2]
            token = _token(guesser, f"{server}/login")
            status = guesser.post(f"{server}/login", allow_redirects=False, timeout=TIMEOUT,
                                  data={"email": ACCOUNTS["supplier"], "password": "wrong",
                                        "csrf_token": token}).status_code
            posts[server] += 1
            if status == 429:
                break
        assert status == 429, "the sign-in limit was never reached"
        # Each server alone saw no more attempts than the limit allows: only a shared
        # count can have refused this one.
        assert posts[server] <= LOGIN_LIMIT, posts

    with seeded.app_context():
        assert db.session.get(Slot, slot_id).booked == 1
        statuses = sorted(db.session.execute(db.select(Booking.status).filter_by(
            slot_id=slot_id)).scalars())
        assert statuses == ["booked", "waiting"]


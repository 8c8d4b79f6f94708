"""Texts kept for a while: in this process's memory, or in Redis when ``REDIS_URL`` is
set, where every app server finds them.

Only text goes in and comes out (the callers keep JSON and HTML): nothing read back is
ever unpickled, so whoever can write to a shared Redis can never run code; the public
HTML it keeps is signed (:func:`signed_text`), so it cannot be changed either, and a
figure changed there is at most a wrong figure. Keeping only saves work: a Redis that
cannot be reached, or answers too slowly, is a miss, and is left alone for
``PAUSE_SECONDS`` so the requests after it do not wait for it too.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager

import redis
from flask import Flask, current_app

log = logging.getLogger(__name__)

# Seconds a Redis gets to connect and to answer (REDIS_TIMEOUT_SECONDS), and to recover
# after failing.
REDIS_TIMEOUT = 0.5
PAUSE_SECONDS = 30
# Texts one process keeps at most, and their characters at most (public pages and API
# pages are tens of kilobytes each); the least recently used go first.
MEMORY_ITEMS = 500
MEMORY_CHARS = 16_000_000
# How long one computation may hold a key's turn, and how often a waiter looks again.
TURN_SECONDS = 30
TURN_POLL = 0.05


class MemoryStore:
    """This process's texts with their expiry, the least recently used dropped first."""

    def __init__(self, size: int = MEMORY_ITEMS, chars: int = MEMORY_CHARS):
        self._size = size
        self._chars = chars
        self._held = 0  # characters of the texts kept now
        self._items: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        # Each key's lock while someone holds or waits for its turn, with their count.
        self._turns: dict[str, list] = {}

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] <= time.monotonic():
                return None
            self._items.move_to_end(key)
            return item[1]

    def set(self, key: str, text: str, seconds: int) -> None:
        if len(text) > self._chars:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._held -= len(old[1])
            self._items[key] = (time.monotonic() + seconds, text)
            self._held += len(text)
            while len(self._items) > self._size or self._held > self._chars:
                self._held -= len(self._items.popitem(last=False)[1][1])

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held = 0

    @contextmanager
    def turn(self, key: str):
        """Hold ``key``'s turn in this process: one computation of a key at a time."""
        with self._lock:
            turn = self._turns.setdefault(key, [threading.Lock(), 0])
            turn[1] += 1
        try:
            if not turn[0].acquire(timeout=TURN_SECONDS):
                yield  # the holder is stuck: compute rather than wait for ever
                return
            try:
                yield
            finally:
                turn[0].release()
        finally:
            with self._lock:
                turn[1] -= 1
                if not turn[1]:  # nobody else waits: no lock stays behind per key
                    del self._turns[key]


class RedisStore:
    """Texts in Redis under ``prefix`` (one Redis may serve several instances)."""

    def __init__(self, url: str, prefix: str, timeout: float = REDIS_TIMEOUT):
        self._client = redis.Redis.from_url(url, socket_timeout=timeout,
                                            socket_connect_timeout=timeout)
        self._prefix = prefix
        self._paused_until = 0.0

    def _failed(self, error: Exception) -> None:
        log.warning("Redis unusable for kept values, computing for %d s: %s",
                    PAUSE_SECONDS, error)
        self._paused_until = time.monotonic() + PAUSE_SECONDS

    def get(self, key: str) -> str | None:
        if time.monotonic() < self._paused_until:
            return None
        try:
            value = self._client.get(self._prefix + key)
        except redis.RedisError as error:
            self._failed(error)
            return None
        try:
            return value.decode("utf-8") if value is not None else None
        except UnicodeDecodeError:  # not ours
            return None

    def set(self, key: str, text: str, seconds: int) -> None:
        if time.monotonic() < self._paused_until:
            return
        try:
            self._client.set(self._prefix + key, text.encode("utf-8"), ex=seconds)
        except redis.RedisError as error:
            self._failed(error)

    def clear(self) -> None:
        for key in self._client.scan_iter(self._prefix + "*"):
            self._client.delete(key)

    @contextmanager
    def turn(self, key: str):
        """Hold ``key``'s turn across every app server (``SET NX`` with an expiry, so a
        crashed holder frees it); a Redis that fails lets everybody compute."""
        name, token = f"{self._prefix}turn:{key}", secrets.token_hex(8)
        held = self._take_turn(name, token)
        try:
            yield
        finally:
            if held:
                self._release(name, token)

    def _take_turn(self, name: str, token: str) -> bool:
        deadline = time.monotonic() + TURN_SECONDS
        while time.monotonic() < deadline and time.monotonic() >= self._paused_until:
            try:
                if self._client.set(name, token, nx=True, ex=TURN_SECONDS):
                    return True
            except redis.RedisError as error:
                self._failed(error)
                return False
            time.sleep(TURN_POLL)
        return False

    def _release(self, name: str, token: str) -> None:
        try:
            # Only our own turn: after an expiry another server may hold the key now.
            if self._client.get(name) == token.encode():
                self._client.delete(name)
        except redis.RedisError as error:
            self._failed(error)


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        database = str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()
        prefix = f"procure:{hashlib.sha256(database).hexdigest()[:12]}:"
        app.extensions["procure.kept"] = RedisStore(
            url, prefix, app.config.get("REDIS_TIMEOUT_SECONDS", REDIS_TIMEOUT))
    else:
        app.extensions["procure.kept"] = MemoryStore()


def store() -> MemoryStore | RedisStore:
    """The current app's store."""
    return current_app.extensions["procure.kept"]


def signed_text(key: str, build: Callable[[], str], seconds: int) -> str:
    """The text kept under ``key``, or ``build()``'s, kept for ``seconds``: for HTML that
    goes into pages as it is. Kept texts are signed with the app's secret, so whoever
    can write to a shared Redis cannot put words into a page (a text whose signature
    fails is built again), and one request at a time builds a missing one, so that an
    expiry under load does not start sixteen builds."""
    kept = store()
    text = _verified(kept.get(key))
    if text is not None:
        return text
    with kept.turn(key):
        text = _verified(kept.get(key))  # built by the request that held the turn before us
        if text is None:
            text = build()
            kept.set(key, _signed(text), seconds)
    return text


def _mac(text: str) -> str:
    return hmac.new(current_app.secret_key.encode("utf-8"), text.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def _signed(text: str) -> str:
    return f"{_mac(text)}:{text}"


def _verified(kept: str | None) -> str | None:
    """A kept text whose signature holds; anything else is a miss."""
    if kept is None:
        return None
    mac, _, text = kept.partition(":")
    return text if hmac.compare_digest(mac, _mac(text)) else None

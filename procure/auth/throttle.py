"""A per-account brake on guessing: sign-in and password reset, counted by address.

Rate limits per client address do not cap guesses spread over many addresses at one
account. Here every failed sign-in for an e-mail address counts (whether or not it has
an account, so the brake tells nobody which addresses exist): after a few, each further
attempt waits twice as long as the one before (30 s, 1 min, 2 min, … at most an hour),
and the owner gets a mail when the brake first comes on. It never locks the owner out:
a browser the account has signed in from before skips the wait (a signed device
cookie), a password reset link works throughout, and a right password clears the count.
Counts live in the rate limiter's storage (Redis when several servers run); with the
rate limits switched off (``RATELIMIT_ENABLED = False``) there is none, and the brake is
off too.
"""
from __future__ import annotations

import hashlib
import time

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from procure.auth.services import normalise_email
from procure.extensions import limiter

WINDOW_SECONDS = 24 * 3600
DEVICE_COOKIE = "procure_device"
DEVICE_DAYS = 180


def _digest(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()[:32]


def _keys(kind: str, email: str) -> tuple[str, str]:
    digest = _digest(email)
    return f"account-brake:{kind}:count:{digest}", f"account-brake:{kind}:wait:{digest}"


def _storage():
    """The rate limiter's storage; None when the limits are switched off."""
    return limiter.storage if current_app.config.get("RATELIMIT_ENABLED", True) else None


def wait_seconds(kind: str, email: str) -> int:
    """How long attempts of ``kind`` ("sign_in", "reset") for ``email`` must still wait."""
    _count, wait = _keys(kind, email)
    storage = _storage()
    if storage is None or storage.get(wait) <= 0:
        return 0
    return max(1, int(storage.get_expiry(wait) - time.time()) + 1)


def note_attempt(kind: str, email: str) -> int:
    """Count a failed sign-in (or a reset asked for); returns how many in the window.

    From the configured number on, the next attempt waits ``base * 2**(n - after)``
    seconds, at most the configured maximum."""
    config = current_app.config
    count, wait = _keys(kind, email)
    storage = _storage()
    if storage is None:
        return 0
    attempts = storage.incr(count, WINDOW_SECONDS)
    after = config["ACCOUNT_BRAKE_AFTER"]
    if attempts >= after:
        delay = min(config["ACCOUNT_BRAKE_BASE_SECONDS"] * 2 ** (attempts - after),
                    config["ACCOUNT_BRAKE_MAX_SECONDS"])
        storage.clear(wait)
        storage.incr(wait, delay)
    return attempts


def forget(kind: str, email: str) -> None:
    """The owner got in (or chose a new password): the count starts again."""
    storage = _storage()
    for key in _keys(kind, email) if storage else ():
        storage.clear(key)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="procure-device")


def known_device(email: str) -> bool:
    """Whether this browser has signed in to the account of ``email`` before."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return False
    try:
        digests = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return False
    return isinstance(digests, list) and _digest(email) in digests


def remember_device(response: Response, email: str) -> None:
    """After a sign-in: this browser is the account's (at most five accounts kept)."""
    digests = []
    cookie = request.cookies.get(DEVICE_COOKIE)
    if cookie:
        try:
            loaded = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
            digests = [d for d in loaded if isinstance(d, str)] if isinstance(loaded, list) else []
        except BadSignature:
            digests = []
    digest = _digest(email)
    digests = ([digest] + [d for d in digests if d != digest])[:5]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(digests),
                        max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])

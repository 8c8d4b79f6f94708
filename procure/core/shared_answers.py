"""Public answers built once and kept briefly for everybody who is nobody in particular.

The public dialogue list, a dialogue's page, the feed and the dialogues API are the same
for every visitor who is not signed in and has not chosen a language: under load most of
their cost is building the same text again. :func:`shared_text` keeps such a text for
``PUBLIC_CACHE_SECONDS`` (in this process's memory, or in Redis when ``REDIS_URL`` is set,
signed with the app's secret: ``procure.core.kept.signed_text``), and lets one request at
a time build a missing one, so an expiry under load does not start sixteen. A signed-in
person, or a visitor who chose a language, always gets a fresh text.

Only texts without anything of the visitor in them may be kept: the layout around a page
(its language form's CSRF token, flashed messages) is rendered per request around the kept
part. What the city changes reaches anonymous visitors within ``PUBLIC_CACHE_SECONDS``;
the answers already tell shared caches they may keep them at least as long.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable

from flask import Response, current_app, g, make_response, request, session
from flask_login import current_user

from procure.core.kept import signed_text
from procure.i18n import current_language
from procure.pdf.cache import builder_version


def per_person() -> bool:
    """Whether the answer depends on who asks: a signed-in person's or a chosen language."""
    return current_user.is_authenticated or "lang" in session


def shared_text(build: Callable[[], str], *identity: Hashable) -> str:
    """``build()``, or the same text built in the last ``PUBLIC_CACHE_SECONDS`` for this
    view, language and ``identity`` (the parsed values the answer depends on: never the
    raw query string, so that no address a visitor makes up can stand in for another or
    fill the store), when nothing in it is per person."""
    seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
    if seconds <= 0 or per_person():
        return build()
    return signed_text(_key(identity), build, seconds)


def _key(identity: tuple) -> str:
    """The view, the page's language, what the answer depends on, and the version of the
    code (after an upgrade no server serves a page the old code built)."""
    address = f"{builder_version()}|{request.endpoint}|{current_language()}|{identity!r}"
    return "shared:" + hashlib.sha256(address.encode("utf-8")).hexdigest()


def unchanged_or(answer) -> Response:
    """``answer`` with an ETag of its content, or 304 Not Modified when the client's copy
    has that ETag: a reader that polls a list or a feed downloads it only when it changed.

    A page for nobody in particular may be kept by the browser (never by a shared cache:
    its forms carry this visitor's CSRF token); signed-in pages stay ``no-store``
    (``procure.core.security``) and get no ETag."""
    response = make_response(answer)
    if response.mimetype != "text/html":
        response.add_etag()
    elif not per_person():
        response.headers.setdefault("Cache-Control", "private, no-cache")
        response.set_etag(_page_etag(response.get_data()))
    return response.make_conditional(request)


def _page_etag(body: bytes) -> str:
    """The page's hash without its CSRF token, which Flask-WTF signs anew every second,
    but with the session's CSRF secret: a kept page's token works as long as the session
    that it was made for (tokens do not expire here, ``WTF_CSRF_TIME_LIMIT``), and a new
    session (after signing in or out) gets the page again."""
    token = g.get("csrf_token")
    if token:
        body = body.replace(token.encode(), b"")
    secret = str(session.get("csrf_token", "")).encode()
    return hashlib.sha256(body + b"|" + secret).hexdigest()[:32]

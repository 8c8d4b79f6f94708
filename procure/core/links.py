"""Absolute addresses built on the configured ``PUBLIC_URL``.

Links that leave the page (feeds, e-mail, open data) must not come from the request's
Host header: a client chooses that header, and a cache or a mail would carry its choice
to everybody else. The same address comes out of a request and of the command line.
"""
from __future__ import annotations

from typing import Any

from flask import current_app


def public_url(endpoint: str, **values: Any) -> str:
    """The full address of ``endpoint`` under ``PUBLIC_URL``."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path

"""Text from a request without the characters nobody types and nothing downstream takes.

NUL cannot be stored in PostgreSQL's text columns (psycopg refuses it, so a search or a
form with one pasted in answered 500), and NUL and the other C0 control characters but
tab, line feed and carriage return are not allowed in XML (the Atom feed, the SVG
charts). No keyboard types them: they come from pasted binary text or from scripts
probing the site. So they are dropped from the query string and the form fields of every
request before a view reads them, and every text the app keeps or searches for can be
stored and exported. Uploaded files are left alone.
"""
from __future__ import annotations

import re

from flask import request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

UNTYPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def without_untypable(text: str) -> str:
    """``text`` without the characters of ``UNTYPABLE``."""
    return UNTYPABLE.sub("", text)


def _cleaned(values: MultiDict) -> MultiDict:
    pairs = list(values.items(multi=True))
    if not any(UNTYPABLE.search(key) or UNTYPABLE.search(value) for key, value in pairs):
        return values
    return ImmutableMultiDict([(without_untypable(key), without_untypable(value))
                               for key, value in pairs])


def drop_untypable_characters() -> None:
    """Before each request: its query string and form fields, cleaned (see the module)."""
    request.args = _cleaned(request.args)
    if request.method in BODY_METHODS:
        request.form = _cleaned(request.form)

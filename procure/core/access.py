"""The mark on a view that anybody may open, signed in or not.

Each blueprint's guard (:func:`procure.auth.access.guard`) lets marked views through;
the mark lives here so pages that know nothing of accounts (the start page, health)
can carry it.
"""
from __future__ import annotations

from flask import current_app, request


def public(view):
    """Mark a view as open to everybody, signed in or not."""
    view.is_public = True
    return view


def is_public_view() -> bool:
    """True when the current request goes to a view marked :func:`public` (or static)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return request.endpoint == "static" or getattr(view, "is_public", False)

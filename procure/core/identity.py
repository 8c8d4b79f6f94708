"""The city's identity for the documents the app makes, from the configuration."""
from __future__ import annotations

from flask import current_app

from procure.pdf.style import Identity


def document_identity(case_number: str | None = "") -> Identity:
    """The city (``CITY_NAME``, ``CITY_LOGO``) with the case number a document is filed under."""
    config = current_app.config
    return Identity.of(config.get("CITY_NAME", ""), config.get("CITY_LOGO", ""), case_number)

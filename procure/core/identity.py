"""The city's identity for the documents the app makes, from the configuration."""
from __future__ import annotations

import functools
import logging

from flask import current_app

from procure.pdf.style import Identity, logo_problem

log = logging.getLogger(__name__)


def document_identity(case_number: str | None = "") -> Identity:
    """The city (``CITY_NAME``, ``CITY_LOGO``) with the case number a document is filed under."""
    config = current_app.config
    logo = config.get("CITY_LOGO", "")
    _warn_once(logo)
    return Identity.of(config.get("CITY_NAME", ""), logo, case_number)


@functools.lru_cache(maxsize=4)
def _warn_once(logo: str) -> None:
    # The documents are made without the logo; the log says why, once per process.
    problem = logo_problem(logo)
    if problem:
        log.warning("%s; the documents are printed without a logo", problem)

"""The dashboard's figures for one selection, computed together and kept for a while.

A department's figures read tens of thousands of needs, dialogues and registrations: on
a national instance that takes from a tenth of a second to a few seconds. They are
statistics read over quarters and years, so each selection's figures are computed once
and kept for ``FIGURES_CACHE_SECONDS`` (0 computes them on every request) in the figures
cache: each process's memory, or Redis when ``REDIS_URL`` is set, so that several app
servers compute a selection once between them. The page says when its figures were
computed. The page, its PDF and its CSV files read the same :class:`Figures`, so they
cannot disagree.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from flask import current_app
from redis.exceptions import RedisError

from procure.db import utcnow
from procure.extensions import cache
from procure.metrics import queries
from procure.metrics.queries import Filters, QuestionFigures, Share
from procure.pdf.cache import builder_version

log = logging.getLogger(__name__)

# The page and the PDF list the newest dialogues only; the CSV file has them all.
DIALOGUES_SHOWN = 50


@dataclass(frozen=True)
class Figures:
    """Every figure of the dashboard for one selection, as plain values."""

    computed_at: datetime
    median_days_to_approval: Decimal | None
    median_days_to_tender: Decimal | None
    innovation_value_sek: int
    dialogue_before_tender: Share
    sme_share: Share
    new_organisations: Share
    questions: QuestionFigures
    needs_by_status: tuple[tuple[str, int], ...]
    # The DIALOGUES_SHOWN newest published dialogues, and how many there are in all.
    newest_dialogues: tuple[tuple[str, int], ...]
    dialogue_count: int
    findings_by_quarter: tuple[tuple[str, int, Decimal], ...]
    pcp_funnel: tuple[tuple[int, int, int], ...]
    contract_terms: tuple[tuple[int, int, int], ...]
    procedures: tuple[tuple[str, int], ...]


def compute(filters: Filters) -> Figures:
    """Ask the database for every figure of the selection."""
    newest = tuple(queries.organisations_per_dialogue(filters, DIALOGUES_SHOWN))
    # Counted apart only when the list is full: small selections need no second query.
    total = queries.dialogue_count(filters) if len(newest) == DIALOGUES_SHOWN else len(newest)
    return Figures(
        computed_at=utcnow(),
        median_days_to_approval=queries.median_days_to_approval(filters),
        median_days_to_tender=queries.median_days_to_tender(filters),
        innovation_value_sek=queries.innovation_value_sek(filters),
        dialogue_before_tender=queries.dialogue_before_tender(filters),
        sme_share=queries.sme_share(filters),
        new_organisations=queries.new_organisations(filters),
        questions=queries.questions(filters),
        needs_by_status=tuple(queries.needs_by_status(filters)),
        newest_dialogues=newest,
        dialogue_count=total,
        findings_by_quarter=tuple(queries.findings_by_approval_quarter(filters)),
        pcp_funnel=tuple(queries.pcp_funnel(filters)),
        contract_terms=tuple(queries.contract_terms(filters)),
        procedures=tuple(queries.procedures(filters)),
    )


def _key(filters: Filters) -> str:
    """The selection's key, for the code this process runs: after an upgrade no server
    reads figures another version computed (and pickled)."""
    shape = ",".join(field.name for field in fields(Figures))
    version = hashlib.sha256(f"{builder_version()}|{shape}".encode()).hexdigest()[:16]
    return f"figures:{version}:{filters.year}:{filters.department_id}:{filters.cpv_division}"


def current(filters: Filters) -> Figures:
    """The selection's figures: kept ones while they are fresh, else computed now.

    A cache that cannot be reached (Redis down) costs time, never an answer."""
    seconds = current_app.config["FIGURES_CACHE_SECONDS"]
    if seconds <= 0:
        return compute(filters)
    key = _key(filters)
    try:
        kept = cache.get(key)
    except (RedisError, OSError) as error:
        log.warning("figures cache unreadable, computing: %s", error)
        kept = None
    if isinstance(kept, Figures):
        return kept
    figures = compute(filters)
    try:
        cache.set(key, figures, timeout=seconds)
    except (RedisError, OSError) as error:
        log.warning("figures cache unwritable: %s", error)
    return figures


def cache_config(config: dict) -> dict:
    """Flask-Caching's settings for the figures cache, from the app's settings."""
    if config["FIGURES_CACHE_SECONDS"] <= 0:
        return {"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True}
    if config.get("REDIS_URL"):
        # One Redis may serve several instances: each keeps to its own database's keys.
        instance = hashlib.sha256(str(config["SQLALCHEMY_DATABASE_URI"]).encode()).hexdigest()
        return {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": config["REDIS_URL"],
                "CACHE_KEY_PREFIX": f"procure:{instance[:12]}:",
                # A Redis that hangs must not hang the dashboard.
                "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}}
    return {"CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}

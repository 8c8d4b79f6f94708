"""The dashboard's figures for one selection, computed together and kept for a while.

A department's figures read tens of thousands of needs, dialogues and registrations: on
a national instance that takes from a tenth of a second to a few seconds. They are
statistics read over quarters and years, so each selection's figures are computed once
and kept for ``FIGURES_CACHE_SECONDS`` (0 computes them on every request) in the figures
store (:mod:`procure.core.kept`, as JSON): each process's memory, or Redis when
``REDIS_URL`` is set, so that several app servers compute a selection once between them.
The page says when its figures were computed. The page, its PDF and its CSV files read
the kept :class:`Figures`; without Redis each gunicorn worker keeps its own, so two
requests may show figures computed up to ``FIGURES_CACHE_SECONDS`` apart.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from flask import current_app

from procure.core import kept
from procure.db import utcnow
from procure.extensions import db
from procure.metrics import queries
from procure.metrics.loop import Budget, Decisions, LoopFigures, loop_figures
from procure.metrics.queries import Filters, QuestionFigures, Share
from procure.pdf.cache import builder_version

log = logging.getLogger(__name__)
T = TypeVar("T")

# The page and the PDF list the newest dialogues only; the CSV file has them all.
DIALOGUES_SHOWN = 50


@dataclass(frozen=True)
class Figures:
    """Every figure of the dashboard for one selection, as plain values."""

    computed_at: datetime
    median_days_to_approval: Decimal | None
    median_days_to_tender: Decimal | None
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
    # The innovation loop (ideas in, outcomes out) and the value on innovation routes.
    loop: LoopFigures


def compute(filters: Filters) -> Figures:
    """Ask the database for every figure of the selection. On PostgreSQL the figures of
    the dialogues are read on a connection of their own while this one reads the needs':
    a selection's first computation takes the longer of the two, not their sum."""
    dialogues = _beside(_dialogue_figures, filters)
    loop = loop_figures(filters)
    of_needs = dict(
        median_days_to_approval=queries.median_days_to_approval(filters),
        median_days_to_tender=queries.median_days_to_tender(filters),
        dialogue_before_tender=queries.dialogue_before_tender(filters),
        needs_by_status=tuple(queries.needs_by_status(filters)),
        findings_by_quarter=tuple(queries.findings_by_approval_quarter(filters)),
        pcp_funnel=tuple(queries.pcp_funnel(filters)),
        contract_terms=tuple(queries.contract_terms(filters)),
        procedures=tuple(queries.procedures(filters)))
    newest, total, organisations, questions = dialogues()
    return Figures(
        computed_at=utcnow(),
        sme_share=organisations.sme_share,
        new_organisations=organisations.new_organisations,
        questions=questions,
        newest_dialogues=newest,
        dialogue_count=total,
        loop=loop,
        **of_needs,
    )


def _dialogue_figures(filters: Filters) -> tuple:
    """The newest dialogues, how many there are, the organisations taking part and the
    questions asked."""
    newest = tuple(queries.organisations_per_dialogue(filters, DIALOGUES_SHOWN))
    # Counted apart only when the list is full: small selections need no second query.
    total = queries.dialogue_count(filters) if len(newest) == DIALOGUES_SHOWN else len(newest)
    return newest, total, queries.taking_part(filters), queries.questions(filters)


def _beside(work: Callable[[Filters], T], filters: Filters) -> Callable[[], T]:
    """``work(filters)`` in a thread of its own, on a connection of its own, on
    PostgreSQL; on SQLite (one file, one writer: nothing to gain) when its result is
    asked for. The returned function gives the result (or raises what ``work`` did)."""
    if db.engine.dialect.name != "postgresql":
        return lambda: work(filters)
    app = current_app._get_current_object()

    def in_context() -> T:
        with app.app_context():
            return work(filters)

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(in_context)
    pool.shutdown(wait=False)  # its thread ends with the work; the caller goes on meanwhile
    return future.result


def _key(filters: Filters) -> str:
    """The selection's key, for the code this process runs: after an upgrade no server
    reads figures another version computed."""
    shape = ",".join(field.name for field in fields(Figures))
    version = hashlib.sha256(f"{builder_version()}|{shape}".encode()).hexdigest()[:16]
    return f"figures:{version}:{filters.year}:{filters.department_id}:{filters.cpv_division}"


def _plain(value):
    """``value`` as JSON values, each kind that JSON lacks tagged with its name."""
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, Share | QuestionFigures | Decisions | Budget | LoopFigures):
        return {type(value).__name__: [_plain(getattr(value, f.name)) for f in fields(value)]}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


_TAGGED = {"decimal": Decimal, "datetime": datetime.fromisoformat,
           "Share": lambda values: Share(*values),
           "QuestionFigures": lambda values: QuestionFigures(*values),
           "Decisions": lambda values: Decisions(*values),
           "Budget": lambda values: Budget(*values),
           "LoopFigures": lambda values: LoopFigures(*values)}


def _typed(value):
    """The inverse of :func:`_plain`."""
    if isinstance(value, list):
        return tuple(_typed(item) for item in value)
    if isinstance(value, dict):
        (tag, inner), = value.items()
        return _TAGGED[tag](_typed(inner) if isinstance(inner, list) else inner)
    return value


def to_json(figures: Figures) -> str:
    return json.dumps({f.name: _plain(getattr(figures, f.name)) for f in fields(Figures)})


def from_json(text: str) -> Figures:
    """Figures from :func:`to_json`; ValueError (or a subclass) for any other text."""
    try:
        return Figures(**{name: _typed(value) for name, value in json.loads(text).items()})
    except (TypeError, KeyError, AttributeError, InvalidOperation) as error:
        raise ValueError(f"not kept figures: {error}") from error


def current(filters: Filters) -> Figures:
    """The selection's figures: kept ones while they are fresh, else computed now."""
    seconds = current_app.config["FIGURES_CACHE_SECONDS"]
    if seconds <= 0:
        return compute(filters)
    key = _key(filters)
    figures = _kept(key)
    if figures is not None:
        return figures
    # One computation per selection at a time: when kept figures expire under load, the
    # requests that arrive meanwhile wait for the first one's result instead of each
    # computing the same figures again.
    with kept.store().turn(key):
        figures = _kept(key)
        if figures is None:
            figures = compute(filters)
            kept.store().set(key, to_json(figures), seconds)
    return figures


def _kept(key: str) -> Figures | None:
    text = kept.store().get(key)
    if text is None:
        return None
    try:
        return from_json(text)
    except ValueError as error:  # damaged, or written by someone else
        log.warning("kept figures unreadable, computing: %s", error)
        return None

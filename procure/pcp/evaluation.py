"""Evaluating a phase: what is still missing, and the ranking. Pure module.

Each evaluator first declares, for every supplier of the phase, whether they have a
conflict of interest; a declared conflict takes them out of that supplier's evaluation.
Then each scores every remaining supplier on every criterion (0 to 5). A supplier's
weighted score by one evaluator is the sum of weight × score over the criteria divided
by 100, so it stays on the 0–5 scale; the ranking shows the mean over its evaluators and
the spread (highest minus lowest) between them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Missing:
    """``what``: "declaration", "scores" (of ``evaluator_id`` for the supplier), or
    "no_evaluator" (every evaluator declared a conflict with the supplier)."""

    what: str
    organisation_id: int
    evaluator_id: int | None = None


@dataclass(frozen=True)
class Ranked:
    organisation_id: int
    mean: Decimal | None
    spread: Decimal | None
    by_evaluator: Mapping[int, Decimal]


def missing(evaluator_ids: Sequence[int], organisation_ids: Sequence[int],
            criterion_ids: Sequence[int], conflicts: Mapping[tuple[int, int], bool],
            scored: Iterable[tuple[int, int, int]]) -> list[Missing]:
    """What keeps the evaluation of the suppliers from being complete (the caller checks
    that the phase has evaluators and criteria at all).

    ``conflicts`` maps (evaluator, organisation) to the declaration; ``scored`` holds
    (evaluator, organisation, criterion) for every score given.
    """
    given = set(scored)
    gaps = []
    for organisation in organisation_ids:
        declarations = [conflicts.get((evaluator, organisation)) for evaluator in evaluator_ids]
        for evaluator, declared in zip(evaluator_ids, declarations):
            if declared is None:
                gaps.append(Missing("declaration", organisation, evaluator))
            elif not declared and any((evaluator, organisation, criterion) not in given
                                      for criterion in criterion_ids):
                gaps.append(Missing("scores", organisation, evaluator))
        if evaluator_ids and all(declarations):
            gaps.append(Missing("no_evaluator", organisation))
    return gaps


def ranking(organisation_ids: Sequence[int], weights: Mapping[int, int],
            conflicts: Mapping[tuple[int, int], bool],
            scores: Iterable[tuple[int, int, int, int]]) -> list[Ranked]:
    """Suppliers by mean weighted score, best first (unscored ones last).

    ``weights`` maps criterion to weight; ``scores`` holds (evaluator, organisation,
    criterion, score). Scores of an evaluator with a declared conflict never count.
    """
    totals: dict[tuple[int, int], Decimal] = {}
    for evaluator, organisation, criterion, score in scores:
        if conflicts.get((evaluator, organisation)) is not False or criterion not in weights:
            continue
        key = (evaluator, organisation)
        totals[key] = totals.get(key, Decimal(0)) + Decimal(weights[criterion] * score) / 100
    ranked = []
    for organisation in organisation_ids:
        by_evaluator = {e: t.quantize(TWO_PLACES, ROUND_HALF_UP)
                        for (e, o), t in sorted(totals.items()) if o == organisation}
        values = list(by_evaluator.values())
        mean = (sum(values) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP) if values else None
        spread = (max(values) - min(values)) if values else None
        ranked.append(Ranked(organisation, mean, spread, by_evaluator))
    return sorted(ranked, key=lambda r: (r.mean is None, -(r.mean or 0), r.organisation_id))

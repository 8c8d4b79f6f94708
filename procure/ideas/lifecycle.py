"""The idea's triage, declared in one place. Pure module (no Flask).

submitted → under review → accepted (a need draft is made from it) | declined (with a
reason the submitter sees) | merged (into another idea or a need). An officer may also
decide straight from "submitted".
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.errors import Refused

STATES = ("submitted", "under_review", "accepted", "declined", "merged")
OPEN_STATES = ("submitted", "under_review")
DECIDED_STATES = ("accepted", "declined", "merged")


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    name: str
    needs_reason: bool = False  # the submitter is told why
    needs_target: bool = False  # merged into another idea or a need


TRANSITIONS = (
    Transition("submitted", "under_review", "review"),
    *(Transition(state, "accepted", "accept") for state in OPEN_STATES),
    *(Transition(state, "declined", "decline", needs_reason=True) for state in OPEN_STATES),
    *(Transition(state, "merged", "merge", needs_target=True) for state in OPEN_STATES),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class IdeaRefused(Refused):
    """A refused change to an idea; ``code`` names the reason."""


def check_transition(source: str, target: str) -> Transition:
    """The transition from ``source`` to ``target``, or IdeaRefused("not_allowed")."""
    try:
        return _BY_PAIR[(source, target)]
    except KeyError:
        raise IdeaRefused("not_allowed") from None


def transitions_from(state: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.source == state)


def is_open(state: str) -> bool:
    return state in OPEN_STATES

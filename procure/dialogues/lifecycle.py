"""The market dialogue's lifecycle, declared in one place. Pure module (no Flask).

draft → published → closed → reported; a draft or a published dialogue can be
cancelled (suppliers who registered are told).
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.errors import Refused


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    name: str


TRANSITIONS = (
    Transition("draft", "published", "publish"),
    Transition("published", "closed", "close"),
    Transition("closed", "reported", "report"),
    Transition("draft", "cancelled", "cancel"),
    Transition("published", "cancelled", "cancel"),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class DialogueRefused(Refused):
    """A refused change to a dialogue; ``code`` names the reason."""


class DialogueLifecycleError(DialogueRefused):
    """A step the dialogue's lifecycle does not have from its state."""

    def __init__(self, source: str, target: str):
        super().__init__("not_allowed", source=source, target=target)


def check_transition(source: str, target: str) -> Transition:
    """The transition from ``source`` to ``target``, or DialogueLifecycleError."""
    try:
        return _BY_PAIR[(source, target)]
    except KeyError:
        raise DialogueLifecycleError(source, target) from None


def transitions_from(state: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.source == state)

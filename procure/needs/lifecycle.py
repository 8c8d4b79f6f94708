"""The need's lifecycle, declared in one place. Pure module (no Flask).

draft → in review → approved → in market dialogue → in procurement → contracted →
closed; withdrawn from any open state. A reviewer can send a need back to draft, and an
approved need is reopened as a new draft version when it must change.
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.errors import Refused
from procure.needs.vocabulary import APPROVED_STATES, EDITABLE_STATES, OPEN_STATES


@dataclass(frozen=True)
class Transition:
    """One allowed step; ``name`` is the action people see ("submit", "approve"...)."""

    source: str
    target: str
    name: str
    needs_second_person: bool = False  # the author may not take this step (unless admin)
    new_version: bool = False  # the statement gets a new version number
    # What must be recorded with the step, on a form of its own ("tender": the notice;
    # "award": the winners, amount and period). Another domain provides the form.
    records: str | None = None
    # False for a step the app takes itself: a need enters market dialogue when its first
    # dialogue is published, never by a bare status change that leaves no dialogue.
    by_hand: bool = True


TRANSITIONS = (
    Transition("draft", "in_review", "submit"),
    Transition("in_review", "draft", "return"),
    Transition("in_review", "approved", "approve", needs_second_person=True),
    Transition("approved", "draft", "reopen", new_version=True),
    Transition("approved", "in_dialogue", "start_dialogue", by_hand=False),
    Transition("approved", "in_procurement", "start_procurement", records="tender"),
    Transition("in_dialogue", "in_procurement", "start_procurement", records="tender"),
    Transition("in_procurement", "contracted", "contract", records="award"),
    Transition("contracted", "closed", "close", records="decision"),
) + tuple(Transition(state, "withdrawn", "withdraw") for state in OPEN_STATES)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}


class LifecycleError(Refused):
    """A refused step; ``code`` says why: ``not_allowed`` or ``second_person``."""

    def __init__(self, code: str, source: str, target: str):
        super().__init__(code)
        self.source = source
        self.target = target


def transitions_from(state: str) -> tuple[Transition, ...]:
    """The steps open from ``state``, in declaration order."""
    return tuple(t for t in TRANSITIONS if t.source == state)


def check_transition(source: str, target: str, *, actor_is_author: bool,
                     actor_is_admin: bool) -> Transition:
    """Return the transition from ``source`` to ``target`` or raise LifecycleError."""
    transition = _BY_PAIR.get((source, target))
    if transition is None:
        raise LifecycleError("not_allowed", source, target)
    if transition.needs_second_person and actor_is_author and not actor_is_admin:
        raise LifecycleError("second_person", source, target)
    return transition


def missing_before_review(document) -> list[str]:
    """The parts a statement (a NeedDocument) still lacks before anyone may review it.

    A reviewer cannot judge a need without its problem, what it should achieve, what is
    required, what it is (main CPV code) and what it is worth.
    """
    missing = []
    if not document.problem.strip():
        missing.append("problem")
    if not document.outcomes:
        missing.append("outcomes")
    if not document.requirements:
        missing.append("requirements")
    if document.cpv_main is None:
        missing.append("cpv_main")
    if document.estimated_value_sek is None:
        missing.append("estimated_value_sek")
    return missing


def is_editable(state: str) -> bool:
    return state in EDITABLE_STATES


def is_approved(state: str) -> bool:
    return state in APPROVED_STATES

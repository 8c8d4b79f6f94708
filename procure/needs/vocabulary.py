"""The words of needs: their states and the named groups of them, what is bought and by
which procedure. Pure module.

Every module that asks "has this need been approved?" or "did it reach a tender?" reads
the group here instead of spelling the states out again. The values are the ones stored
in the database. The transitions between the states stay in
:mod:`procure.needs.lifecycle`; the procedures' rules and reasons in
:mod:`procure.needs.adviser`.
"""
from __future__ import annotations

from procure.catalogue import N_, texts

STATES = (
    "draft",
    "in_review",
    "approved",
    "in_dialogue",
    "in_procurement",
    "contracted",
    "closed",
    "withdrawn",
)
# States a need can be withdrawn from. A contracted need has a signed contract: it is
# followed up and closed, not withdrawn.
OPEN_STATES = ("draft", "in_review", "approved", "in_dialogue", "in_procurement")
EDITABLE_STATES = ("draft",)
# Not yet approved. A reopened need (a new version here) still stands as the version that
# was approved before it.
UNAPPROVED_STATES = ("draft", "in_review")
# From here on the statement is fixed text the market may rely on (no DRAFT watermark):
# the needs that have left the drafting table and were not withdrawn.
APPROVED_STATES = ("approved", "in_dialogue", "in_procurement", "contracted", "closed")
# A dialogue is about a need the city has approved and not yet put out to tender: its
# statement is what the market reads.
DIALOGUE_STATES = ("approved", "in_dialogue")
# Needs that reached a tender (the need's own procurement was published).
TENDERED_STATES = ("in_procurement", "contracted", "closed")
# Contracted: the work is bought; what follows is the contract's follow-up.
CONTRACTED_STATES = ("contracted", "closed")

# Translated on use.
STATUS_LABELS = {
    "draft": N_("Draft"), "in_review": N_("In review"), "approved": N_("Approved"),
    "in_dialogue": N_("In market dialogue"), "in_procurement": N_("In procurement"),
    "contracted": N_("Contracted"), "closed": N_("Closed"), "withdrawn": N_("Withdrawn"),
}


def status_label(status: str, language: str) -> str:
    """A need's status in ``language`` (the stored value itself when unknown)."""
    label = STATUS_LABELS.get(status)
    return texts(language)(label) if label else status


# What is bought; the EU threshold that applies depends on it.
CONTRACT_KINDS = ("supplies", "services", "works", "social")
# The routes to a contract the adviser weighs, in its order.
PROCEDURES = ("pilot", "pcp", "innovation_partnership", "competitive_dialogue",
              "open_functional")
# The routes that buy innovation ("open_functional" is an open procedure with functional
# requirements, not counted as innovation procurement).
INNOVATION_PROCEDURES = ("pilot", "pcp", "innovation_partnership", "competitive_dialogue")

# What an officer is alerted to (procure.needs.staff_alerts).
STAFF_ALERT_KINDS = ("review_requested", "need_approved", "need_returned", "question_asked",
                     "input_received")

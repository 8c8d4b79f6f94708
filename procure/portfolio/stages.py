"""An initiative's stage, from idea to result. Pure module (no Flask)."""
from __future__ import annotations

from procure.catalogue import N_

STAGES = {
    "idea": N_("Idea"),
    "need": N_("Need"),
    "dialogue": N_("Market dialogue"),
    "pcp": N_("PCP"),
    "tender": N_("Tender"),
    "contract": N_("Contract"),
    "follow_up": N_("Follow-up"),
    "scaled": N_("Scaled"),
    "stopped": N_("Stopped"),
}


def need_stage(status: str, *, has_pcp: bool, measured: bool, decision: str | None) -> str:
    """The stage of a need from its status and what it has: a need in procurement with a
    PCP plan runs its PCP; a contract with measurements is in follow-up; a closed need
    is scaled or stopped by its decision (continued as is: still followed up)."""
    if status in ("draft", "in_review", "approved"):
        return "need"
    if status == "in_dialogue":
        return "dialogue"
    if status == "in_procurement":
        return "pcp" if has_pcp else "tender"
    if status == "contracted":
        return "follow_up" if measured else "contract"
    if status == "withdrawn" or decision == "stopped":
        return "stopped"
    if decision == "scaled":
        return "scaled"
    return "follow_up"

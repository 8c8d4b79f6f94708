"""What a published case shows: the problem, what was bought and from whom, the
outcomes against their targets, the lessons and the consultation report."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import contains_eager

from procure.awards.models import Award, Tender
from procure.awards.services import award_of, tender_of
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.followup.models import ImplementationDecision
from procure.followup.services import OutcomeFollowUp, follow_up
from procure.needs.models import Need


@dataclass
class Case:
    need: Need
    decision: ImplementationDecision
    tender: Tender | None
    award: Award | None
    outcomes: list[OutcomeFollowUp]
    reports: list[Dialogue]


def published():
    """A select of the published decisions with their needs, the newest first."""
    return (db.select(ImplementationDecision)
            .join(Need, Need.id == ImplementationDecision.need_id)
            .where(ImplementationDecision.published_at.is_not(None), Need.status == "closed")
            .options(contains_eager(ImplementationDecision.need))
            .order_by(ImplementationDecision.published_at.desc(), ImplementationDecision.id))


def case_of(reference: str) -> Case | None:
    """The published case of a need, or None (unpublished cases are nobody's to see here)."""
    decision = db.session.execute(published().where(
        Need.reference == reference[:20])).scalar_one_or_none()
    if decision is None:
        return None
    need = decision.need
    reports = list(db.session.execute(db.select(Dialogue).filter_by(
        need_id=need.id, status="reported").order_by(Dialogue.id)).scalars())
    return Case(need=need, decision=decision, tender=tender_of(need), award=award_of(need),
                outcomes=follow_up(need, on=decision.decided_on), reports=reports)

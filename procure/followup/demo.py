"""A closed, followed-up and published case from ``data/seed/followup.json``: the
tender, award, targets, measurements and decision of a need the demo already closed.

Written as records, not through the services: the services take these steps only in
their order (a closed need takes no award), and the demo need is closed by its seed.
"""
from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from procure.awards.models import Award, AwardSupplier, Tender
from procure.awards.services import check_identifier
from procure.db import utcnow
from procure.extensions import db
from procure.followup.models import ImplementationDecision, Measurement, OutcomeTarget
from procure.needs.models import Need
from procure.needs.services import city_date


def load_demo_follow_up(seed_dir: Path) -> int:
    """Add the demo cases that are missing (a case is known by its need's decision)."""
    path = seed_dir / "followup.json"
    if not path.exists():
        return 0
    added = 0
    today = city_date(utcnow())
    for row in json.loads(path.read_text(encoding="utf-8")):
        need = db.session.execute(db.select(Need).filter_by(title=row["need"])).scalar_one()
        if db.session.execute(db.select(ImplementationDecision.id).filter_by(
                need_id=need.id)).first():
            continue
        db.session.add(Tender(need_id=need.id, **row["tender"]))
        terms = row["award"]
        start = today - timedelta(days=terms["starts_days_ago"])
        # The winner as the award form takes an unregistered one: its number checked.
        identifier = check_identifier(terms["winner_identifier"])
        db.session.add(Award(
            need_id=need.id, amount_sek=Decimal(terms["amount_sek"]),
            signed_on=today - timedelta(days=terms["signed_days_ago"]), starts_on=start,
            ends_on=start + timedelta(days=terms["contract_days"]), options=terms["options"],
            suppliers=[AwardSupplier(position=1, name=terms["winner_name"],
                                     country=identifier.country, identifier=identifier.key)]))
        for target in row["targets"]:
            outcome = need.outcomes[target["outcome"] - 1]
            db.session.add(OutcomeTarget(
                outcome_id=outcome.id, unit=target["unit"],
                baseline_value=Decimal(target["baseline"]), target_value=Decimal(target["target"]),
                target_on=start + timedelta(days=target["target_days_after_start"])))
            for days_ago, value, source, comment in target["measurements"]:
                db.session.add(Measurement(outcome_id=outcome.id,
                                           measured_on=today - timedelta(days=days_ago),
                                           value=Decimal(value), source=source,
                                           comment=comment))
        decided = row["decision"]
        db.session.add(ImplementationDecision(
            need_id=need.id, decision=decided["decision"], scale_count=decided["scale_count"],
            scale_unit=decided["scale_unit"], lessons=decided["lessons"],
            decided_on=today - timedelta(days=decided["days_ago"]),
            published_at=utcnow() if decided["published"] else None))
        added += 1
    db.session.flush()
    return added

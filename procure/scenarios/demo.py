"""Demo scenario sets (``data/seed/scenarios.json``): one need where four years is
enough, one where it is not."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from procure.auth.models import User
from procure.extensions import db
from procure.needs.models import Need
from procure.scenarios import services
from procure.scenarios.models import ContractScenario

DECIMALS = ("margin_percent", "improvement_percent", "discount_rate_percent")


def load_demo_scenarios(seed_dir: Path) -> int:
    """Add the scenario sets of needs that have none yet."""
    path = seed_dir / "scenarios.json"
    if not path.exists():
        return 0
    added = 0
    for entry in json.loads(path.read_text(encoding="utf-8")):
        need = db.session.execute(db.select(Need).filter_by(
            reference=entry["need"])).scalar_one_or_none()
        if need is None or db.session.execute(
                db.select(ContractScenario.id).filter_by(need_id=need.id)).first():
            continue
        actor = db.session.execute(db.select(User).filter_by(email=entry["by"])).scalar_one()
        chosen = None
        for values in entry["scenarios"]:
            values = {**values, **{name: Decimal(values[name]) for name in DECIMALS}}
            scenario = services.add_scenario(need, values, actor)
            if values["name"] == entry.get("chosen"):
                chosen = scenario
            added += 1
        db.session.flush()
        if chosen is not None:
            services.choose(need, chosen, justification=entry["justification"],
                            special_reasons=entry.get("special_reasons", ""), actor=actor)
    db.session.flush()
    return added

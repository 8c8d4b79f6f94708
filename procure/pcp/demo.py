"""Demo PCPs (``data/seed/pcp.json``): one in phase 2 with its history, one finished with
its follow-on procurement. Built through the services, as officers would, so the demo
obeys the same rules as real plans."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from procure.auth.models import User
from procure.catalogue import N_, texts
from procure.extensions import db
from procure.needs.models import Need
from procure.pcp import services
from procure.suppliers.models import SupplierOrganisation

DATES = ("planned_start", "planned_end", "actual_start", "actual_end")
JUSTIFICATION = N_("See the evaluation record of the phase.")


def load_demo_pcps(seed_dir: Path) -> int:
    path = seed_dir / "pcp.json"
    if not path.exists():
        return 0
    added = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        need = _one(Need, reference=row["need"])
        if services.plan_of(need) is None:
            _add_plan(need, row)
            added += 1
    db.session.flush()
    return added


def _one(model, **criteria):
    return db.session.execute(db.select(model).filter_by(**criteria)).scalar_one()


def _add_plan(need: Need, row: dict) -> None:
    officer = _one(User, email=row["by"])
    phases = [{**{k: v for k, v in phase.items() if k in services.PHASE_FIELDS},
               **{name: date.fromisoformat(phase[name]) for name in DATES if name in phase},
               "number": phase["number"]} for phase in row["phases"]]
    plan = services.save_plan(need, total_budget_sek=row["total_budget_sek"],
                              supplies_percent=Decimal(row["supplies_percent"]), phases=phases,
                              expected_version=None, actor=officer,
                              rights=row.get("rights"))
    db.session.flush()
    for data in row["phases"]:
        _run_phase(services.phase_of(plan, data["number"]), data, officer, need.language)
    if "follow_on" in row:
        follow_on = row["follow_on"]
        services.set_follow_on(plan, title=follow_on["title"], url=follow_on["url"],
                               published=date.fromisoformat(follow_on["published"]),
                               actor=officer)


def _run_phase(phase, data: dict, officer: User, language: str) -> None:
    organisations = {item["org"]: _one(SupplierOrganisation, identifier=item["org"])
                     for item in data.get("contracts", ())}
    for item in data.get("contracts", ()):
        services.add_contract(phase, organisations[item["org"]], amount_sek=item["amount_sek"],
                              signed_on=date.fromisoformat(item["signed_on"]),
                              deliverables=item["deliverables"], actor=officer)
    if "criteria" in data:
        services.set_criteria(phase, [tuple(c) for c in data["criteria"]], officer)
    evaluators = [_one(User, email=email) for email in data.get("evaluators", ())]
    for evaluator in evaluators:
        services.assign_evaluator(phase, evaluator, officer)
    db.session.flush()
    if "scores" not in data:
        return
    for index, evaluator in enumerate(evaluators):
        conflicted = set(data.get("conflicts", {}).get(evaluator.email, ()))
        services.declare(phase, evaluator, {organisations[o].id: o in conflicted
                                            for o in organisations}, "")
        db.session.flush()
        for org, scores in data["scores"].items():
            if org in conflicted:
                continue
            # The second evaluator is a little stricter, so the ranking shows a spread.
            given = {criterion.id: (max(0, score - index % 2 * (position % 2)),
                                    texts(language)(JUSTIFICATION))
                     for position, (criterion, score) in enumerate(zip(phase.criteria, scores))}
            services.save_scores(phase, evaluator, organisations[org].id, given)
    db.session.flush()
    gate = data["gate"]
    decided_on = date.fromisoformat(gate["decided_on"])
    services.decide_gate(phase, [organisations[o].id for o in gate["selected"]],
                         reasons=gate["reasons"], decided_on=decided_on, actor=officer,
                         today=decided_on)

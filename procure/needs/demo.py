"""Demo needs from ``data/seed/needs.json``, built through the same services as the UI."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from procure.auth.models import User
from procure.db import utcnow
from procure.departments.models import Department
from procure.extensions import db
from procure.needs import sections, services
from procure.needs.models import Need


def _user(email: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def load_demo_needs(seed_dir: Path) -> int:
    """Add the demo needs that are missing (a need is known by department and title)."""
    path = seed_dir / "needs.json"
    if not path.exists():
        return 0
    added = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        department = db.session.execute(
            db.select(Department).filter_by(code=row["department"])).scalar_one()
        content = row["content"]
        if db.session.execute(db.select(Need.id).filter_by(
                department_id=department.id, title=content["title"])).first():
            continue
        author = _user(row["author"])
        need = services.create_need(title=content["title"], department=department,
                                    officer=_user(row["officer"]), language=row["language"],
                                    actor=author, year=row.get("year"))
        sections.set_description(need, **content)
        need.timeline = content.get("timeline", "")
        need.estimated_value_sek = row["estimated_value_sek"]
        sections.set_procedure(need, **{name: row[name] for name in (
            "solution_exists", "development_needed", "will_buy_result", "contract_kind",
            "procedure", "procedure_reason")})
        sections.set_outcomes(need, content.get("outcomes", []))
        db.session.flush()
        sections.set_requirements(need, content.get("requirements", []))
        sections.set_cpv(need, main=[row["cpv_main"]] if row["cpv_main"] else [],
                         additional=row["cpv_additional"])
        services.finish_save(need, author, "description")
        # Dated as the seed says, so that the dashboard's durations mean something.
        now = utcnow()
        need.created_at = now - timedelta(days=row.get("created_days_ago", 0))
        for target, email, comment, *days_ago in row["history"]:
            services.change_status(need, target, _user(email), comment)
            if days_ago:
                need.status_changes[-1].at = now - timedelta(days=days_ago[0])
        added += 1
    db.session.flush()
    return added
